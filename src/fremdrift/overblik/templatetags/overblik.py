"""Danish figures for the Overblik: shares `12,5 %`, counts `1.234`, kroner `3.695.000 kr.`."""

from __future__ import annotations

from decimal import Decimal

from django import template

from fremdrift.numbers import NOTHING, kroner, number, pct

register = template.Library()
register.filter("andel", pct)
register.filter("antal", number)


@register.filter
def procent(value: Decimal | float | None) -> str:
    """A goal stored in per cent (Decimal `25.0`) as `25,0 %`."""
    return NOTHING if value is None else f"{number(value, 1)} %"


@register.filter
def kr(value: float) -> str:
    """Whole kroner: `3.695.000 kr.`."""
    return kroner(round(value))
