"""Months as the first day of the month, and the day arithmetic the counting rules need."""

from __future__ import annotations

import calendar
import re
from datetime import date

from fremdrift.errors import UserError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """`2021-03` -> date(2021, 3, 1); anything else is a UserError that says the form."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UserError(f"ugyldig måned {text!r}; skriv den som ÅÅÅÅ-MM, fx 2021-03")
    return date(int(m.group(1)), int(m.group(2)), 1)


def format_month(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_index(day: date) -> int:
    """Months since year 0: consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def month_from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_range(first: date, last: date) -> list[date]:
    if last < first:
        raise UserError(
            f"perioden slutter ({format_month(last)}) før den begynder ({format_month(first)})"
        )
    return [month_from_index(i) for i in range(month_index(first), month_index(last) + 1)]


def last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(day: date, months: int) -> date:
    """Same day `months` later, or that month's last day when it has no such day."""
    target = month_from_index(month_index(day) + months)
    return target.replace(day=min(day.day, calendar.monthrange(target.year, target.month)[1]))
