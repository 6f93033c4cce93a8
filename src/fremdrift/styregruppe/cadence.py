"""When a group's next meeting is due: a pure function of its cadence and its last meeting.

The pool requires a permanent forum meeting at a fixed cadence, at least quarterly. Viborg's
application (seed 000) has its steering group meet every second month in the project's first
half year and quarterly after that; a step-up group may meet every fourth week. So a cadence is
an interval in months or weeks, with an optional shorter interval for a start-up period:

- no meeting held yet: the first is due on the group's start day;
- otherwise the next is due one interval after the last meeting, where the interval is the
  start-up one when the last meeting lay inside the start-up period (a meeting held in month 5
  of 6 is followed two months later, even if that falls after the period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from fremdrift.engine.months import add_months

Unit = Literal["maaned", "uge"]


@dataclass(frozen=True)
class Cadence:
    start: date
    every: int = 3
    unit: Unit = "maaned"
    # A shorter interval (same unit) while the group is new, for `startup_months` months.
    startup_every: int | None = None
    startup_months: int = 6

    def __post_init__(self) -> None:
        if self.every < 1 or (self.startup_every is not None and self.startup_every < 1):
            raise ValueError("a cadence's interval is at least 1")


@dataclass(frozen=True)
class Due:
    day: date
    overdue: bool
    days_late: int


def _after(day: date, interval: int, unit: Unit) -> date:
    return add_months(day, interval) if unit == "maaned" else day + timedelta(weeks=interval)


def next_due(cadence: Cadence, last_meeting: date | None, *, today: date) -> Due:
    """The day the next meeting is due, and whether `today` is past it."""
    if last_meeting is None:
        day = cadence.start
    else:
        in_startup = cadence.startup_every is not None and last_meeting < add_months(
            cadence.start, cadence.startup_months
        )
        interval = cadence.startup_every if in_startup and cadence.startup_every else cadence.every
        day = _after(last_meeting, interval, cadence.unit)
    late = (today - day).days
    return Due(day=day, overdue=late > 0, days_late=max(late, 0))
