"""Counting set bits per month, per cell of persons, and rolling cells up to the breakdowns.

A cell is the persons who share kommune, herkomst, køn and age path (age band in the window's
first month and the month they reach the next band). Every breakdown is a sum of cells, so each
mask is counted once, however many breakdowns are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fremdrift.delivery.schema import HERKOMST_TO_3
from fremdrift.engine.masks import Masks, Window

AGE_BANDS: Final = (
    "under_16", "16-19", "20-24", "25-29", "30-34", "35-39",
    "40-44", "45-49", "50-54", "55-59", "60-64", "65+",
)  # fmt: skip
# Age at which each band starts (band 0 starts at birth).
BAND_START: Final = np.array([0, 16, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65], dtype=np.int64)

Counts = npt.NDArray[np.int64]


def age_band(age_years: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return np.searchsorted(BAND_START, age_years, side="right").astype(np.int64) - 1


@dataclass(frozen=True)
class Cells:
    """Persons grouped by kommune and one more attribute: the unit that masks are counted in.

    Two kinds: `static` cells (kommune, herkomst, køn) serve every breakdown whose category does
    not change with the month; `age` cells (kommune, age band in the window's first month, month
    of reaching the next band) serve the age breakdown.
    """

    cell: npt.NDArray[np.int64]  # per person
    kommune: npt.NDArray[np.int64]  # per cell: index into kommuner
    attributes: dict[str, npt.NDArray[np.int64]]  # per cell
    kommuner: list[str]
    herkomster: list[str]
    koen_codes: list[str]

    @property
    def n(self) -> int:
        return len(self.kommune)


def _cells(
    kommune: npt.NDArray[np.int64],
    columns: dict[str, tuple[npt.NDArray[np.int64], int]],
    persons: pl.DataFrame,
    kommuner: list[str],
) -> Cells:
    key = kommune
    space = max(len(kommuner), 1)
    for values, size in columns.values():
        key = key * size + values
        space *= size
    # Keys are small bounded integers: number the ones present without sorting.
    present = np.bincount(key, minlength=space) > 0
    uniq = np.flatnonzero(present)
    cell = (np.cumsum(present) - 1)[key]
    attributes: dict[str, npt.NDArray[np.int64]] = {}
    rest = uniq
    for name, (_, size) in reversed(columns.items()):
        rest, attributes[name] = np.divmod(rest, size)
    return Cells(
        cell.astype(np.int64),
        rest,
        attributes,
        kommuner,
        sorted(persons["herkomst"].unique().to_list()),
        sorted(persons["koen"].unique().to_list()),
    )


def static_cells(persons: pl.DataFrame) -> Cells:
    """Persons need columns kommunekode, herkomst and koen."""
    kommuner = sorted(persons["kommunekode"].unique().to_list())
    herkomster = sorted(persons["herkomst"].unique().to_list())
    koen_codes = sorted(persons["koen"].unique().to_list())
    return _cells(
        _codes(persons["kommunekode"], kommuner),
        {
            "herkomst": (_codes(persons["herkomst"], herkomster), len(herkomster)),
            "koen": (_codes(persons["koen"], koen_codes), len(koen_codes)),
        },
        persons,
        kommuner,
    )


def age_cells(persons: pl.DataFrame, window: Window) -> Cells:
    """Persons need columns kommunekode and foedselsdato."""
    kommuner = sorted(persons["kommunekode"].unique().to_list())
    birth = persons["foedselsdato"]
    birth_month = (
        birth.dt.year().cast(pl.Int64) * 12 + birth.dt.month().cast(pl.Int64) - 1
    ).to_numpy()
    # Age on the last day of a month is whole years between the birth month and that month.
    band0 = age_band(np.maximum(window.w0 - birth_month, 0) // 12)
    has_next = band0 + 1 < len(BAND_START)
    next_start = BAND_START[np.minimum(band0 + 1, len(BAND_START) - 1)]
    cross = birth_month + 12 * next_start - window.w0
    cross = np.where(has_next & (cross < window.size), np.maximum(cross, 0), window.size)
    return _cells(
        _codes(persons["kommunekode"], kommuner),
        {"band0": (band0, len(AGE_BANDS)), "cross": (cross, window.size + 1)},
        persons,
        kommuner,
    )


def _codes(series: pl.Series, values: list[str]) -> npt.NDArray[np.int64]:
    lookup = {v: i for i, v in enumerate(values)}
    return series.replace_strict(lookup, return_dtype=pl.Int64).to_numpy()


def count_bits(cells: Cells, masks: Masks, window: Window) -> Counts:
    """counts[c, m] = persons of cell c whose mask has bit m set.

    A mask is a few runs of consecutive months; a count by month is the running sum of runs
    starting minus runs that ended. So only the first and last bit of each run is visited,
    usually one of each per person, instead of every month.
    """
    # Months 0..size-1, and one more bin per cell for "no bit", dropped at the end.
    width = window.size + 1
    events = np.zeros(cells.n * width, dtype=np.int64)
    one = np.uint64(1)
    persons = cells.cell
    present = np.flatnonzero(masks)
    if present.size < 0.6 * masks.size:  # most masks are zero for most persons: drop those first
        masks, persons = masks[present], persons[present]
    run_starts = masks & ~(masks << one)
    run_ends = (masks & ~(masks >> one)) << one  # the month after each run's last month
    for bits, sign in ((run_starts, 1), (run_ends, -1)):
        cell = persons  # bits is a fresh array: updated in place below
        while bits.size:
            lowest = bits & (~bits + one)
            month = np.bitwise_count(lowest - one).astype(np.int64)  # 64 when bits == 0
            np.minimum(month, window.size, out=month)
            events += sign * np.bincount(cell * width + month, minlength=cells.n * width)
            bits ^= lowest
            further = np.flatnonzero(bits)  # persons with a further run: few
            bits, cell = bits[further], cell[further]
    return np.cumsum(events.reshape(cells.n, width)[:, : window.size], axis=1)


@dataclass(frozen=True)
class Grouped:
    """Counts by kommune and category: values[k, c, m]."""

    categories: list[str]
    values: Counts


def by_category(cells: Cells, counts: Counts, breakdown: str, window: Window) -> Grouped:
    """Sum cells into one breakdown; `cells` must be age cells for `alder`, static otherwise."""
    nk = len(cells.kommuner)
    if breakdown in ("total", "fritaget"):
        return Grouped(["i_alt"], _sum(cells.kommune, counts, nk, 1, np.zeros(cells.n, np.int64)))
    if breakdown == "herkomst":
        h = cells.attributes["herkomst"]
        return Grouped(cells.herkomster, _sum(cells.kommune, counts, nk, len(cells.herkomster), h))
    if breakdown == "herkomst3":
        folded = sorted({HERKOMST_TO_3[h] for h in cells.herkomster})
        index = np.array([folded.index(HERKOMST_TO_3[h]) for h in cells.herkomster], dtype=np.int64)
        h = index[cells.attributes["herkomst"]]
        return Grouped(folded, _sum(cells.kommune, counts, nk, len(folded), h))
    if breakdown == "koen":
        s = cells.attributes["koen"]
        return Grouped(cells.koen_codes, _sum(cells.kommune, counts, nk, len(cells.koen_codes), s))
    if breakdown == "alder":
        # Months before the crossing count in the first band, the rest in the next.
        band0, cross = cells.attributes["band0"], cells.attributes["cross"]
        before = np.where(np.arange(window.size)[None, :] < cross[:, None], counts, 0)
        upper = np.minimum(band0 + 1, len(AGE_BANDS) - 1)
        values = _sum(cells.kommune, before, nk, len(AGE_BANDS), band0)
        values += _sum(cells.kommune, counts - before, nk, len(AGE_BANDS), upper)
        return Grouped(list(AGE_BANDS), values)
    raise ValueError(f"unknown breakdown {breakdown!r}")


def _sum(
    kommune: npt.NDArray[np.int64],
    counts: Counts,
    nk: int,
    ncat: int,
    category: npt.NDArray[np.int64],
) -> Counts:
    """Sum the rows of cells into [kommune, category, month] by runs of equal groups."""
    months = counts.shape[1]
    out = np.zeros((nk * ncat, months), dtype=np.int64)
    if counts.shape[0] == 0:
        return out.reshape(nk, ncat, months)
    group = kommune * ncat + category
    if np.any(group[1:] < group[:-1]):  # cells come sorted by kommune, not always by category
        order = np.argsort(group, kind="stable")
        group, counts = group[order], counts[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    out[group[starts]] = np.add.reduceat(counts, starts, axis=0)
    return out.reshape(nk, ncat, months)
