"""The report as a workbook: one sheet per table, real numbers with number formats, frozen
header rows, the definitions on a sheet of their own.

A suppressed cell holds the text `<5` (never its number); a missing figure is an empty cell.
The workbook's creation time is the release's, so the same release gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from fremdrift.engine.disclosure import MARK
from fremdrift.numbers import pct
from fremdrift.reports.content import (
    Definitions,
    Figure,
    KommuneReport,
    NationalReport,
    ReleaseInfo,
)
from fremdrift.reports.render import title
from fremdrift.reports.texts import rules

# A companion initiative's sheets (ressourceforløb beside FSM2) carry its short name first.
SHEET_PREFIX = {"fsm2": "FSM2 ", "ressourceforloeb": "RF "}
COUNT = "count"
SHARE = "share"
TEXT = "text"


class _Book:
    def __init__(self, release: ReleaseInfo, doc_title: str) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.book.set_properties(
            {"title": doc_title, "author": "fremdrift", "created": release.created_at}
        )
        self.formats: dict[str, Format] = {
            COUNT: self.book.add_format({"num_format": "#,##0"}),
            SHARE: self.book.add_format({"num_format": "0.0%"}),
            TEXT: self.book.add_format({}),
            "head": self.book.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
            "mark": self.book.add_format({"align": "right"}),
        }

    def table(
        self,
        name: str,
        headers: Sequence[tuple[str, str]],
        rows: Sequence[Sequence[Any]],
    ) -> Worksheet:
        """A sheet holding one table: `headers` are (label, kind), kind COUNT, SHARE or TEXT."""
        sheet = self.book.add_worksheet(name)
        for col, (label, kind) in enumerate(headers):
            sheet.write_string(0, col, label, self.formats["head"])
            sheet.set_column(col, col, 12 if kind != TEXT else 24)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                kind = headers[col][1]
                if value is None:
                    continue
                if isinstance(value, str):
                    fmt = self.formats["mark"] if value == MARK else self.formats[TEXT]
                    sheet.write_string(r, col, value, fmt)
                else:
                    sheet.write_number(r, col, value, self.formats[kind])
        sheet.freeze_panes(1, 0)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(headers) - 1)
        return sheet

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _cells(figure: Figure) -> list[Any]:
    """Numerator, denominator and share as cells: numbers, `<5`, or empty."""
    if figure.suppressed:
        return [MARK, MARK, MARK]
    return [figure.numerator, figure.denominator, figure.share]


def _triple(prefix: str) -> list[tuple[str, str]]:
    return [
        (f"{prefix}{_('Tæller')}", COUNT),
        (f"{prefix}{_('Nævner')}", COUNT),
        (f"{prefix}{_('Andel')}", SHARE),
    ]


def _release_sheet(
    book: _Book, release: ReleaseInfo, definitions: Definitions, prefix: str = ""
) -> None:
    facts: list[list[Any]] = [
        [_("Initiativ"), f"{definitions.navn} ({definitions.initiative})"],
        [_("Måned"), release.month],
        [_("Revision"), release.revision],
        [_("Udgivet"), release.created_at.strftime("%Y-%m-%d %H:%M UTC")],
        [_("Definitioner"), release.definitions_version],
        *([_("Leverance"), f"{i.kommunekode}: {i.description}"] for i in release.inputs),
    ]
    book.table(prefix + _("Udgivelse"), [(_("Felt"), TEXT), (_("Værdi"), COUNT)], facts)


def _definitions_sheet(book: _Book, definitions: Definitions, prefix: str = "") -> None:
    rows: list[list[Any]] = [[i.numbers, i.key, i.navn] for i in definitions.indicators]
    rows.append([None, None, None])
    rows.extend([None, _("Regel"), rule] for rule in rules(definitions))
    rows.append([None, _("Version"), definitions.version])
    sheet = book.table(
        prefix + _("Definitioner"),
        [(_("Nr."), TEXT), (_("Nøgle"), TEXT), (_("Indikator"), TEXT)],
        rows,
    )
    sheet.set_column(2, 2, 100)


def kommune_workbook(report: KommuneReport) -> bytes:
    book = _Book(report.release, title(report))
    for part, prefix in [
        (report, ""),
        *((c, SHEET_PREFIX[c.release.initiative]) for c in report.companions),
    ]:
        _kommune_sheets(book, part, prefix)
    return book.close()


def _kommune_sheets(book: _Book, report: KommuneReport, prefix: str) -> None:
    """The sheets of one initiative's part of a municipality's report; `prefix` tells a
    companion initiative's sheets apart."""
    book.table(
        prefix + _("Indikatorer"),
        [
            (_("Nr."), TEXT),
            (_("Nøgle"), TEXT),
            (_("Indikator"), TEXT),
            *_triple(""),
            (_("Fritaget"), COUNT),
            *_triple(_("Hele landet: ")),
            (_("Lignende kommuner: median"), SHARE),
            (_("Lignende kommuner: laveste"), SHARE),
            (_("Lignende kommuner: højeste"), SHARE),
            (_("Lignende kommuner med tal"), COUNT),
        ],
        [
            [
                line.info.numbers,
                line.info.key,
                line.info.navn,
                *_cells(line.figure),
                (_cells(line.exempt)[1] if line.exempt else None),
                *_cells(line.national),
                line.peers.median,
                line.peers.low,
                line.peers.high,
                line.peers.shown,
            ]
            for line in report.indicators
        ],
    )
    book.table(
        prefix + _("Udvikling"),
        [(_("Nøgle"), TEXT), (_("Måned"), TEXT), *_triple(""), *_triple(_("Hele landet: "))],
        [
            [line.info.key, p.month, *_cells(p.figure), *_cells(p.national)]
            for line in report.indicators
            for p in line.trend
        ],
    )
    if report.herkomst:
        book.table(
            prefix + _("Herkomst"),
            [(_("Opdeling"), TEXT), (_("Herkomst"), TEXT), *_triple(""), (_("Hele landet"), SHARE)],
            [
                [c.breakdown, c.category, *_cells(c.figure), _cells(c.national)[2]]
                for c in report.herkomst
            ],
        )
    if report.states:
        book.table(
            prefix + _("Status efter forløb"),
            [(_("Status"), TEXT), *_triple(""), (_("Hele landet"), SHARE)],
            [[c.category, *_cells(c.figure), _cells(c.national)[2]] for c in report.states],
        )
    if report.payout:
        p = report.payout
        book.table(
            prefix + _("Udbetaling"),
            [
                (_("Fra"), TEXT),
                (_("Til"), TEXT),
                (_("Bedste måned"), TEXT),
                *_triple(""),
                *[
                    (_("Tærskel %(share)s nået") % {"share": pct(t.share)}, TEXT)
                    for t in p.thresholds
                ],
                (_("Andel af tilskuddet"), SHARE),
                (_("Tilskud (kr.)"), COUNT),
                (_("Beløb (kr.)"), COUNT),
                (_("Diskretionerede måneder"), COUNT),
            ],
            [
                [
                    p.period_from,
                    p.period_to,
                    p.best_month,
                    *_cells(p.best),
                    *[_("Ja") if t.reached else _("Nej") for t in p.thresholds],
                    p.share_of_grant,
                    p.grant,
                    p.amount,
                    p.months_hidden,
                ]
            ],
        )
    _release_sheet(book, report.release, report.definitions, prefix)
    _definitions_sheet(book, report.definitions, prefix)


