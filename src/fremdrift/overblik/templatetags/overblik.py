"""Danish figures for the Overblik: shares `12,5 %`, counts `1.234`, kroner `3.695.000 kr.`."""

from __future__ import annotations

from django import template
from django.utils import formats

register = template.Library()

NOTHING = "–"  # no share: nobody in the denominator


def _number(value: float, decimals: int = 0) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def andel(share: float | None) -> str:
    return NOTHING if share is None else f"{_number(share * 100, 1)} %"


@register.filter
def procent(value: object) -> str:
    """A goal stored in per cent (Decimal `25.0`) as `25,0 %`."""
    return NOTHING if value is None else f"{_number(float(str(value)), 1)} %"


@register.filter
def antal(value: int) -> str:
    return _number(value)


@register.filter
def kr(value: float) -> str:
    return f"{_number(round(value))} kr."
