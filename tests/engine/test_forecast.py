"""The payout forecast: a straight line with an 80 % band, and when it reaches the thresholds."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.forecast import MINIMUM, linear_forecast, payout_outlook
from fremdrift.engine.payout import compute_payout
from fremdrift.errors import UserError

from .test_early_warning import months, series

FSM2 = load_initiative("fsm2")


def outlook(values: list[tuple[int, int] | None], month: str, **kw: object):  # type: ignore[no-untyped-def]
    return payout_outlook(
        series(values, **kw),  # type: ignore[arg-type]
        FSM2,
        kommunekode="147",
        month=month,
        period_from="2020-01",
        period_to="2021-12",
    )


def test_a_straight_line_is_carried_on_exactly_with_no_band() -> None:
    # 5 %, 6 %, ... 10 % over six months: one point a month.
    history = list(zip(months("2020-01", 6), [0.05 + 0.01 * i for i in range(6)], strict=True))
    forecast = linear_forecast(history, until="2020-12")
    assert forecast is not None
    assert forecast.slope == pytest.approx(0.01)
    assert [p.month for p in forecast.points] == months("2020-07", 6)
    assert [p.share for p in forecast.points] == pytest.approx([0.11, 0.12, 0.13, 0.14, 0.15, 0.16])
    assert all(p.low == pytest.approx(p.share) == pytest.approx(p.high) for p in forecast.points)
    assert forecast.first_month(0.15) == "2020-11"


def test_too_few_months_give_no_forecast() -> None:
    history = list(zip(months("2020-01", MINIMUM - 1), [0.1] * (MINIMUM - 1), strict=True))
    assert linear_forecast(history, until="2021-12") is None


def test_the_band_widens_with_distance_and_holds_the_line() -> None:
    rng = np.random.default_rng(3)
    shares = 0.05 + 0.005 * np.arange(12) + rng.normal(0, 0.01, 12)
    forecast = linear_forecast(
        list(zip(months("2020-01", 12), shares, strict=True)), until="2021-12"
    )
    assert forecast is not None
    widths = [p.high - p.low for p in forecast.points]
    assert all(b > a for a, b in itertools.pairwise(widths))
    assert all(p.low <= p.share <= p.high for p in forecast.points)
    assert all(p.low >= 0 and p.high <= 1 for p in forecast.points)


def test_only_the_last_twelve_months_make_the_line() -> None:
    # A drop long ago, then flat at 10 %: the line is flat.
    history = list(zip(months("2019-01", 20), [0.5] * 8 + [0.1] * 12, strict=True))
    forecast = linear_forecast(history, until="2020-12")
    assert forecast is not None
    assert forecast.slope == pytest.approx(0)
    assert forecast.points[0].share == pytest.approx(0.1)


def test_rising_municipality_is_forecast_to_reach_15_and_20_percent() -> None:
    result = outlook([(5 + i, 100) for i in range(8)], "2020-08")
    at_15, at_20 = result.thresholds
    assert at_15.reached is None
    assert at_15.forecast == "2020-11"  # 12 % in 2020-08, one point a month
    assert at_20.forecast == "2021-04"
    assert result.at_risk is None


def test_flat_municipality_is_at_risk_of_missing_15_percent() -> None:
    result = outlook([(10, 100)] * 8, "2020-08")
    assert result.thresholds[0].forecast is None
    assert result.at_risk is not None and result.at_risk.threshold == 0.15


def test_a_threshold_reached_once_in_the_period_needs_no_forecast() -> None:
    # 16 % in 2020-02, then down to 10 %: 15 % is reached (the payout needs one month); the
    # next question is 20 %.
    result = outlook([(10, 100), (16, 100), *[(10, 100)] * 6], "2020-08")
    at_15, at_20 = result.thresholds
    assert at_15.reached == "2020-02"
    assert at_20.reached is None and at_20.forecast is None
    assert result.at_risk is not None and result.at_risk.threshold == 0.20


def test_hidden_months_are_left_out_of_the_line() -> None:
    values = [(5 + i, 100) for i in range(8)]
    values[3] = (3, 100)  # a hidden month would pull the line down if it counted
    result = outlook(values, "2020-08", suppressed={3})
    assert result.forecast is not None
    assert [m for m, _ in result.forecast.basis] == [
        m for i, m in enumerate(months("2020-01", 8)) if i != 3
    ]
    assert result.forecast.slope == pytest.approx(0.01)


def test_no_forecast_after_the_grant_period() -> None:
    values = [(10, 100)] * 26
    result = outlook(values, "2022-02")
    assert result.period_ended
    assert result.forecast is None
    assert result.at_risk is None


def test_an_initiative_without_a_payout_rule_has_no_outlook() -> None:
    with pytest.raises(UserError, match="ingen udbetalingsregel"):
        payout_outlook(
            pl.DataFrame(),
            load_initiative("ressourceforloeb"),
            kommunekode="147",
            month="2020-01",
            period_from="2020-01",
            period_to="2022-12",
        )


@given(
    st.lists(st.floats(0, 1), min_size=MINIMUM, max_size=24),
    st.integers(1, 24),
)
def test_the_line_matches_numpy_polyfit_and_the_band_holds_it(
    shares: list[float], ahead: int
) -> None:
    history = list(zip(months("2020-01", len(shares)), shares, strict=True))
    until = months("2020-01", len(shares) + ahead)[-1]
    forecast = linear_forecast(history, until=until)
    assert forecast is not None
    basis = shares[-12:]
    x = np.arange(len(shares))[-12:]
    slope, intercept = np.polyfit(x, basis, 1)
    assert forecast.slope == pytest.approx(slope, abs=1e-9)
    assert len(forecast.points) == ahead
    for i, point in enumerate(forecast.points, start=len(shares)):
        assert point.share == pytest.approx(min(1, max(0, intercept + slope * i)), abs=1e-9)
        assert 0 <= point.low <= point.share <= point.high <= 1


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(1, 60).flatmap(lambda den: st.tuples(st.integers(0, den), st.just(den))),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_a_threshold_is_reached_exactly_when_the_payout_rule_says_so(
    values: list[tuple[int, int] | None],
) -> None:
    frame = series(values, first="2019-07")
    last = months("2019-07", len(values))[-1]
    result = payout_outlook(
        frame, FSM2, kommunekode="147", month=last, period_from="2020-01", period_to="2021-06"
    )
    payout = compute_payout(
        frame,
        FSM2,
        kommunekode="147",
        grant=1000.0,
        costs=None,
        period_from="2020-01",
        period_to="2021-06",
    )
    assert [t.reached is not None for t in result.thresholds] == [
        t["reached"] for t in payout.thresholds
    ]
    for outlook in result.thresholds:
        if outlook.reached is not None:
            # The first month at the threshold, inside the grant period.
            assert "2020-01" <= outlook.reached <= "2021-06"
            assert outlook.reached <= (payout.best_month or "")
