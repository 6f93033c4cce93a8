"""Benchmarks in a real browser: after `fremdrift jobindsats fetch` (against a local server in
jobindsats.dk's shapes), a team leader finds the country's and the municipality's figures."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FREMDRIFT, assert_accessible, screenshot, server_env
from tests.integrations.conftest import serve
from tests.integrations.test_jobindsats import KEY, v2_api


@pytest.fixture(scope="module")
def fetched(server_var: Path) -> None:
    env = server_env(server_var, FREMDRIFT_JOBINDSATS_KEY=KEY)
    with serve(v2_api) as jobindsats:
        done = subprocess.run(
            [FREMDRIFT, "jobindsats", "fetch", "--base-url", jobindsats.url,
             "--indicator", "loennede_timer", "--kommune", "147,791", "--from", "2024-01"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_team_leader_sees_the_benchmarks(login: Callable[[str], Page], fetched: None) -> None:
    page = login("demo-teamleder-147")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Benchmarks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benchmarks fra jobindsats.dk")
    rows = page.locator("tbody tr").filter(has_text="lønnede timer")
    # The latest month of each area, marts 2024: the country 12,5 %, Viborg not published (–).
    expect(rows.filter(has_text="Hele landet")).to_contain_text("12,5 %")
    expect(rows.filter(has_text="Hele landet")).to_contain_text("marts 2024")
    expect(rows.filter(has_text="Viborg (791)")).to_contain_text("–")
    assert_accessible(page)
    screenshot(page, "benchmarks")
