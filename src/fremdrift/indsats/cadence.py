"""How often a citizen must be contacted on each step: data, not code spread over views.

- trin 1 (startafklaring): the 1-2 clarifying conversations fall within the step's deadline,
  so a contact is due by the deadline until the first conversation of the step is held;
- trin 2 (på vej mod job): weekly contact until a job match exists;
- trin 3 (virksomhedsforløb): follow-up at least monthly.
A contact counts for a step when it lies on or after the step's start; until the first one, the
interval runs from the start itself.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

from fremdrift.indsats.models import Trin


@dataclass(frozen=True)
class Cadence:
    """Exactly one rule: a number of calendar days, of calendar months, or by the deadline."""

    days: int | None = None
    months: int | None = None
    by_deadline: bool = False

    def __post_init__(self) -> None:
        rules = (self.days is not None) + (self.months is not None) + self.by_deadline
        if rules != 1:
            raise ValueError("a cadence has exactly one of days, months or by_deadline")


CADENCE: Final[Mapping[int, Cadence]] = MappingProxyType(
    {
        Trin.STARTAFKLARING: Cadence(by_deadline=True),
        Trin.PAA_VEJ_MOD_JOB: Cadence(days=7),
        Trin.VIRKSOMHEDSFORLOEB: Cadence(months=1),
    }
)


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 January + 1 = 28/29 February)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def next_contact_due(
    *, trin: int, step_start: date, frist: date | None, last_contact: date | None
) -> date | None:
    """The day by which the next contact must be held; None when the cadence asks for none."""
    cadence = CADENCE[trin]
    since_start = last_contact if last_contact is not None and last_contact >= step_start else None
    if cadence.by_deadline:
        return frist if since_start is None else None
    base = since_start or step_start
    if cadence.days is not None:
        return base + timedelta(days=cadence.days)
    assert cadence.months is not None
    return add_months(base, cadence.months)
