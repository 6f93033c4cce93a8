"""Min sagsstamme in a real browser: a jobformidler opens their work list from the menu and
works the queue of overdue steps, with JavaScript (htmx swaps the list) and without."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, screenshot, sign_in

OVERDUE = re.compile(r"Overskredne frister")


def open_from_menu(page: Page) -> None:
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_role("link", name="Min sagsstamme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min sagsstamme")


def counter_value(counter: Locator) -> int:
    return int(counter.locator("strong").inner_text())


def rows(page: Page) -> Locator:
    return page.locator("table tbody tr")


def test_jobformidler_works_the_overdue_queue(login: Callable[[str], Page]) -> None:
    page = login("demo-jobformidler-147")
    open_from_menu(page)
    total = rows(page).count()
    assert total > 0, "the demo jobformidler has citizens"
    # Sorted by deadline by default, said to assistive technology too.
    expect(page.get_by_role("columnheader", name=re.compile("Frist"))).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert_accessible(page)
    screenshot(page, "sagsstamme")

    counter = page.get_by_role("link", name=OVERDUE)
    overdue = counter_value(counter)
    assert 0 < overdue < total, "the demo casework leaves some steps past their deadline"
    counter.click()
    expect(page).to_have_url(re.compile(r"overskredet=1"))
    expect(rows(page)).to_have_count(overdue)
    for i in range(overdue):
        # Overdue is written out, not shown by colour alone.
        expect(rows(page).nth(i)).to_contain_text("Overskredet")
    expect(page.get_by_role("link", name=OVERDUE)).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("status")).to_contain_text(f"af {total}")
    expect(page.get_by_label("Overskredet frist")).to_be_checked()
    # The CPR number is never whole on the page.
    assert not re.search(r"\b\d{6}-?\d{4}\b", page.locator("main").inner_html())
    assert_accessible(page)
    screenshot(page, "sagsstamme-overskredet")

    # A row leads to the citizen's page.
    rows(page).first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/borgere/\d+/$"))


def test_a_filter_applies_as_it_changes_and_the_table_fits_a_phone(
    login: Callable[[str], Page],
) -> None:
    page = login("demo-jobformidler-147")
    open_from_menu(page)
    total = rows(page).count()
    page.get_by_label("Trin", exact=True).select_option("3")
    expect(page).to_have_url(re.compile(r"trin=3"))
    expect(page.get_by_role("status")).to_contain_text(f"af {total}")
    n = rows(page).count()
    assert 0 < n < total
    for i in range(n):
        expect(rows(page).nth(i).locator("td").nth(1)).to_contain_text("3")
    page.set_viewport_size(VIEWPORTS["phone"])
    # The page itself never scrolls sideways; the table scrolls inside its wrapper.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def page_without_js(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=server,
        viewport=VIEWPORTS["desktop"],
        locale="da-DK",
        java_script_enabled=False,
    )
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_the_counters_and_sorting_are_plain_links(
    page_without_js: Page,
) -> None:
    page = page_without_js
    sign_in(page, "demo-jobformidler-147")
    open_from_menu(page)
    counter = page.get_by_role("link", name=OVERDUE)
    overdue = counter_value(counter)
    counter.click()
    expect(page).to_have_url(re.compile(r"overskredet=1"))
    expect(rows(page)).to_have_count(overdue)
    page.get_by_role("link", name="Næste kontakt").click()
    expect(page).to_have_url(re.compile(r"overskredet=1.*sort=kontakt"))
    expect(page.get_by_role("columnheader", name=re.compile("Næste kontakt"))).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(rows(page)).to_have_count(overdue)
