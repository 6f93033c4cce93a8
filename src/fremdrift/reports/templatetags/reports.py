"""Filters for the monthly report: figures as published (`<5`), Danish numbers and shares."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats

from fremdrift.engine.disclosure import MARK
from fremdrift.reports.content import Figure

register = template.Library()

NOTHING = "–"  # no figure: nobody in the denominator that month, or no delivery


def number(value: int | float, decimals: int = 0) -> str:
    # Rounded here: Django's number_format cuts a float's decimals off (19/24 would be 79,1 %).
    exact = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(exact, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def pct(share: float | None) -> str:
    """A share in percent with one decimal: `12,5 %`."""
    return NOTHING if share is None else f"{number(share * 100, 1)} %"


@register.filter
def numerator(figure: Figure) -> str:
    return _count(figure, figure.numerator)


@register.filter
def denominator(figure: Figure) -> str:
    return _count(figure, figure.denominator)


@register.filter
def share(figure: Figure) -> str:
    return MARK if figure.suppressed else pct(figure.share)


@register.filter
def kroner(value: float | None) -> str:
    """An amount as Danish reports write it: `3.695.000`, `1.847.500,50`."""
    if value is None:
        return NOTHING
    return number(value, 0 if float(value).is_integer() else 2)


@register.filter
def count(value: int | None) -> str:
    return NOTHING if value is None else number(value)


def _count(figure: Figure, value: int | None) -> str:
    if figure.suppressed:
        return MARK
    return NOTHING if value is None else number(value)


@register.filter
def get_figure(figures: dict[str, Figure], key: str) -> Figure:
    return figures.get(key, Figure(None, None))
