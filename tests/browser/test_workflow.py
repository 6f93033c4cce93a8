"""Issue 4's day at work, end to end in the browser: a jobformidler finds an overdue citizen in
Min sagsstamme, records a contact, moves the citizen on a step, and the work queues change."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_accessible

OVERDUE = re.compile(r"Overskredne frister")
NO_AGREEMENT = re.compile(r"Trin 3 uden aftale")
MOVE = re.compile(r"^Flyt til trin \d$")


def sagsstamme(page: Page) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Min sagsstamme"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min sagsstamme")


def counter(page: Page, name: re.Pattern[str]) -> int:
    link: Locator = page.get_by_role("link", name=name)
    return int(link.locator("strong").inner_text())


def test_an_overdue_citizen_is_contacted_and_moved_on_and_the_queues_follow(
    login: Callable[[str], Page],
) -> None:
    page = login("demo-jobformidler-147")
    sagsstamme(page)
    overdue, no_agreement = counter(page, OVERDUE), counter(page, NO_AGREEMENT)
    assert overdue > 0, "the demo casework leaves some steps past their deadline"

    page.get_by_role("link", name=OVERDUE).click()
    expect(page).to_have_url(re.compile(r"overskredet=1"))
    page.locator("table tbody tr").first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/borgere/\d+/$"))

    trin = page.get_by_role("region", name="Trin og kontakt", exact=True)
    contact = trin.get_by_role("form", name="Registrér en kontakt")
    contact.get_by_label("Form").select_option(label="Samtale")
    contact.get_by_label("Med hvem").fill("Borgeren selv")
    contact.get_by_role("button", name="Registrér kontakt").click()
    trin = page.get_by_role("region", name="Trin og kontakt", exact=True)
    expect(trin.get_by_role("status")).to_contain_text("er registreret")

    move = trin.get_by_role("button", name=MOVE)
    new_trin = int(move.inner_text()[-1])
    move.click()
    trin = page.get_by_role("region", name="Trin og kontakt", exact=True)
    expect(trin.get_by_role("status")).to_contain_text(f"Borgeren er på Trin {new_trin}")
    assert_accessible(page)

    sagsstamme(page)
    # The step that was overdue has a new deadline (trin 2) or none (trin 3).
    assert counter(page, OVERDUE) == overdue - 1
    expected_no_agreement = no_agreement + (1 if new_trin == 3 else 0)
    assert counter(page, NO_AGREEMENT) == expected_no_agreement
