"""Query conditions on dated periods (start, slut; no slut = still running), one definition for
every app: a period covers a day when it started on or before it and has not ended before it."""

from __future__ import annotations

from datetime import date

from django.db.models import Q


def not_ended_before(day: date, *, via: str = "") -> Q:
    """The period is still running on `day` or later. `via` reaches it through a relation,
    e.g. "aftaler__" from a company."""
    return Q(**{f"{via}slut__isnull": True}) | Q(**{f"{via}slut__gte": day})


def open_on(day: date, *, via: str = "") -> Q:
    """The period covers `day`."""
    return Q(**{f"{via}start__lte": day}) & not_ended_before(day, via=via)