def national_workbook(report: NationalReport) -> bytes:
    book = _Book(report.release, title(report))
    heads: list[tuple[str, str]] = [
        (_("Kommunekode"), TEXT),
        (_("Kommune"), TEXT),
        (_("Leveret"), TEXT),
        (_("Målgruppe"), COUNT),
    ]
    for ind in report.indicators:
        heads.extend(_triple(f"{ind.key}: "))
    rows: list[list[Any]] = []
    for row in report.rows:
        if not row.delivered:
            rows.append([row.kommunekode, row.navn, _("mangler")])
            continue
        cells: list[Any] = [row.kommunekode, row.navn, _("Ja"), _cells(row.size)[1]]
        for ind in report.indicators:
            cells.extend(_cells(row.figures[ind.key]))
        rows.append(cells)
    size = report.totals.get(report.indicators[0].key) if report.indicators else None
    total: list[Any] = [None, _("Hele landet"), None, _cells(size)[1] if size else None]
    for ind in report.indicators:
        total.extend(_cells(report.totals[ind.key]))
    rows.append(total)
    book.table(_("Kommuner"), heads, rows)
    trend_heads: list[tuple[str, str]] = [(_("Måned"), TEXT)]
    for ind in report.indicators:
        trend_heads.extend(_triple(f"{ind.key}: "))
    book.table(
        _("Udvikling"),
        trend_heads,
        [
            [month, *(c for ind in report.indicators for c in _cells(figures[ind.key]))]
            for month, figures in report.trend
        ],
    )
    _release_sheet(book, report.release, report.definitions)
    _definitions_sheet(book, report.definitions)
    return book.close()


def render_xlsx(report: KommuneReport | NationalReport) -> bytes:
    if isinstance(report, NationalReport):
        return national_workbook(report)
    return kommune_workbook(report)
