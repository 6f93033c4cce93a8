"""Reads of stored benchmarks: the country's (or a municipality's) published figure beside ours.

Overblik and the reports call `benchmark` for one month and `benchmark_series` for a trend. A
benchmark is what jobindsats.dk published, fetched with `fremdrift jobindsats fetch`; nothing
here computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from django.db.models import QuerySet

from fremdrift.engine.months import add_months, parse_month
from fremdrift.integrations.jobindsats.periods import KIND_ORDER, Period
from fremdrift.integrations.models import Benchmark, BenchmarkFetch
from fremdrift.numbers import NOTHING, number

# A published figure older than this is not shown as "the country's figure" for a month.
MAX_AGE_MONTHS: Final = 12


@dataclass(frozen=True)
class BenchmarkValue:
    initiative: str
    indicator: str
    category: str  # the engine's category: `i_alt`, or a state of status_efter_forloeb
    kommunekode: str | None  # None: the whole country
    period: str  # the jobindsats.dk code, e.g. 2024Q1
    period_label: str  # Danish, e.g. "1. kvartal 2024"
    month: date  # first day of the last month the period covers
    value: float | None  # None: published as missing (discretion), never zero
    unit: str  # "pct" (a share in per cent) or "antal"
    source: str
    table_id: str
    measure: str
    fetched_at: datetime

    @property
    def national(self) -> bool:
        return self.kommunekode is None

    @property
    def share(self) -> float | None:
        """The value as a fraction 0-1 like our numerator/denominator, for shares only."""
        if self.value is None or self.unit != "pct":
            return None
        return self.value / 100

    def text(self) -> str:
        """Danish notation: `12,5 %`, `1.234`, or `–` when published as missing."""
        if self.value is None:
            return NOTHING
        if self.unit == "pct":
            return f"{number(self.value, 1)} %"
        return number(self.value)


def benchmark(
    *,
    initiative: str,
    indicator: str,
    kommunekode: str | None = None,
    month: date | str,
    category: str = "i_alt",
) -> BenchmarkValue | None:
    """The published figure to show beside our figure for `month`, or None if none is stored.

    The latest period ending in `month` or in the MAX_AGE_MONTHS before it; for the same end
    month a monthly figure before a quarter, a quarter before a rolling year or a year.
    """
    last = _month(month)
    rows = _rows(initiative, indicator, kommunekode, category).filter(
        month__lte=last, month__gt=add_months(last, -MAX_AGE_MONTHS)
    )
    best = min(rows, key=_preference, default=None)
    return None if best is None else _value(best)


def benchmark_series(
    *,
    initiative: str,
    indicator: str,
    kommunekode: str | None = None,
    first: date | str | None = None,
    last: date | str | None = None,
    category: str = "i_alt",
) -> list[BenchmarkValue]:
    """The published figures over time, of one period kind (the finest stored), by month."""
    rows = _rows(initiative, indicator, kommunekode, category)
    if first is not None:
        rows = rows.filter(month__gte=_month(first))
    if last is not None:
        rows = rows.filter(month__lte=_month(last))
    found = list(rows)
    if not found:
        return []
    kind = min((b.period_kind for b in found), key=KIND_ORDER.__getitem__)
    return [_value(b) for b in sorted(found, key=lambda b: b.month) if b.period_kind == kind]


def latest_benchmarks() -> list[BenchmarkValue]:
    """The latest stored figure per indicator, category and area, for the list of benchmarks."""
    latest: dict[tuple[str, str, str, str], Benchmark] = {}
    for b in Benchmark.objects.select_related("fetch").order_by("month"):
        key = (b.initiative, b.indicator, b.category, b.kommunekode)
        if key not in latest or _preference(b) < _preference(latest[key]):
            latest[key] = b
    return [_value(latest[key]) for key in sorted(latest)]


def recent_fetches(limit: int = 20) -> list[BenchmarkFetch]:
    return list(BenchmarkFetch.objects.order_by("-fetched_at")[:limit])


def _rows(
    initiative: str, indicator: str, kommunekode: str | None, category: str
) -> QuerySet[Benchmark]:
    return Benchmark.objects.select_related("fetch").filter(
        initiative=initiative, indicator=indicator, category=category, kommunekode=kommunekode or ""
    )


def _preference(b: Benchmark) -> tuple[int, int, float]:
    """Latest end month first; then the finer period; then the latest fetch."""
    return (-b.month.toordinal(), KIND_ORDER[b.period_kind], -b.fetch.fetched_at.timestamp())


def _month(month: date | str) -> date:
    return parse_month(month) if isinstance(month, str) else month.replace(day=1)


def _value(b: Benchmark) -> BenchmarkValue:
    return BenchmarkValue(
        initiative=b.initiative,
        indicator=b.indicator,
        category=b.category,
        kommunekode=b.kommunekode or None,
        period=b.period,
        period_label=Period.parse(b.period).label(),
        month=b.month,
        value=b.value,
        unit=b.unit,
        source=b.source,
        table_id=b.table_id,
        measure=b.measure,
        fetched_at=b.fetch.fetched_at,
    )
