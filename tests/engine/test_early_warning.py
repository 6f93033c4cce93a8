"""The early warning's run rule on constructed series, and against a naive reference."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.early_warning import (
    MonthState,
    month_state,
    requirement_warnings,
    run_lengths,
)
from fremdrift.engine.months import format_month, month_from_index, month_index, parse_month
from fremdrift.engine.output import OUTPUT_SCHEMA

FSM2 = load_initiative("fsm2")
INDICATOR = "loentimer_eller_uddannelse"  # requirement 15 %


def months(first: str, n: int) -> list[str]:
    start = month_index(parse_month(first))
    return [format_month(month_from_index(start + i)) for i in range(n)]


def series(
    values: list[tuple[int, int] | None],
    *,
    first: str = "2020-01",
    kommune: str = "147",
    indicator: str = INDICATOR,
    suppressed: set[int] = frozenset(),  # type: ignore[assignment]
) -> pl.DataFrame:
    """One municipality's kommune-level total rows; None leaves the month out (no delivery)."""
    rows = [
        {
            "initiative": "fsm2",
            "month": m,
            "level": "kommune",
            "kommunekode": kommune,
            "breakdown": "total",
            "category": "i_alt",
            "indicator": indicator,
            "numerator": v[0],
            "denominator": v[1],
        }
        for i, (m, v) in enumerate(zip(months(first, len(values)), values, strict=True))
        if v is not None
    ]
    frame = pl.DataFrame(rows, schema=OUTPUT_SCHEMA)
    hidden = [i for i, v in enumerate(values) if v is not None and i in suppressed]
    flags = [i in hidden for i, v in enumerate(values) if v is not None]
    return frame.with_columns(suppressed=pl.Series(flags, dtype=pl.Boolean))


BELOW = (10, 100)  # 10 %
MET = (15, 100)  # exactly 15 %: the requirement is reached


def flagged(frame: pl.DataFrame, month: str) -> list[tuple[str, str, int]]:
    return [
        (w.kommunekode, w.indicator, w.run) for w in requirement_warnings(frame, FSM2, month=month)
    ]


def test_exactly_six_months_below_is_flagged() -> None:
    frame = series([MET, *[BELOW] * 6])
    assert flagged(frame, "2020-07") == [("147", INDICATOR, 6)]
    warning = requirement_warnings(frame, FSM2, month="2020-07")[0]
    assert [m.month for m in warning.months] == months("2020-02", 6)
    assert warning.requirement == 0.15


def test_five_months_below_is_not_flagged() -> None:
    assert flagged(series([MET, *[BELOW] * 5]), "2020-06") == []


def test_a_month_at_the_requirement_ends_the_run() -> None:
    frame = series([*[BELOW] * 5, MET, *[BELOW] * 5])
    assert flagged(frame, "2020-11") == []


def test_nine_citizens_are_not_enough_and_end_the_run() -> None:
    nine = (0, 9)
    assert flagged(series([nine] * 12), "2020-12") == []
    # Ten citizens count: 0 of 10 is below 15 %.
    assert flagged(series([(0, 10)] * 6), "2020-06") == [("147", INDICATOR, 6)]
    assert flagged(series([*[BELOW] * 3, nine, *[BELOW] * 3]), "2020-07") == []


def test_a_hidden_or_missing_month_pauses_the_run() -> None:
    # Three below, a month without a delivery, a month hidden by disclosure control, three below.
    frame = series([*[BELOW] * 3, None, (3, 40), *[BELOW] * 3], suppressed={4})
    warning = requirement_warnings(frame, FSM2, month="2020-08")[0]
    assert warning.run == 6
    assert [m.state for m in warning.months] == [
        *[MonthState.BELOW] * 3,
        MonthState.UNKNOWN,
        MonthState.UNKNOWN,
        *[MonthState.BELOW] * 3,
    ]
    assert warning.months[3].numerator is None


def test_only_months_up_to_the_month_asked_count() -> None:
    frame = series([*[BELOW] * 6, MET])
    assert flagged(frame, "2020-06") == [("147", INDICATOR, 6)]
    assert flagged(frame, "2020-07") == []


def test_indicators_without_a_requirement_are_never_flagged() -> None:
    frame = series([(0, 100)] * 12, indicator="step_up")
    assert FSM2.indicator("step_up").requirement is None
    assert flagged(frame, "2020-12") == []


def test_each_municipality_is_judged_on_its_own_series() -> None:
    frame = pl.concat([series([BELOW] * 6, kommune="147"), series([MET] * 6, kommune="791")])
    assert flagged(frame, "2020-06") == [("147", INDICATOR, 6)]


def test_engine_output_without_a_suppressed_column_is_read_as_published() -> None:
    frame = series([BELOW] * 6).drop("suppressed")
    assert flagged(frame, "2020-06") == [("147", INDICATOR, 6)]


@pytest.mark.parametrize(
    ("num", "den", "requirement", "state"),
    [
        (9, 10, 0.9, MonthState.MET),  # 0.9 * 10 is not quite 9 in floating point
        (8, 10, 0.9, MonthState.BELOW),
        (0, 9, 0.15, MonthState.SMALL),
        (None, None, 0.15, MonthState.UNKNOWN),
    ],
)
def test_month_state(num: int | None, den: int | None, requirement: float, state: str) -> None:
    assert (
        month_state(num, den, suppressed=False, requirement=requirement, min_citizens=10) == state
    )


def reference_run(states: list[MonthState]) -> int:
    """Drop the months nobody can see, then count the below-months at the end."""
    seen = [s for s in states if s is not MonthState.UNKNOWN]
    run = 0
    for state in reversed(seen):
        if state is not MonthState.BELOW:
            break
        run += 1
    return run


@given(st.lists(st.sampled_from(list(MonthState)), max_size=40))
def test_run_lengths_match_the_naive_reference(states: list[MonthState]) -> None:
    assert run_lengths(states) == [reference_run(states[: i + 1]) for i in range(len(states))]


month_value = st.one_of(
    st.none(),
    st.integers(0, 30).flatmap(lambda den: st.tuples(st.integers(0, den), st.just(den))),
)


@given(st.lists(month_value, min_size=1, max_size=24), st.sets(st.integers(0, 23)))
def test_flag_matches_the_rule_read_month_by_month(
    values: list[tuple[int, int] | None], hidden: set[int]
) -> None:
    frame = series(values, suppressed=hidden)
    last = months("2020-01", len(values))[-1]
    states = []
    for i, v in enumerate(values):
        if v is None or v[1] == 0 or i in hidden:
            states.append(MonthState.UNKNOWN)
        elif v[1] < 10:
            states.append(MonthState.SMALL)
        else:
            states.append(MonthState.BELOW if v[0] / v[1] < 0.15 else MonthState.MET)
    # Months before the first row of the series are unknown and change nothing.
    expected = reference_run(states)
    got = flagged(frame, last)
    assert got == ([("147", INDICATOR, expected)] if expected >= 6 else [])
