"""Will a municipality reach the payout thresholds before its grant period ends?

The forecast is a straight line through the municipality's last known monthly shares of the
payout indicator (at most `WINDOW` months, at least `MINIMUM`; least squares), carried on to the
end of the grant period with an 80 % prediction interval (the Student t quantile for the line's
degrees of freedom). It is meant to be explained in one sentence: "at the current pace the share
reaches 15 % in 2021-05 (at the earliest 2021-03, at the latest 2021-09)". A month is known when
it has a row that disclosure control did not hide; the line and the band are kept within 0-100 %.

A threshold already reached in some month of the grant period needs no forecast: the payout rule
(`best_month`) asks for one month at or above it. The outlook is "at risk" when the lowest
threshold not yet reached is not reached by the line before the period ends.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
import polars as pl

from fremdrift.engine.definitions import Initiative
from fremdrift.engine.early_warning import kommune_totals
from fremdrift.engine.months import format_month, month_from_index, month_index, parse_month
from fremdrift.engine.payout import payout_rule

WINDOW: Final = 12
MINIMUM: Final = 6
LEVEL: Final = 0.80
# Student t quantile 0.90 (two-sided 80 %) for 1-10 degrees of freedom; numpy has none and the
# window keeps the degrees of freedom at 10 or fewer.
_T90: Final = (3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372)


@dataclass(frozen=True)
class ForecastPoint:
    month: str
    share: float
    low: float
    high: float


@dataclass(frozen=True)
class Forecast:
    """The line through `basis` (month, share) and its points for the months after it."""

    basis: tuple[tuple[str, float], ...]
    slope: float  # share per month
    points: tuple[ForecastPoint, ...]

    def first_month(self, threshold: float, which: str = "share") -> str | None:
        """The first forecast month whose `share` (or `low`, `high`) is at least `threshold`."""
        for p in self.points:
            if getattr(p, which) >= threshold - 1e-12:
                return p.month
        return None


def linear_forecast(history: Sequence[tuple[str, float]], *, until: str) -> Forecast | None:
    """The line through the last WINDOW of `history` (month, share; months ascending) carried
    on to `until`; None with fewer than MINIMUM months."""
    basis = tuple(history[-WINDOW:])
    if len(basis) < MINIMUM:
        return None
    x = np.array([month_index(parse_month(m)) for m, _ in basis], dtype=np.float64)
    y = np.array([s for _, s in basis], dtype=np.float64)
    n = len(basis)
    x_mean = x.mean()
    sxx = float(((x - x_mean) ** 2).sum())
    slope = float(((x - x_mean) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * x_mean)
    residuals = y - (intercept + slope * x)
    s = math.sqrt(float((residuals**2).sum()) / (n - 2))
    t = _T90[min(n - 2, len(_T90)) - 1]
    last, end = int(x[-1]), month_index(parse_month(until))
    points = []
    for i in range(last + 1, end + 1):
        centre = intercept + slope * i
        half = t * s * math.sqrt(1 + 1 / n + (i - x_mean) ** 2 / sxx)
        points.append(
            ForecastPoint(
                month=format_month(month_from_index(i)),
                share=_clip(centre),
                low=_clip(centre - half),
                high=_clip(centre + half),
            )
        )
    return Forecast(basis=basis, slope=slope, points=tuple(points))


def _clip(share: float) -> float:
    return min(1.0, max(0.0, share))


@dataclass(frozen=True)
class ThresholdOutlook:
    """One payout threshold: the first month of the grant period that reached it, or when the
    forecast line (and the band's upper and lower edge) reaches it before the period ends."""

    threshold: float
    reached: str | None
    forecast: str | None
    earliest: str | None
    latest: str | None

    @property
    def on_track(self) -> bool:
        return self.reached is not None or self.forecast is not None


@dataclass(frozen=True)
class PayoutOutlook:
    initiative: str
    kommunekode: str
    indicator: str
    month: str  # the latest month known
    period_from: str
    period_to: str
    history: tuple[tuple[str, int, int, bool], ...]  # month, numerator, denominator, suppressed
    forecast: Forecast | None
    thresholds: tuple[ThresholdOutlook, ...]

    @property
    def period_ended(self) -> bool:
        return self.month >= self.period_to

    @property
    def at_risk(self) -> ThresholdOutlook | None:
        """The lowest threshold not reached and not forecast to be, while the period runs."""
        if self.period_ended or self.forecast is None:
            return None
        for outlook in self.thresholds:
            if outlook.reached is None:
                return None if outlook.on_track else outlook
        return None


def payout_outlook(
    figures: pl.DataFrame,
    initiative: Initiative,
    *,
    kommunekode: str,
    month: str,
    period_from: str,
    period_to: str,
) -> PayoutOutlook:
    """The outlook of one municipality's grant, from figures up to `month` (engine long form,
    optionally with `suppressed`). The initiative must have a payout rule."""
    rule = payout_rule(initiative)
    rows = (
        kommune_totals(figures, [rule.indicator])
        .filter((pl.col("kommunekode") == kommunekode) & (pl.col("month") <= month))
        .sort("month")
    )
    history = tuple(
        (m, num, den, hidden)
        for m, num, den, hidden in rows.select(
            "month", "numerator", "denominator", "suppressed"
        ).iter_rows()
    )
    known = [(m, num / den) for m, num, den, hidden in history if not hidden and den > 0]
    forecast = linear_forecast(known, until=period_to) if month < period_to else None
    in_period = [
        (m, num, den) for m, num, den, _h in history if period_from <= m <= period_to and den > 0
    ]
    outlooks = []
    for t in rule.thresholds:
        # The same comparison as the payout rule: the exact figures, threshold included.
        share = Fraction(str(t.share))
        reached = next((m for m, num, den in in_period if Fraction(num, den) >= share), None)
        outlooks.append(
            ThresholdOutlook(
                threshold=t.share,
                reached=reached,
                forecast=_from(forecast, t.share, "share", period_from),
                earliest=_from(forecast, t.share, "high", period_from),
                latest=_from(forecast, t.share, "low", period_from),
            )
        )
    return PayoutOutlook(
        initiative=initiative.key,
        kommunekode=kommunekode,
        indicator=rule.indicator,
        month=month,
        period_from=period_from,
        period_to=period_to,
        history=history,
        forecast=forecast,
        thresholds=tuple(outlooks),
    )


def _from(forecast: Forecast | None, threshold: float, which: str, period_from: str) -> str | None:
    """The first forecast month at the threshold that lies in the grant period."""
    if forecast is None:
        return None
    inside = Forecast(
        forecast.basis, forecast.slope, tuple(p for p in forecast.points if p.month >= period_from)
    )
    return inside.first_month(threshold, which)
