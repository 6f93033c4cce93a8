"""Filters for the monthly report: figures as published (`<5`), Danish numbers and shares."""

from __future__ import annotations

from django import template

from fremdrift.engine.disclosure import MARK
from fremdrift.numbers import NOTHING, amount, number, pct
from fremdrift.reports.content import Figure

register = template.Library()
register.filter("pct", pct)
# An amount as Danish reports write it, the unit in the column head: `3.695.000`, `1.847.500,50`.
register.filter("kroner", amount)


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
def count(value: int | None) -> str:
    return NOTHING if value is None else number(value)


def _count(figure: Figure, value: int | None) -> str:
    if figure.suppressed:
        return MARK
    return NOTHING if value is None else number(value)


@register.filter
def get_figure(figures: dict[str, Figure], key: str) -> Figure:
    return figures.get(key, Figure(None, None))
