"""The Borgerside in a real browser: a jobformidler opens a citizen from the list, records a
contact, moves them to the next step, registers an agreement of paid hours (the company typed, taken
from the suggestions; first with 80 hours a week, refused in Danish next to the field) and then
last month's hours; each shows on the page, and the page passes axe after each state."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_accessible, screenshot

TODAY = datetime.now(ZoneInfo("Europe/Copenhagen")).date()
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
MONTHS = "januar februar marts april maj juni juli august september oktober november december"


def dk(d: date) -> str:
    return f"{d:%d.%m.%Y}"


def month_name(d: date) -> str:
    return f"{MONTHS.split()[d.month - 1]} {d.year}"


def open_a_citizen_with_a_next_step(page: Page) -> str:
    """From the list, the first citizen who is not on the last step yet; their page's URL."""
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Borgere").click()
    links = page.get_by_role("table").get_by_role("link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 15))]
    for href in hrefs:
        assert href is not None
        page.goto(href)
        if page.get_by_role(
            "button", name=re.compile(r"^(Flyt til trin \d|Start trin 1)$")
        ).count():
            return href
    raise AssertionError("no citizen in the first rows of the list can move to a next step")


def section(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


def agreement_ids(page: Page) -> set[str]:
    ids = page.locator("article.app-aftale").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-labelledby'))"
    )
    return set(ids)


def test_a_jobformidler_works_a_case_on_the_borgerside(login: Callable[[str], Page]) -> None:
    page = login("demo-jobformidler-147")
    open_a_citizen_with_a_next_step(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not re.search(r"\b\d{6}-?\d{4}\b", page.content()), "a whole CPR number is shown"
    timeline = section(page, "Forløbet")
    expect(timeline.get_by_role("list")).to_be_visible()
    assert_accessible(page)

    # A contact: the section is swapped in place and the timeline gets it too.
    trin = section(page, "Trin og kontakt")
    contact = trin.get_by_role("form", name="Registrér en kontakt")
    contact.get_by_label("Form").select_option(label="Telefon")
    contact.get_by_label("Med hvem").fill("Borgeren selv")
    contact.get_by_role("button", name="Registrér kontakt").click()
    trin = section(page, "Trin og kontakt")
    expect(trin.get_by_role("status")).to_contain_text(
        f"Kontakten (telefon) den {dk(TODAY)} er registreret."
    )
    expect(
        trin.get_by_role("row", name=re.compile(f"{dk(TODAY)} Telefon Borgeren selv"))
    ).to_be_visible()
    expect(section(page, "Forløbet")).to_contain_text("Kontakt: Telefon")
    assert_accessible(page)

    # The next step, with its new deadline.
    move = trin.get_by_role("button", name=re.compile(r"^(Flyt til trin \d|Start trin 1)$"))
    label = move.inner_text()
    new_trin = 1 if label == "Start trin 1" else int(label[-1])
    move.click()
    trin = section(page, "Trin og kontakt")
    status = trin.get_by_role("status")
    expect(status).to_contain_text(f"Borgeren er på Trin {new_trin}")
    expect(status).to_contain_text("Ny frist:" if new_trin < 3 else "Trinnet har ingen frist.")
    expect(trin.locator("dl")).to_contain_text(f"Trin {new_trin}:")
    expect(section(page, "Forløbet")).to_contain_text(f"Trin: Trin {new_trin}")
    assert_accessible(page)

    # An agreement of paid hours: 80 hours a week is refused next to the field, input kept.
    aftaler = section(page, "Aftaler med virksomheder")
    before = agreement_ids(page)
    aftaler.get_by_text("Registrér en aftale", exact=True).click()
    form = aftaler.locator("form", has=page.get_by_role("button", name="Registrér aftale"))
    form.get_by_label("Type").select_option(label="Lønnede timer")
    # The company is typed; as one types, htmx fills the field's list with suggestions, each
    # the name and the CVR number, which is what the field takes.
    field = form.get_by_role("combobox", name=re.compile("^Virksomhed"))
    field.press_sequentially("a")
    suggestions = form.locator(f"datalist#{field.get_attribute('list')} option")
    expect(suggestions.first).to_be_attached()
    assert 1 <= suggestions.count() <= 10
    company = suggestions.first.get_attribute("value")
    assert company and re.search(r" \(CVR \d{8}\)$", company), company
    field.fill(company)
    form.get_by_label("Timer pr. uge").fill("80")
    form.get_by_label("Opgaver").fill("Opvask og klargøring")
    form.get_by_label("Start", exact=True).fill(LAST_MONTH.isoformat())
    form.get_by_role("button", name="Registrér aftale").click()
    aftaler = section(page, "Aftaler med virksomheder")
    hours = aftaler.get_by_label("Timer pr. uge")
    expect(hours).to_have_attribute("aria-invalid", "true")
    error_id = hours.get_attribute("aria-describedby")
    assert error_id
    expect(page.locator(f"#{error_id}")).to_have_text(
        "Fejl: Timer pr. uge skal være mellem 0 og 37."
    )
    expect(hours).to_have_value("80")
    expect(aftaler.get_by_label("Opgaver")).to_have_value("Opvask og klargøring")
    expect(aftaler.get_by_role("combobox", name=re.compile("^Virksomhed"))).to_have_value(company)
    assert agreement_ids(page) == before
    assert_accessible(page)

    hours.fill("10")
    aftaler.get_by_role("button", name="Registrér aftale").click()
    aftaler = section(page, "Aftaler med virksomheder")
    expect(aftaler.get_by_role("status")).to_contain_text(
        f"Aftalen (lønnede timer) fra {dk(LAST_MONTH)} er registreret."
    )
    new = agreement_ids(page) - before
    assert len(new) == 1
    article = page.locator(f"article[aria-labelledby='{new.pop()}']")
    expect(article.get_by_role("heading")).to_have_text(
        f"Lønnede timer hos {company.split(' (CVR')[0]}"
    )
    expect(article).to_contain_text("10 (ca. 43,3 timer pr. måned)")
    expect(section(page, "Forløbet")).to_contain_text("Aftale: Lønnede timer hos")
    assert_accessible(page)

    # Last month's hours: the figure in the table and on the chart.
    article.get_by_role("combobox", name=re.compile("^Måned")).select_option(
        label=month_name(LAST_MONTH)
    )
    article.get_by_label("Timer i måneden").fill("38,5")
    article.get_by_role("button", name="Registrér timer").click()
    aftaler = section(page, "Aftaler med virksomheder")
    expect(aftaler.get_by_role("status")).to_contain_text(
        f"38,5 timer i {month_name(LAST_MONTH)} er registreret."
    )
    article = aftaler.locator("article.app-aftale").filter(has_text="38,5")
    expect(article.get_by_role("row", name=f"{month_name(LAST_MONTH)} 38,5")).to_be_visible()
    expect(article.get_by_role("img", name=re.compile("Timer pr. måned i aftalen"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "borgerside")
