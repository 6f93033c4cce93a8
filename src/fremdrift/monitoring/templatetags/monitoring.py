"""Filters of the follow-up pages: shares and kroner as Danish screens write them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from fremdrift.monitoring import explain

register = template.Library()


@register.filter
def pct(share: float | None) -> str:
    return explain.pct(share)


@register.filter
def kroner(amount: Decimal | float | None) -> str:
    return explain.kroner(amount)
