"""The first minutes of a working day: log in, see the front page, and nothing of others'."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, screenshot


def test_login_page_is_accessible(page: Page) -> None:
    page.goto("/login/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "login")


def test_jobformidler_lands_on_the_front_page(login: Callable[[str], Page]) -> None:
    page = login("demo-jobformidler-147")
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_visible()
    expect(page.get_by_text("Frederiksberg").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "forside")


def test_wrong_password_says_so_in_danish(page: Page) -> None:
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill("demo-jobformidler-147")
    page.get_by_label("Adgangskode").fill("forkert-kodeord")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("adgangskode", re.IGNORECASE))
    assert_accessible(page)
