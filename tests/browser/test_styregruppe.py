"""Styregruppe and Business case in a real browser: Viborg's projektleder records a meeting,
reads when the next is due, downloads the quarter's PDF, and enters a year's investment."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, screenshot


def test_projektleder_records_a_meeting_and_downloads_the_status(
    login: Callable[[str], Page],
) -> None:
    page = login("demo-projektleder-791")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_role("link", name="Styregruppe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Styregruppens status: Viborg")
    expect(page.get_by_role("table", name=re.compile(r"Tæller \S nævner og andel"))).to_be_visible()

    form = page.locator("form[action$='/moede/']")
    form.get_by_label("Noter").fill("Step-up-tilbuddene gennemgået med Misbrugscenter Viborg.")
    form.get_by_label("Beslutninger").fill("Sundhedscentret inviteres til næste møde.")
    form.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_text("Mødet er registreret.")).to_be_visible()
    expect(page.get_by_text("Step-up-tilbuddene gennemgået")).to_be_visible()
    # Viborg's steering group meets quarterly after the first half year: due in three months.
    expect(
        page.get_by_text(re.compile(r"Næste møde skal holdes senest \d+\. \w+ \d{4}\."))
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "styregruppe")

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent status som PDF").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Styregruppens status" in text and "Viborg" in text
    assert "Sundhedscentret inviteres til næste møde." in re.sub(r"\s+", " ", text)
    assert not re.search(r"\b\d{6}-?\d{4}\b", text), "no CPR number in the PDF"

    menu.get_by_role("link", name="Business case").click()
    page.get_by_label("År", exact=True).fill(str(date.today().year))
    page.get_by_label("Personale (kr.)", exact=True).fill("2400000")
    page.get_by_label("Øvrige udgifter (kr.)", exact=True).fill("150000")
    page.get_by_role("button", name="Gem investeringen").click()
    expect(page.get_by_text("Investeringen er gemt.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(rf"^{date.today().year}\b"))
    expect(row).to_contain_text("2.550.000 kr.")
    assert_accessible(page)
    screenshot(page, "business-case")
