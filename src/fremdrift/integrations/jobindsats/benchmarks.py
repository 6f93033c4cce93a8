"""Which jobindsats.dk figures compare with which of our indicators, and fetching them.

The mapping is data (benchmarks.toml beside this module); this module reads it, checks it
names indicators that exist, and turns a table's data into rows to store.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from fremdrift.engine.definitions import load_initiative
from fremdrift.errors import UserError
from fremdrift.integrations.jobindsats.client import JobindsatsClient, TableMetadata
from fremdrift.integrations.jobindsats.periods import KIND_ORDER, Period


@dataclass(frozen=True)
class BenchmarkSpec:
    initiative: str
    indicator: str
    table: str
    measure: str
    unit: str = "pct"
    category: str = "i_alt"
    dimensions: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class BenchmarkRow:
    """One published figure mapped onto our indicator, ready to store."""

    initiative: str
    indicator: str
    table_id: str
    measure: str
    kommunekode: str | None  # None: the whole country
    period: Period
    value: float | None
    unit: str = "pct"
    category: str = "i_alt"


@cache
def specs() -> tuple[BenchmarkSpec, ...]:
    text = resources.files(__package__).joinpath("benchmarks.toml").read_text(encoding="utf-8")
    found = tuple(BenchmarkSpec(**item) for item in tomllib.loads(text)["benchmark"])
    for spec in found:
        keys = {i.key for i in load_initiative(spec.initiative).indicators}
        if spec.indicator not in keys:
            raise ValueError(f"benchmarks.toml: {spec.initiative} har ingen {spec.indicator}")
    return found


def spec_for(initiative: str, indicator: str) -> BenchmarkSpec:
    for spec in specs():
        if (spec.initiative, spec.indicator) == (initiative, indicator):
            return spec
    known = ", ".join(f"{s.initiative}/{s.indicator}" for s in specs())
    raise UserError(
        f"ingen jobindsats.dk-måling er knyttet til {initiative}/{indicator}; kendte: {known} "
        "(eller angiv --table og --measure)"
    )


def choose_periods(
    meta: TableMetadata, first: date | None = None, last: date | None = None
) -> list[Period]:
    """The table's periods of its finest kind (months before quarters before years) whose last
    month falls within first..last."""
    if not meta.periods:
        raise UserError(f"tabellen {meta.id} har ingen perioder, vi kan sammenligne med")
    kind = min((p.kind for p in meta.periods), key=KIND_ORDER.__getitem__)
    chosen = [
        p
        for p in meta.periods
        if p.kind == kind
        and (first is None or p.last_month >= first)
        and (last is None or p.last_month <= last)
    ]
    if not chosen:
        raise UserError(f"tabellen {meta.id} har ingen perioder i det valgte tidsrum")
    return chosen


def fetch_rows(
    client: JobindsatsClient,
    spec: BenchmarkSpec,
    *,
    kommunekoder: Sequence[str],
    meta: TableMetadata,
    periods: Sequence[Period],
    chunk: int = 12,
    progress: Callable[[int], object] = lambda n: None,
) -> list[BenchmarkRow]:
    """The country's and the municipalities' values, fetched a chunk of periods at a time."""
    areas: list[str | None] = [None, *kommunekoder]
    rows: list[BenchmarkRow] = []
    for start in range(0, len(periods), chunk):
        part = periods[start : start + chunk]
        points = client.data(
            spec.table,
            measure=spec.measure,
            areas=areas,
            periods=part,
            dimensions=spec.dimensions,
            metadata=meta,
        )
        rows.extend(
            BenchmarkRow(
                initiative=spec.initiative,
                indicator=spec.indicator,
                table_id=spec.table,
                measure=spec.measure,
                kommunekode=p.kommunekode,
                period=p.period,
                value=p.value,
                unit=spec.unit,
                category=spec.category,
            )
            for p in points
        )
        progress(len(part))
    return rows
