"""The leader screens in a real browser: a team leader places a citizen on a board and moves them
on with the button (htmx swaps the boards; the move is there after a reload), opens
Indsatsmodellen and follows a figure to exactly that many citizens, and looks at the caseloads.
axe at desktop and phone width, screenshots of the three screens."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, screenshot


def open_from_menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def board(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=re.compile(rf"^{name} \(\d+\)$"))


def test_team_leader_moves_a_citizen_between_boards(login: Callable[[str], Page]) -> None:
    page = login("demo-teamleder-147")
    open_from_menu(page, "Tavler")
    unplaced = page.get_by_role("region", name=re.compile(r"^Ikke placeret"))
    cards = unplaced.locator("tr.app-card")
    assert cards.count() > 0, "nobody has been placed on a board in the demo"
    # No whole CPR number anywhere on the boards.
    assert not re.search(r"\b\d{6}-?\d{4}\b", page.locator("main").inner_html())
    assert_accessible(page)
    screenshot(page, "tavler")

    card = cards.first
    card_id = card.get_attribute("id")
    name = card.get_by_role("link").first.inner_text()
    card.get_by_label("Flyt til").select_option(label="På vej")
    card.get_by_role("button", name=re.compile(r"^Placér")).click()
    expect(page.get_by_role("status").first).to_contain_text("er flyttet til På vej")
    expect(board(page, "På vej").locator(f"#{card_id}")).to_be_visible()

    page.reload()
    moved = board(page, "På vej").locator(f"#{card_id}")
    expect(moved).to_be_visible()
    expect(unplaced.locator(f"#{card_id}")).to_have_count(0)
    # On a phone the boards stack (a card on one now): the page itself never scrolls sideways.
    page.set_viewport_size(VIEWPORTS["phone"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(VIEWPORTS["desktop"])
    # On again to "på spring" with the button, then the history lists both moves.
    moved.get_by_label("Flyt til").select_option(label="På spring")
    moved.get_by_role("button", name=re.compile(r"^Flyt")).click()
    expect(board(page, "På spring").locator(f"#{card_id}")).to_be_visible()
    page.reload()
    spring = board(page, "På spring").locator(f"#{card_id}")
    expect(spring).to_contain_text("fra På vej")
    history = page.get_by_role("region", name="Seneste flytninger")
    expect(history.locator("tbody tr").first).to_contain_text(name)
    expect(history.locator("tbody tr").first).to_contain_text("På spring")
    assert_accessible(page)
    screenshot(page, "tavler-flyttet")

    # With a mouse: drag the card to another board; the same form is posted.
    spring.drag_to(board(page, "På længere sigt"))
    expect(board(page, "På længere sigt").locator(f"#{card_id}")).to_be_visible()
    page.reload()
    expect(board(page, "På længere sigt").locator(f"#{card_id}")).to_contain_text("fra På spring")


def test_team_leader_follows_an_indsatsmodellen_figure(login: Callable[[str], Page]) -> None:
    page = login("demo-teamleder-147")
    open_from_menu(page, "Indsatsmodellen")
    expect(page.locator("figure svg")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "indsatsmodellen")
    link = page.get_by_role("link", name=re.compile(r"^\d+ borgere: Trin 2"))
    count = int(link.inner_text())
    assert count > 0
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trin 2: på vej mod job")
    expect(page.locator("table tbody tr")).to_have_count(count)
    assert_accessible(page)

    open_from_menu(page, "Sagsstammer")
    expect(page.get_by_role("table", name="Sagsstamme pr. jobformidler")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "sagsstammer")
