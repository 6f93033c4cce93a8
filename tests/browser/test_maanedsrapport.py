"""Månedsrapport in a real browser: STAR sees every municipality in one table, sorts it by an
indicator without JavaScript, opens a municipality's report (published figures) and can
download it; a project leader lands on their own municipality's report."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FREMDRIFT, assert_accessible, screenshot, server_env


@pytest.fixture(scope="module")
def released(server_var: Path) -> str:
    """Last month released from both municipalities' pseudonymised deliveries (last month, so
    this month's deliveries in test_leverancer stay as that test expects them)."""
    env = server_env(server_var)
    today = date.today()
    last = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    month = f"{last:%Y-%m}"
    key = server_var / "rapport-noegle.bin"
    key.write_bytes(b"fedcba9876543210fedcba9876543210")

    def run(*args: str) -> None:
        result = subprocess.run([FREMDRIFT, *args], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    for kommune in ("147", "791"):
        out = server_var / f"rapport-{kommune}.zip"
        run("export", "--kommune", kommune, str(out), "--pseudonymise", str(key))
        run("intake", str(out), "--month", month)
    run("release", "--initiative", "fsm2", "--month", month)
    return month


def test_star_reads_the_national_report_and_a_municipality(
    login: Callable[[str], Page], released: str
) -> None:
    page = login("demo-star")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_role("link", name="Månedsrapport").click()
    page.get_by_role("textbox", name="Måned").fill(released)
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Månedsrapport {released}: hele landet"
    )
    table = page.locator("table.report-national")
    expect(table.locator("tbody tr")).to_have_count(98)
    expect(table.locator("tbody tr").filter(has_text="Aarhus")).to_contain_text("mangler")
    expect(table.locator("tfoot")).to_contain_text("Hele landet")
    assert_accessible(page)
    screenshot(page, "maanedsrapport-hele-landet")

    # Sorting is a link (a GET), so it works without JavaScript.
    table.get_by_role("link", name="1. jobformidler").click()
    expect(table.locator("th[aria-sort]")).to_contain_text("1. jobformidler")
    first = table.locator("tbody tr").first
    expect(first).not_to_contain_text("mangler")

    table.get_by_role("link", name="Frederiksberg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Månedsrapport {released}: Frederiksberg"
    )
    expect(page.get_by_text("Alle tal er diskretionerede")).to_be_visible()
    expect(page.locator("figure svg").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "maanedsrapport-kommune")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    assert download.value.suggested_filename == f"maanedsrapport-fsm2-{released}-147-r1.pdf"


def test_a_project_leader_lands_on_their_own_exact_report(
    login: Callable[[str], Page], released: str
) -> None:
    page = login("demo-projektleder-791")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Månedsrapport"
    ).click()
    page.get_by_role("textbox", name="Måned").fill(released)
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Månedsrapport {released}: Viborg")
    expect(page.get_by_text("Kommunens egne tal er præcise")).to_be_visible()
    expect(page.get_by_role("link", name="Til hele landet")).to_have_count(0)
