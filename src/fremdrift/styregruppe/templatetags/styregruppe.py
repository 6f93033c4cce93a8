"""Filters for the steering group's status: the monthly report's (`<5` for a hidden figure,
– for none, shares rounded half up as `12,5 %`) and kroner with their unit."""

from __future__ import annotations

from django import template

from fremdrift.numbers import kroner
from fremdrift.reports.templatetags import reports

register = template.Library()
for name in ("numerator", "denominator", "share", "count", "pct"):
    register.filter(name, getattr(reports, name))
register.filter("kr", kroner)
