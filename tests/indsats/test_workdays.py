from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.indsats.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 3, 31), True),  # onsdag før påske
        (date(2021, 4, 1), False),  # skærtorsdag
        (date(2021, 4, 2), False),  # langfredag
        (date(2021, 4, 3), False),  # lørdag
        (date(2021, 4, 4), False),  # påskedag
        (date(2021, 4, 5), False),  # 2. påskedag
        (date(2021, 4, 6), True),
        (date(2021, 4, 30), False),  # store bededag, before its abolition
        (date(2024, 4, 26), True),  # store bededag's date in 2024: a working day now
        (date(2021, 12, 24), True),  # juleaftensdag is not a helligdag
        (date(2021, 12, 27), True),
        (date(2022, 12, 26), False),  # 2. juledag on a Monday
        (date(2023, 12, 25), False),  # 1. juledag on a Monday
        (date(2024, 1, 1), False),  # nytårsdag
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_easter_2021_deadline_skips_four_days() -> None:
    # Wednesday 31 March + 1 working day jumps skærtorsdag, langfredag, the weekend and
    # 2. påskedag to Tuesday 6 April.
    assert add_working_days(date(2021, 3, 31), 1) == date(2021, 4, 6)
    assert working_days_between(date(2021, 3, 31), date(2021, 4, 6)) == 1
    assert working_days_between(date(2021, 3, 29), date(2021, 4, 9)) == 6


def test_start_day_never_counts() -> None:
    # Friday + 1 is Monday; a start on a holiday counts from the next working day.
    assert add_working_days(date(2021, 3, 26), 1) == date(2021, 3, 29)
    assert add_working_days(date(2021, 4, 2), 1) == date(2021, 4, 6)
    assert add_working_days(date(2021, 4, 6), 0) == date(2021, 4, 6)


def test_christmas_and_new_year() -> None:
    # Wed 23 Dec 2020: 24 Dec (Thu) counts, 25 and 26 do not, 28-31 do, 1 Jan 2021 (Fri) does not.
    assert add_working_days(date(2020, 12, 23), 1) == date(2020, 12, 24)
    assert add_working_days(date(2020, 12, 23), 2) == date(2020, 12, 28)
    assert add_working_days(date(2020, 12, 23), 6) == date(2021, 1, 4)
    assert working_days_between(date(2020, 12, 23), date(2021, 1, 4)) == 6


def test_fsm2_step_deadlines_over_easter_2021() -> None:
    # Trin 1 started Monday 22 March 2021: 21 working days, three of them lost to Easter.
    assert add_working_days(date(2021, 3, 22), 21) == date(2021, 4, 23)
    assert working_days_between(date(2021, 3, 22), date(2021, 4, 23)) == 21


def test_between_is_antisymmetric_and_zero_on_same_day() -> None:
    a, b = date(2021, 3, 1), date(2021, 5, 1)
    assert working_days_between(a, a) == 0
    assert working_days_between(b, a) == -working_days_between(a, b)


def test_negative_n_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2021, 1, 4), -1)


def test_next_working_day() -> None:
    assert next_working_day(date(2021, 4, 1)) == date(2021, 4, 6)
    assert next_working_day(date(2021, 4, 6)) == date(2021, 4, 6)


days = st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31))


@given(start=days, n=st.integers(min_value=0, max_value=400))
def test_add_then_count_gives_n(start: date, n: int) -> None:
    deadline = add_working_days(start, n)
    assert working_days_between(start, deadline) == n
    # The deadline is a working day (unless n is 0) and the first day with that count.
    if n > 0:
        assert is_working_day(deadline)
        assert working_days_between(start, deadline - timedelta(days=1)) == n - 1


@given(a=days, b=days)
def test_count_agrees_with_day_by_day(a: date, b: date) -> None:
    lo, hi = min(a, b), max(a, b)
    if (hi - lo).days > 800:
        hi = lo + timedelta(days=800)
    naive = sum(is_working_day(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    assert working_days_between(lo, hi) == naive
