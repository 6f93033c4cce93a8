"""Filters of the follow-up pages: shares and kroner as Danish screens write them."""

from __future__ import annotations

from django import template

from fremdrift.numbers import kroner, pct

register = template.Library()
register.filter("pct", pct)
register.filter("kroner", kroner)
