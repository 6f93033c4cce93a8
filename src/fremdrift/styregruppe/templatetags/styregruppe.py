"""Filters for the steering group's status: figures as the group may see them (the monthly
report's filters: `<5` for a hidden figure, – for none) and Danish shares and kroner rounded
half up."""

from __future__ import annotations

from django import template

from fremdrift.engine.disclosure import MARK
from fremdrift.reports.content import Figure
from fremdrift.reports.templatetags import reports
from fremdrift.styregruppe.formatting import number, percent

register = template.Library()
register.filter("numerator", reports.numerator)
register.filter("denominator", reports.denominator)
register.filter("count", reports.count)


@register.filter
def pct(share: float | None) -> str:
    """A share in percent with one decimal: `12,5 %`."""
    return reports.NOTHING if share is None else f"{number(percent(share), 1)} %"


@register.filter
def share(figure: Figure) -> str:
    return MARK if figure.suppressed else pct(figure.share)


@register.filter
def kr(amount: float | None) -> str:
    """Whole kroner: `3.695.000 kr.`, a negative balance with a minus sign."""
    return reports.NOTHING if amount is None else f"{number(amount)} kr."
