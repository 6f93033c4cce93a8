"""Overblik in a real browser: a team leader opens it from the menu, follows a numerator to the
citizens behind it, and gets exactly as many as the figure said."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, screenshot


def test_team_leader_follows_a_figure_to_its_citizens(login: Callable[[str], Page]) -> None:
    page = login("demo-teamleder-147")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Overblik").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Overblik: Team")  # a team leader starts at their team
    expect(page.get_by_text(re.compile(r"Beregnet kl\. \d\d[.:]\d\d"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Indikatorerne i"))
    expect(table.locator("tbody tr")).to_have_count(8)  # the eight FSM2 indicators
    assert_accessible(page)
    screenshot(page, "overblik")

    numerators = table.locator("tbody tr td:nth-child(2) a")
    assert numerators.count() > 0, "the demo team has citizens in some numerator"
    link = numerators.first
    figure = int(re.match(r"[\d.]+", link.inner_text()).group().replace(".", ""))  # type: ignore[union-attr]
    link.click()

    expect(heading).to_have_text("Borgerne i tælleren")
    expect(page.locator("#tallet")).to_have_text(str(figure))
    expect(page.get_by_role("table", name=f"{figure} borgere")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "overblik-borgere")
    first_page = page.url
    # Every citizen behind the figure, a hundred a page: as many as the figure, each once.
    names: list[str] = []
    while True:
        rows = page.locator("#borgere tbody tr")
        names += rows.locator("a").evaluate_all("links => links.map(a => a.href)")
        # The CPR number is never whole on the page, and never in an address.
        assert not re.search(r"\b\d{6}-?\d{4}\b", page.locator("main").inner_html())
        assert not re.search(r"\d{10}", page.url)
        following = page.get_by_role("link", name="Næste side")
        if not following.count():
            break
        following.click()
    assert len(names) == len(set(names)) == figure

    # A name leads to the Borgerside.
    page.goto(first_page)
    page.locator("#borgere tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"/borgere/\d+/$"))

    # The level switch is a plain link: the whole job centre, no JavaScript needed.
    page.goto(first_page)
    page.get_by_role("link", name="Tilbage til Overblik").click()
    page.get_by_role("navigation", name="Niveau").get_by_role("link", name="Jobcenter").click()
    expect(heading).to_have_text(re.compile(r"Overblik: Frederiksberg"))


def test_projektleder_sets_a_goal_and_sees_it_beside_the_figure(
    login: Callable[[str], Page],
) -> None:
    page = login("demo-projektleder-147")
    page.goto("/overblik/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Overblik: Frederiksberg"))
    page.get_by_role("link", name="Sæt kommunens mål").click()
    field = page.get_by_label("Andel af indsatsgruppen i lønnede timer", exact=True)
    field.fill("101")
    page.get_by_role("button", name="Gem mål").click()
    expect(page.get_by_role("alert").first).to_contain_text("100")  # refused, with the reason
    assert_accessible(page)
    screenshot(page, "overblik-maal")
    page.get_by_label("Andel af indsatsgruppen i lønnede timer", exact=True).fill("22,5")
    page.get_by_role("button", name="Gem mål").click()
    expect(page.get_by_role("status")).to_contain_text("Kommunens mål er gemt")
    row = page.get_by_role("row", name=re.compile("^Andel af indsatsgruppen i lønnede timer"))
    expect(row).to_contain_text("22,5 %")
    chart = page.locator("#trend-loennede_timer svg")
    expect(chart).to_contain_text("Mål: 22,5 %")
