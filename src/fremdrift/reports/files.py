"""The report as a file in one of the formats the CLI and the download buttons offer."""

from __future__ import annotations

from typing import Final

from fremdrift.reports.content import KommuneReport, NationalReport
from fremdrift.reports.render import render_html, render_pdf
from fremdrift.reports.xlsx import render_xlsx

CONTENT_TYPES: Final = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(report: KommuneReport | NationalReport, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    return render_html(report).encode("utf-8")


def filename(report: KommuneReport | NationalReport, fmt: str) -> str:
    place = "hele-landet" if isinstance(report, NationalReport) else report.kommunekode
    release = report.release
    return f"maanedsrapport-{release.initiative}-{release.month}-{place}-r{release.revision}.{fmt}"
