"""Filters for the Borgerside: Danish labels of stored codes and Danish numbers."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.functional import Promise

from fremdrift.borgere import labels, selectors
from fremdrift.virksomheder.models import Virksomhed

register = template.Library()


@register.filter
def label(code: str) -> str | Promise:
    """The Danish label of a stored code (`kontanthjaelp` → Kontanthjælp)."""
    return labels.label(code) if code else ""


@register.filter
def tal(value: float | Decimal | int | None) -> str:
    """A number as Danish screens write it: `12,5`, `10`; nothing for None."""
    return selectors.number(value)


@register.filter
def virksomhed(value: Virksomhed | None) -> str:
    """A company by name, else as `CVR 12345678`."""
    return selectors.virksomhed_navn(value) if value is not None else ""
