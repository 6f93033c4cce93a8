"""A user of one municipality cannot reach another municipality's citizen, not even by URL."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PASSWORD, VIEWPORTS, assert_accessible


def test_another_municipality_cannot_open_a_citizen_by_url(
    login: Callable[[str], Page], browser: Browser, server: str
) -> None:
    frederiksberg = login("demo-jobformidler-147")
    frederiksberg.goto("/borgere/")
    citizen_url = frederiksberg.locator("table a[href^='/borgere/']").first.get_attribute("href")
    assert citizen_url is not None and citizen_url.rstrip("/").split("/")[-1].isdigit()
    response = frederiksberg.goto(citizen_url)
    assert response is not None and response.status == 200

    context = browser.new_context(base_url=server, viewport=VIEWPORTS["desktop"], locale="da-DK")
    viborg = context.new_page()
    viborg.goto("/login/")
    viborg.get_by_label("Brugernavn").fill("demo-projektleder-791")
    viborg.get_by_label("Adgangskode").fill(PASSWORD)
    viborg.get_by_role("button", name="Log ind").click()
    viborg.wait_for_url("**/")
    response = viborg.goto(citizen_url)
    assert response is not None and response.status == 404
    expect(viborg.get_by_role("heading", level=1)).to_contain_text("findes ikke")
    assert "-xxxx" not in viborg.content()
    assert_accessible(viborg)
    context.close()
