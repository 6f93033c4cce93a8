"""compute_indicators: a delivery and an initiative in, the long-form figures out.

The steps: periods become per-person month masks (`facts`), each indicator's numerator and
denominator become masks by bitwise operations on them, the masks are counted per cell of
persons (`counting`), and cells are summed into every breakdown on both levels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl

from fremdrift.delivery.schema import Delivery
from fremdrift.engine import counting
from fremdrift.engine.definitions import Condition, Indicator, Initiative, Ratio
from fremdrift.engine.facts import FRITAGET, FactBuilder
from fremdrift.engine.masks import WINDOW_MAX, Masks, PersonKeys, Window, distinct_persons
from fremdrift.engine.months import format_month, month_from_index, month_index
from fremdrift.engine.output import OUTPUT_COLUMNS, OUTPUT_SCHEMA, finish
from fremdrift.engine.status import status_counts


def compute_indicators(
    delivery: Delivery, initiative: Initiative, first: date, last: date
) -> pl.DataFrame:
    persons = distinct_persons(delivery["borgere"])
    ratios = [i for i in initiative.indicators if i.kind == "ratio"]
    parts: list[pl.DataFrame] = []
    if ratios and persons.height:
        builder = FactBuilder(delivery, initiative, PersonKeys(persons["person_id"]))
        for window in _windows(first, last):
            parts.extend(_ratio_rows(initiative, ratios, builder.build(window), persons, window))
    for ind in initiative.indicators:
        if ind.kind == "status_efter_forloeb":
            parts.append(_status_rows(initiative, ind, status_counts(delivery, ind, first, last)))
    if not parts:
        return finish(pl.DataFrame(schema=OUTPUT_SCHEMA))
    return finish(pl.concat(parts, how="vertical_relaxed"))


def _windows(first: date, last: date) -> Iterator[Window]:
    start, end = month_index(first), month_index(last)
    if end < start:
        return
    for w0 in range(start, end + 1, WINDOW_MAX):
        yield Window(w0, min(WINDOW_MAX, end - w0 + 1))


@dataclass(frozen=True)
class RatioMasks:
    """A ratio indicator's person masks: the rule of which persons a figure counts, shared by
    the counts (`compute_indicators`) and the persons behind them (`members`)."""

    numerator: Masks  # the exempt included
    denominator: Masks
    exempt: Masks
    excluded: bool  # whether the published figure leaves the exempt out

    def shown(self, mask: Masks) -> Masks:
        """`mask` as published: without the exempt where the initiative says so."""
        return mask & ~self.exempt if self.excluded else mask


def ratio_masks(initiative: Initiative, ratio: Ratio, facts: dict[str, Masks]) -> RatioMasks:
    den = _condition(facts, ratio.denominator, facts[ratio.population])
    num = _condition(facts, ratio.numerator, den)
    return RatioMasks(num, den, facts[FRITAGET], initiative.excludes_exempt(ratio))


def _condition(facts: dict[str, Masks], cond: Condition, base: Masks) -> Masks:
    out = base.copy()
    for f in cond.all:
        out &= facts[f]
    if cond.any:
        out &= np.bitwise_or.reduce([facts[f] for f in cond.any])
    for f in cond.none:
        out &= ~facts[f]
    return out


@dataclass(frozen=True)
class _PartCounts:
    """Counts of a numerator or denominator mask, per cell and month."""

    shown: counting.Counts  # as published (exempt left out where the rule says so)
    exempt: counting.Counts  # only the exempt
    not_exempt: counting.Counts
    by_age: counting.Counts  # `shown`, counted in age cells


def _ratio_rows(
    initiative: Initiative,
    indicators: list[Indicator],
    facts: dict[str, Masks],
    persons: pl.DataFrame,
    window: Window,
) -> Iterator[pl.DataFrame]:
    static = counting.static_cells(persons)
    age = counting.age_cells(persons, window)
    counted: dict[tuple[object, ...], counting.Counts] = {}

    def count(cells: counting.Cells, key: tuple[object, ...], masks: Masks) -> counting.Counts:
        # Indicators share denominators: count each distinct mask once per kind of cell.
        full_key = (cells is age, *key)
        if full_key not in counted:
            counted[full_key] = counting.count_bits(cells, masks, window)
        return counted[full_key]

    def part(key: tuple[object, ...], mask: Masks, masks: RatioMasks) -> _PartCounts:
        shown_mask = masks.shown(mask)
        shown = count(static, (masks.excluded, *key), shown_mask)
        ex = count(static, ("exempt", *key), mask & masks.exempt)
        return _PartCounts(
            shown=shown,
            exempt=ex,
            not_exempt=shown if masks.excluded else shown - ex,
            by_age=count(age, (masks.excluded, *key), shown_mask),
        )

    for ind in indicators:
        ratio = ind.ratio
        assert ratio is not None
        masks = ratio_masks(initiative, ratio, facts)
        den_key = (ratio.population, ratio.denominator)
        yield from _breakdown_rows(
            initiative,
            ind,
            part((*den_key, ratio.numerator), masks.numerator, masks),
            part(den_key, masks.denominator, masks),
            static,
            age,
            window,
        )


def _breakdown_rows(
    initiative: Initiative,
    ind: Indicator,
    num: _PartCounts,
    den: _PartCounts,
    static: counting.Cells,
    age: counting.Cells,
    window: Window,
) -> Iterator[pl.DataFrame]:
    for breakdown in ind.breakdowns:
        if breakdown == "fritaget":
            categories = ["fritaget", "ikke_fritaget"]
            num_v, den_v = (
                np.concatenate(
                    [
                        counting.by_category(static, p.exempt, "total", window).values,
                        counting.by_category(static, p.not_exempt, "total", window).values,
                    ],
                    axis=1,
                )
                for p in (num, den)
            )
        elif breakdown == "alder":
            grouped = counting.by_category(age, num.by_age, breakdown, window)
            categories, num_v = grouped.categories, grouped.values
            den_v = counting.by_category(age, den.by_age, breakdown, window).values
        else:
            grouped = counting.by_category(static, num.shown, breakdown, window)
            categories, num_v = grouped.categories, grouped.values
            den_v = counting.by_category(static, den.shown, breakdown, window).values
        yield _frame(
            initiative, ind.key, breakdown, categories, static.kommuner, num_v, den_v, window
        )


def _frame(
    initiative: Initiative,
    indicator: str,
    breakdown: str,
    categories: list[str],
    kommuner: list[str],
    num: npt.NDArray[np.int64],
    den: npt.NDArray[np.int64],
    window: Window,
) -> pl.DataFrame:
    """num/den[k, c, m] as rows on the kommune level, and their sums on the national level."""
    nk, nc, nm = num.shape
    # Row nk of the stacked arrays is the national level.
    num = np.concatenate([num, num.sum(axis=0, keepdims=True)])
    den = np.concatenate([den, den.sum(axis=0, keepdims=True)])
    k_idx, c_idx, m_idx = (a.ravel() for a in np.indices((nk + 1, nc, nm)))
    shown = den.ravel() > 0
    k_idx, c_idx, m_idx = k_idx[shown], c_idx[shown], m_idx[shown]
    months = [format_month(month_from_index(window.w0 + m)) for m in range(nm)]
    national = k_idx == nk
    return pl.DataFrame(
        {
            "initiative": pl.repeat(initiative.key, len(k_idx), eager=True),
            "month": pl.Series(months, dtype=pl.String).gather(m_idx),
            "level": pl.Series(["kommune", "national"]).gather(national.astype(np.int64)),
            "kommunekode": pl.Series([*kommuner, None], dtype=pl.String).gather(k_idx),
            "breakdown": pl.repeat(breakdown, len(k_idx), eager=True),
            "category": pl.Series(categories, dtype=pl.String).gather(c_idx),
            "indicator": pl.repeat(indicator, len(k_idx), eager=True),
            "numerator": num.ravel()[shown],
            "denominator": den.ravel()[shown],
        }
    )


def _status_rows(initiative: Initiative, ind: Indicator, counts: pl.DataFrame) -> pl.DataFrame:
    month = pl.col("month")
    as_text = pl.format(
        "{}-{}",
        (month // 12).cast(pl.String).str.zfill(4),
        (month % 12 + 1).cast(pl.String).str.zfill(2),
    )
    kommune = counts.with_columns(level=pl.lit("kommune"))
    national = (
        counts.group_by("month", "category")
        .agg(pl.col("numerator").sum(), pl.col("denominator").sum())
        .with_columns(level=pl.lit("national"), kommunekode=pl.lit(None, dtype=pl.String))
    )
    return (
        pl.concat([kommune.select(national.columns), national], how="vertical_relaxed")
        .with_columns(
            as_text.alias("month"),
            initiative=pl.lit(initiative.key),
            breakdown=pl.lit("total"),
            indicator=pl.lit(ind.key),
        )
        .select(OUTPUT_COLUMNS)
    )
