"""The report as HTML (web and file) and PDF: one set of templates, one stylesheet.

The file forms are standalone documents (reports/document.html) with the stylesheet inlined and
no time but the release's, so the same release gives the same bytes every time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fremdrift.reports.charts import LineChart, trend_chart
from fremdrift.reports.content import IndicatorLine, KommuneReport, NationalReport, sort_rows
from fremdrift.reports.texts import rules

NATIONAL_BODY = "reports/_national.html"
KOMMUNE_BODY = "reports/_kommune.html"


@dataclass(frozen=True)
class Column:
    """A column head of the national table; with `url` a link that sorts by it."""

    label: str
    numeric: bool
    url: str = ""
    current: bool = False
    aria_sort: str = ""


@dataclass(frozen=True)
class Part:
    """One initiative's share of a report: its sections, trend charts and counting rules."""

    key: str  # the initiative, also the prefix of the sections' ids
    report: KommuneReport | NationalReport
    trends: list[tuple[IndicatorLine, LineChart]]
    rules: list[str]
    companion: bool = False


def _part(report: KommuneReport, *, companion: bool) -> Part:
    return Part(
        report.definitions.initiative,
        report,
        [(line, trend_chart(line.trend)) for line in report.indicators],
        rules(report.definitions),
        companion,
    )


def title(report: KommuneReport | NationalReport) -> str:
    if isinstance(report, NationalReport):
        return _("Månedsrapport %(month)s: hele landet") % {"month": report.month}
    return _("Månedsrapport %(month)s: %(navn)s") % {"month": report.month, "navn": report.navn}


def context(
    report: KommuneReport | NationalReport,
    *,
    sort: str = "navn",
    descending: bool = False,
    sort_url: str = "",
) -> dict[str, Any]:
    """What the body templates read; `sort_url` (web) makes the national table's heads links."""
    if isinstance(report, KommuneReport):
        return {
            "report": report,
            "body": KOMMUNE_BODY,
            "parts": [
                _part(report, companion=False),
                *(_part(c, companion=True) for c in report.companions),
            ],
        }
    keys = [("navn", _("Kommune"), False), ("stoerrelse", _("Målgruppe"), True)] + [
        (ind.key, f"{ind.numbers}. {ind.key}" if ind.numbers else ind.key, True)
        for ind in report.indicators
    ]
    columns = []
    for key, label, numeric in keys:
        current = key == sort
        order = "asc" if current and descending else ("desc" if current else "asc")
        columns.append(
            Column(
                label=label,
                numeric=numeric,
                url=f"{sort_url}&sort={key}&order={order}" if sort_url else "",
                current=current and bool(sort_url),
                aria_sort="descending" if descending else "ascending",
            )
        )
    sorted_report = replace(report, rows=sort_rows(report.rows, sort, descending=descending))
    return {
        "report": sorted_report,
        "body": NATIONAL_BODY,
        "parts": [Part(report.definitions.initiative, report, [], rules(report.definitions))],
        "columns": columns,
        "size_key": report.indicators[0].key if report.indicators else "",
    }


def stylesheet() -> str:
    return (
        resources.files("fremdrift.reports")
        .joinpath("static/reports/report.css")
        .read_text("utf-8")
    )


def render_html(report: KommuneReport | NationalReport) -> str:
    """The report as a standalone HTML document (also the PDF's source)."""
    national = isinstance(report, NationalReport)
    doc_title = title(report)
    return render_to_string(
        "reports/document.html",
        {
            **context(report),
            "title": doc_title,
            "language": get_language() or "da",
            "created": report.release.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "orientation": "landscape" if national else "portrait",
            "footer": f"{doc_title} · {_('revision')} {report.release.revision}",
            "stylesheet": stylesheet(),
        },
    )


def render_pdf(report: KommuneReport | NationalReport) -> bytes:
    from weasyprint import HTML

    # The print rules of the stylesheet apply: WeasyPrint renders for the print medium.
    pdf = HTML(string=render_html(report)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
