"""The steering group's status as a PDF: WeasyPrint on the page's own HTML body.

The monthly report's stylesheet (its print rules: fonts, tables, page breaks) and print.css
(A4 pages, figures kept on one line) style it; the charts carry their colours as SVG attributes
(WeasyPrint ignores stylesheet rules on SVG). dkfds's CSS and JavaScript are left out: the PDF
has no menu, forms or scripts.
"""

from __future__ import annotations

from importlib import resources

from weasyprint import CSS, HTML

from fremdrift.reports.render import stylesheet


def render(html: str) -> bytes:
    """A PDF of `html`, which refers to no external resource."""
    own = resources.files("fremdrift.styregruppe").joinpath("static/styregruppe/print.css")
    pdf: bytes = HTML(string=html).write_pdf(
        stylesheets=[CSS(string=stylesheet()), CSS(string=own.read_text("utf-8"))]
    )
    return pdf
