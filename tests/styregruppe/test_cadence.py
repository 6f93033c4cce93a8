"""When the next meeting is due: the pool's quarterly minimum, Viborg's first half year every
2nd month (seed 000), a group meeting every 4th week."""

from __future__ import annotations

from datetime import date

import pytest

from fremdrift.styregruppe.cadence import Cadence, next_due

START = date(2020, 1, 15)
QUARTERLY = Cadence(start=START)
VIBORG = Cadence(start=START, every=3, startup_every=2, startup_months=6)


def test_the_first_meeting_is_due_on_the_start_day() -> None:
    due = next_due(QUARTERLY, None, today=date(2020, 1, 10))
    assert (due.day, due.overdue, due.days_late) == (START, False, 0)


def test_quarterly_is_three_months_after_the_last_meeting() -> None:
    assert next_due(QUARTERLY, date(2021, 3, 4), today=date(2021, 3, 5)).day == date(2021, 6, 4)


def test_a_month_without_the_day_gives_its_last_day() -> None:
    assert next_due(QUARTERLY, date(2021, 11, 30), today=date(2021, 12, 1)).day == date(2022, 2, 28)


@pytest.mark.parametrize(
    ("last", "due"),
    [
        # Inside the first half year (15 Jan - 14 Jul 2020): every 2nd month.
        (date(2020, 1, 15), date(2020, 3, 15)),
        (date(2020, 5, 20), date(2020, 7, 20)),
        # The last day of the start-up period still counts as inside it.
        (date(2020, 7, 14), date(2020, 9, 14)),
        # From the first day after it: quarterly.
        (date(2020, 7, 15), date(2020, 10, 15)),
        (date(2021, 2, 1), date(2021, 5, 1)),
    ],
)
def test_viborg_meets_every_second_month_in_the_first_half_year(last: date, due: date) -> None:
    assert next_due(VIBORG, last, today=last).day == due


def test_every_fourth_week() -> None:
    step_up = Cadence(start=START, every=4, unit="uge")
    assert next_due(step_up, date(2021, 3, 1), today=date(2021, 3, 1)).day == date(2021, 3, 29)


def test_overdue_counts_the_days_past_the_due_day() -> None:
    due = next_due(QUARTERLY, date(2021, 1, 10), today=date(2021, 4, 20))
    assert (due.day, due.overdue, due.days_late) == (date(2021, 4, 10), True, 10)
    on_the_day = next_due(QUARTERLY, date(2021, 1, 10), today=date(2021, 4, 10))
    assert not on_the_day.overdue


def test_an_interval_under_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Cadence(start=START, every=0)
