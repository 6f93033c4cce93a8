"""Virksomheder in a real browser: the company network from the menu, by branche and by name;
registering a company, first with a mistyped CVR number (refused in Danish next to the field),
then with a good one; a project leader opens a company's agreements."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, screenshot

# Made up, with a valid modulus-11 check digit (and one typo of it).
GOOD_CVR = "31415926"
BAD_CVR = "31415927"


def open_from_menu(page: Page) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Virksomheder"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Virksomheder")


def test_jobformidler_finds_companies_and_registers_one(login: Callable[[str], Page]) -> None:
    page = login("demo-jobformidler-147")
    open_from_menu(page)
    overview = page.get_by_role("region", name="Brancher").locator("tbody tr")
    assert overview.count() > 1, "the demo companies come in several branches"
    assert_accessible(page)
    screenshot(page, "virksomheder")

    # A branche of the overview opens its companies, under one heading.
    groups = page.locator("th[scope='rowgroup']")
    first = overview.nth(1).get_by_role("rowheader").inner_text()
    overview.nth(1).get_by_role("rowheader").get_by_role("link").click()
    expect(groups).to_have_count(1)
    expect(groups).to_have_text(first)
    expect(page.get_by_label("Branche", exact=True)).to_have_value(first)

    # The same from the filter.
    page.get_by_label("Branche", exact=True).select_option(index=1)
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"branche="))
    expect(groups).to_have_count(1)

    # Register: a mistyped CVR number is refused in Danish next to the field.
    page.get_by_role("link", name="Registrér en virksomhed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér en virksomhed")
    page.get_by_label("CVR-nummer").fill(BAD_CVR)
    page.get_by_label("Navn").fill("Testbageriet ApS")
    page.get_by_label("Branche").fill("Fødevarer")
    page.get_by_role("button", name="Registrér").click()
    cvr = page.get_by_label("CVR-nummer")
    expect(cvr).to_have_attribute("aria-invalid", "true")
    described = cvr.get_attribute("aria-describedby") or ""
    error = page.locator("[id='id_cvr_error']")
    assert "id_cvr_error" in described.split()
    expect(error).to_contain_text("kontrolcifferet passer ikke")
    expect(page.get_by_label("Navn")).to_have_value("Testbageriet ApS")
    assert_accessible(page)
    screenshot(page, "virksomheder-fejl")

    cvr.fill(GOOD_CVR)
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testbageriet ApS")
    expect(page.get_by_text("er registreret")).to_be_visible()

    # And it is found by name.
    open_from_menu(page)
    page.get_by_label("Navn eller CVR-nummer").fill("testbager")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("rowheader", name="Testbageriet ApS")).to_be_visible()


def test_project_leader_opens_a_company_with_agreements(login: Callable[[str], Page]) -> None:
    page = login("demo-projektleder-147")
    open_from_menu(page)
    results = page.get_by_role("region", name="Virksomheder efter branche").locator(
        "tbody tr:has(td.app-number)"
    )
    counts = [results.nth(i).locator("td.app-number").inner_text() for i in range(results.count())]
    busy = next(i for i, n in enumerate(counts) if n and int(n) > 0)
    navn = results.nth(busy).get_by_role("rowheader").inner_text()
    results.nth(busy).get_by_role("rowheader").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(navn)
    agreements = page.get_by_role("region", name=re.compile("Åbne aftaler")).locator("tbody tr")
    expect(agreements).to_have_count(int(counts[busy]))
    expect(agreements.first).to_contain_text(re.compile(r"\d{6}-xxxx"))
    assert not re.search(r"\b\d{6}-?\d{4}\b", page.content())
    assert_accessible(page)
