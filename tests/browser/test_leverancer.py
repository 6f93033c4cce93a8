"""Leverancer in a real browser: STAR picks the month and sees all 98 municipalities, one
received, one rejected (CPR numbers in it) with its report a click away, the rest missing; a
project leader sees only their own municipality. Udgivelser, empty, is reachable from the menu."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FREMDRIFT, assert_accessible, screenshot, server_env


@pytest.fixture(scope="module")
def delivered(server_var: Path) -> str:
    """This month's deliveries received in the server's database: 147 pseudonymised, 791 not."""
    env = server_env(server_var)
    month = f"{date.today():%Y-%m}"
    key = server_var / "noegle.bin"
    key.write_bytes(b"0123456789abcdef0123456789abcdef")
    out = server_var / "star-147.zip"

    def run(*args: str) -> int:
        return subprocess.run([FREMDRIFT, *args], env=env, capture_output=True).returncode

    assert run("export", "--kommune", "147", str(out), "--pseudonymise", str(key)) == 0
    assert run("intake", str(out), "--month", month, "--by", "Jobcenter Frederiksberg") == 0
    assert run("intake", str(server_var / "levering"), "--month", month, "--kommune", "791") == 1
    return month


def test_star_sees_who_has_delivered(login: Callable[[str], Page], delivered: str) -> None:
    page = login("demo-star")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Leverancer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Leverancer {delivered}")
    expect(page.get_by_role("status")).to_have_text("1 af 98 har leveret, 1 er afvist, 96 mangler.")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(98)
    expect(rows.filter(has_text="Frederiksberg (147)")).to_contain_text("Modtaget")
    expect(rows.filter(has_text="Frederiksberg (147)")).to_contain_text("Jobcenter Frederiksberg")
    expect(rows.filter(has_text="Aarhus (751)")).to_contain_text("Mangler")
    assert_accessible(page)
    screenshot(page, "leverancer")

    # A month written another way is explained next to the field.
    page.get_by_label("Måned (ÅÅÅÅ-MM)").fill("juni")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("alert")).to_have_text("Skriv måneden som ÅÅÅÅ-MM, fx 2025-06.")
    assert_accessible(page)

    # Viborg's rejected delivery: its report, which says why.
    page.get_by_role("link", name=delivered).click()
    viborg = rows.filter(has_text="Viborg (791)")
    expect(viborg).to_contain_text("Afvist")
    viborg.get_by_role("link", name=re.compile("fejl")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kontrolrapport: Viborg")
    expect(page.locator("tbody")).to_contain_text("skal være pseudonymiseret")
    assert_accessible(page)
    screenshot(page, "leverancer-kontrolrapport")

    # Frederiksberg's versions for the month: the one received is the current one.
    page.get_by_role("link", name="Tilbage til leverancerne").click()
    page.get_by_role("link", name="Frederiksberg (147)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Leverancer fra Frederiksberg, {delivered}"
    )
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Gældende")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Udgivelser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udgivelser")
    assert_accessible(page)


def test_a_leader_sees_their_own_municipality(login: Callable[[str], Page], delivered: str) -> None:
    page = login("demo-projektleder-147")
    page.goto("/leverancer/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Frederiksberg (147)")
