"""Danish working days: the unit of the step deadlines (trin 1: 21, trin 2: 65).

A working day is a weekday that is not a Danish public holiday (helligdag) as the `holidays`
package knows them, Store bededag included until it was abolished in 2024. Grundlovsdag,
juleaftensdag and nytårsaftensdag are not helligdage and so count as working days here, as in
the holiday calendar the package ships for the public category.

Pure functions of dates: no Django, so the engine and the tests can use them too.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

_ONE_DAY = timedelta(days=1)
# Holidays are looked up for a block of years at a time: a deadline or a count crosses a new
# year often, and one cached block then serves it instead of one object per year.
_BLOCK = 10


@cache
def _holiday_block(first_year: int) -> frozenset[date]:
    years = range(first_year, first_year + _BLOCK)
    return frozenset(holidays.country_holidays("DK", years=years))


def _is_holiday(d: date) -> bool:
    return d in _holiday_block(d.year - d.year % _BLOCK)


def is_working_day(d: date) -> bool:
    """True for Monday to Friday unless the day is a Danish public holiday."""
    return d.weekday() < 5 and not _is_holiday(d)


def next_working_day(d: date) -> date:
    """The first working day on or after `d`."""
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def add_working_days(start: date, n: int) -> date:
    """The deadline `n` working days after `start`.

    Day one is the first working day after `start` (the start day itself never counts, even when
    it is a working day), so a step started on a Friday with n=1 ends on Monday. n=0 gives
    `start` back.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    d = start
    for _ in range(n):
        d = next_working_day(d + _ONE_DAY)
    return d


def working_days_between(a: date, b: date) -> int:
    """The working days after `a` up to and including `b`; negative when `b` is before `a`.

    The inverse of `add_working_days`: working_days_between(s, add_working_days(s, n)) == n.
    Used for "days left to the deadline": 0 on the deadline itself, negative once it is past.
    """
    if b < a:
        return -working_days_between(b, a)
    # Whole weeks first, so a long span costs no more than a few days of looping.
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    d = a
    for _ in range(rest):
        d += _ONE_DAY
        if d.weekday() < 5:
            count += 1
    # Holidays on weekdays in (a, b] come off the weekday count.
    count -= sum(1 for h in _holidays_in(a + _ONE_DAY, b) if h.weekday() < 5)
    return count


def _holidays_in(first: date, last: date) -> list[date]:
    out: list[date] = []
    block = first.year - first.year % _BLOCK
    while block <= last.year:
        out.extend(h for h in _holiday_block(block) if first <= h <= last)
        block += _BLOCK
    return out
