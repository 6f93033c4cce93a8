"""The early warning: an indicator below its requirement too many months in a row.

STAR's follow-up of early efforts (DOMAIN.md, seed 003) flags a municipality that stays below its
requirement for 6 months in a row, only where at least 10 citizens are concerned. The numbers are
the initiative's `early_warning` setting and each indicator's `requirement` (the TOML files); the
rule reads a municipality's kommune-level total row of each calendar month up to the month asked:

- **below**: at least `min_citizens` in the denominator and the share below the requirement; the
  run grows by one month;
- **met**: the share at or above the requirement; the run ends;
- **small**: fewer than `min_citizens` in the denominator; the run ends, as the rule counts only
  months that concern at least that many;
- **unknown**: no row (the municipality did not deliver, or no one was in the denominator) or a
  row hidden by disclosure control (published as `<5`); the run pauses: a month nobody can see
  says neither that the municipality caught up nor that it fell behind.

A municipality is flagged for month M when its run in M is at least `months_in_a_row`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from fremdrift.engine.definitions import Initiative
from fremdrift.engine.months import format_month, month_from_index, month_index, parse_month


class MonthState(StrEnum):
    BELOW = "below"
    MET = "met"
    SMALL = "small"
    UNKNOWN = "unknown"


def month_state(
    numerator: int | None,
    denominator: int | None,
    *,
    suppressed: bool,
    requirement: float,
    min_citizens: int,
) -> MonthState:
    if numerator is None or denominator is None or denominator <= 0 or suppressed:
        return MonthState.UNKNOWN
    if denominator < min_citizens:
        return MonthState.SMALL
    # Compared in integers: 0.9 * 10 is 9.000000000000002 in floating point.
    if numerator * 10**6 < round(requirement * 10**6) * denominator:
        return MonthState.BELOW
    return MonthState.MET


def run_lengths(states: Sequence[MonthState]) -> list[int]:
    """The run of below-months counted in each month (unknown months pause it)."""
    runs: list[int] = []
    run = 0
    for state in states:
        if state is MonthState.BELOW:
            run += 1
        elif state is not MonthState.UNKNOWN:
            run = 0
        runs.append(run)
    return runs


@dataclass(frozen=True)
class MonthFigure:
    """One month of an indicator for a municipality; numerator and denominator are None when
    the month has no row."""

    month: str
    numerator: int | None
    denominator: int | None
    suppressed: bool
    state: MonthState

    @property
    def share(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator


@dataclass(frozen=True)
class RequirementWarning:
    """An indicator below its requirement `run` months in a row up to `month`; `months` are the
    calendar months of the run, oldest first, paused (unknown) months included."""

    initiative: str
    kommunekode: str
    indicator: str
    requirement: float
    month: str
    run: int
    months: tuple[MonthFigure, ...]


def kommune_totals(figures: pl.DataFrame, indicators: Sequence[str]) -> pl.DataFrame:
    """The kommune-level total rows of the indicators, with `suppressed` (False when the frame
    has no disclosure control column)."""
    if "suppressed" not in figures.columns:
        figures = figures.with_columns(suppressed=pl.lit(False))
    return figures.filter(
        (pl.col("level") == "kommune")
        & (pl.col("breakdown") == "total")
        & (pl.col("category") == "i_alt")
        & pl.col("indicator").is_in(list(indicators))
    ).select("kommunekode", "indicator", "month", "numerator", "denominator", "suppressed")


def requirement_series(
    figures: pl.DataFrame, initiative: Initiative, *, month: str
) -> dict[tuple[str, str], list[MonthFigure]]:
    """(kommunekode, indicator) -> every calendar month from the first month of `figures` up
    to `month`, judged against the indicator's requirement; indicators with a requirement only.
    `figures` is the engine's long form, optionally with `suppressed`."""
    rule = initiative.early_warning
    requirements = {i.key: i.requirement for i in initiative.indicators if i.requirement}
    rows = kommune_totals(figures, list(requirements)).filter(pl.col("month") <= month)
    if rows.height == 0:
        return {}
    first = month_index(parse_month(rows["month"].min()))  # type: ignore[arg-type]
    last = month_index(parse_month(month))
    calendar = [format_month(month_from_index(i)) for i in range(first, last + 1)]
    by_series: dict[tuple[str, str], dict[str, tuple[int, int, bool]]] = {}
    for kode, indicator, m, num, den, hidden in rows.iter_rows():
        by_series.setdefault((kode, indicator), {})[m] = (num, den, hidden)
    series = {}
    for (kode, indicator), by_month in sorted(by_series.items()):
        requirement = requirements[indicator]
        assert requirement is not None
        months = []
        for m in calendar:
            num, den, hidden = by_month.get(m, (None, None, False))
            state = month_state(
                num,
                den,
                suppressed=hidden,
                requirement=requirement,
                min_citizens=rule.min_citizens,
            )
            months.append(MonthFigure(m, num, den, hidden, state))
        series[kode, indicator] = months
    return series


def requirement_warnings(
    figures: pl.DataFrame, initiative: Initiative, *, month: str
) -> list[RequirementWarning]:
    """Every municipality and indicator of `figures` below its requirement `months_in_a_row`
    months in a row up to `month`."""
    warnings = []
    for (kode, indicator), months in requirement_series(figures, initiative, month=month).items():
        run = run_lengths([f.state for f in months])[-1]
        if run < initiative.early_warning.months_in_a_row:
            continue
        requirement = initiative.indicator(indicator).requirement
        assert requirement is not None
        warnings.append(
            RequirementWarning(
                initiative=initiative.key,
                kommunekode=kode,
                indicator=indicator,
                requirement=requirement,
                month=month,
                run=run,
                months=_run_months(months),
            )
        )
    return warnings


def _run_months(figures: list[MonthFigure]) -> tuple[MonthFigure, ...]:
    """The trailing months that make up the run: back to the first below-month after the last
    month that ended it."""
    start = len(figures)
    for i in range(len(figures) - 1, -1, -1):
        if figures[i].state in (MonthState.MET, MonthState.SMALL):
            break
        if figures[i].state is MonthState.BELOW:
            start = i
    return tuple(figures[start:])
