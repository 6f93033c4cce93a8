"""The report as files, read back as a user's program would: the workbook with openpyxl, the
PDF's text with pypdf, the HTML as text. Same release, same bytes; a suppressed cell is `<5`
everywhere and its exact number nowhere."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import openpyxl
import polars as pl
import pytest
from django.utils import translation
from pypdf import PdfReader

from fremdrift.reports.content import Figures, kommune_report, national_report
from fremdrift.reports.files import render

from .conftest import MONTH, RELEASE, row, suppressed_total


@pytest.fixture(autouse=True)
def danish() -> Iterator[None]:
    with translation.override("da"):
        yield


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def percent(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}".replace(".", ",") + " %"


def test_the_workbook_holds_real_numbers_with_formats_frozen_heads_and_definitions(
    figures: Figures, frame: pl.DataFrame
) -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(render(kommune_report(figures, RELEASE, "791"), "xlsx"))
    )
    assert book.sheetnames == [
        "Indikatorer",
        "Udvikling",
        "Herkomst",
        "Udbetaling",
        "Udgivelse",
        "Definitioner",
    ]
    sheet = book["Indikatorer"]
    assert sheet.freeze_panes == "A2"
    heads = [c.value for c in sheet[1]]
    assert heads[:6] == ["Nr.", "Nøgle", "Indikator", "Tæller", "Nævner", "Andel"]
    by_key = {r[1].value: r for r in sheet.iter_rows(min_row=2)}
    for key in ("jobformidler", "rehabilitering", "loentimer_eller_uddannelse"):
        expected = row(frame, "791", key)
        assert not expected["suppressed"]
        cells = by_key[key]
        assert (cells[3].value, cells[4].value) == (expected["numerator"], expected["denominator"])
        assert cells[3].number_format == "#,##0"
        assert isinstance(cells[5].value, float) and cells[5].number_format == "0.0%"
        assert cells[5].value == pytest.approx(expected["numerator"] / expected["denominator"])
    definitions = book["Definitioner"]
    assert definitions.freeze_panes == "A2"
    text = [c.value for r in definitions.iter_rows() for c in r if c.value]
    assert "Andel af indsatsgruppen i lønnede timer" in text
    assert any("Diskretionering" in str(t) for t in text)
    assert "2026.1" in text
    trend = book["Udvikling"]
    months = [r[1].value for r in trend.iter_rows(min_row=2) if r[0].value == "jobformidler"]
    assert months[0] == "2024-07" and months[-1] == MONTH and len(months) == 12


def test_the_national_workbook_has_every_municipality_and_the_totals(
    figures: Figures, frame: pl.DataFrame
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(national_report(figures, RELEASE), "xlsx")))
    sheet = book["Kommuner"]
    assert sheet.freeze_panes == "A2"
    rows = {r[1].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"Frederiksberg", "Hedensted", "Viborg", "Hele landet"}
    heads = [c.value for c in sheet[1]]
    col = heads.index("jobformidler: Tæller")
    national = row(frame, None, "jobformidler")
    assert rows["Hele landet"][col : col + 2] == [national["numerator"], national["denominator"]]
    assert rows["Viborg"][col + 1] == row(frame, "791", "jobformidler")["denominator"]


def test_the_pdf_shows_the_municipalitys_figures(figures: Figures, frame: pl.DataFrame) -> None:
    text = pdf_text(render(kommune_report(figures, RELEASE, "791"), "pdf"))
    assert "Månedsrapport 2025-06: Viborg" in text
    for key in ("jobformidler", "rehabilitering"):
        r = row(frame, "791", key)
        assert (
            f"{r['numerator']} {r['denominator']} {percent(r['numerator'], r['denominator'])}"
            in text
        )
    assert "revision 1" in text and "version 2026.1" in text
    assert "2025-07-10 09:30 UTC" in text  # the release's time, in UTC as it says
    # Every month of the trend is in a table, not only in the chart.
    assert re.search(r"^2024-07 \d+ \d+ \d+,\d %", text, re.M)


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_the_same_release_gives_the_same_bytes(figures: Figures, fmt: str) -> None:
    for report in (kommune_report(figures, RELEASE, "147"), national_report(figures, RELEASE)):
        assert render(report, fmt) == render(report, fmt)


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_a_suppressed_cell_is_marked_and_its_number_never_shown(
    figures: Figures, frame: pl.DataFrame, fmt: str
) -> None:
    hidden = suppressed_total(frame, "147")
    key, num, den = hidden["indicator"], hidden["numerator"], hidden["denominator"]
    report = kommune_report(figures, RELEASE, "147")
    data = render(report, fmt)
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        line = next(r for r in book["Indikatorer"].iter_rows(values_only=True) if r[1] == key)
        trend = next(
            r for r in book["Udvikling"].iter_rows(values_only=True) if r[:2] == (key, MONTH)
        )
        assert line[3:6] == ("<5", "<5", "<5") and trend[2:5] == ("<5", "<5", "<5")
        return
    if fmt == "html":
        text = data.decode()
        navn = next(i.info.navn for i in report.indicators if i.info.key == key)
        line = re.search(rf'<th scope="row">{re.escape(navn)}</th>(.*?)</tr>', text, re.S)
        section = text[text.index(f'id="udvikling-fsm2-{key}"') :]
        trend = re.search(rf'<th scope="row">{MONTH}</th>(.*?)</tr>', section, re.S)
        assert line is not None and trend is not None
        for cells in (line.group(1), trend.group(1)):
            assert re.findall(r"<td[^>]*>([^<]*)</td>", cells)[:3] == ["&lt;5"] * 3
        return
    # The PDF: the month's row of the trend tables shows the mark, never the exact pair.
    text = pdf_text(data)
    assert re.search(rf"^{MONTH} <5 <5 <5 ", text, re.M)
    assert not re.search(rf"^{MONTH} {num} {den} ", text, re.M)
    assert f"{num} {den} {percent(num, den)}" not in text


def test_the_national_table_marks_a_suppressed_municipality_figure(
    figures: Figures, frame: pl.DataFrame
) -> None:
    hidden = suppressed_total(frame, "147")
    key = hidden["indicator"]
    report = national_report(figures, RELEASE)
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["Kommuner"]
    heads = [c.value for c in sheet[1]]
    col = heads.index(f"{key}: Tæller")
    line = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "147")
    assert line[col : col + 3] == ("<5", "<5", "<5")
    html = render(report, "html").decode()
    cells = re.search(r'<th scope="row">Frederiksberg</th>(.*?)</tr>', html, re.S)
    assert cells is not None
    index = [i.key for i in report.indicators].index(key)
    shown = re.findall(r"<td[^>]*>(.*?)</td>", cells.group(1), re.S)[1 + index]
    assert re.sub(r"<[^>]+>", " ", shown).split() == ["&lt;5", "&lt;5", "/", "&lt;5"]
