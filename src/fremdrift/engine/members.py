"""The persons behind a figure, and figures below the municipality (team, jobformidler).

`members` gives, per ratio indicator, each person's month masks of the numerator, the
denominator, the denominator less the numerator ("uden") and the exempt, from the same facts and
the same rule (`compute.ratio_masks`) as `compute_indicators`: counting them gives its total
figures. `Units` places each person in one unit per month (their kommune, their jobformidler,
their jobformidler's team, or "none" within their kommune), so the figures of a level's units
add up to the municipality's by construction (docs/indicators.md, "Team og jobformidler").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.compute import ratio_masks
from fremdrift.engine.definitions import Initiative
from fremdrift.engine.facts import FactBuilder
from fremdrift.engine.masks import WINDOW_MAX, Masks, PersonKeys, Window, distinct_persons, periods
from fremdrift.engine.months import format_month, month_from_index, month_index

Part = Literal["taeller", "naevner", "uden", "fritaget"]
# taeller/naevner as published; uden = naevner and not taeller; fritaget = the denominator's
# exempt persons (the `fritaget` category of the `fritaget` breakdown).
PARTS: Final[tuple[Part, ...]] = ("taeller", "naevner", "uden", "fritaget")
Level = Literal["kommune", "team", "jobformidler"]
LEVELS: Final[tuple[Level, ...]] = ("kommune", "team", "jobformidler")
UNIT_COUNT_SCHEMA: Final[dict[str, pl.DataType]] = {
    "kommunekode": pl.String(),
    "level": pl.String(),
    "unit": pl.String(),  # kommunekode, team name or medarbejder_id; null: no team/jobformidler
    "month": pl.String(),
    "indicator": pl.String(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
    "exempt": pl.Int64(),
}


@dataclass(frozen=True)
class Members:
    """Per ratio indicator and part, one month mask per person (rows of `persons`)."""

    initiative: str
    window: Window
    persons: pl.DataFrame  # person_id, kommunekode
    masks: dict[tuple[str, Part], Masks]

    @property
    def months(self) -> list[str]:
        return [format_month(month_from_index(self.window.w0 + m)) for m in range(self.window.size)]

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(key for key, _ in self.masks))

    def offset(self, month: str) -> int:
        """The bit of `month` (YYYY-MM) in the masks; ValueError outside the window."""
        return self.months.index(month)

    def flags(self, indicator: str, part: Part, month: str) -> npt.NDArray[np.bool_]:
        bit = np.uint64(self.offset(month))
        return ((self.masks[(indicator, part)] >> bit) & np.uint64(1)).astype(bool)

    def bits(self, indicator: str, part: Part) -> npt.NDArray[np.bool_]:
        """(persons, months): whether the person is in the part in each month."""
        shifts = np.arange(self.window.size, dtype=np.uint64)
        return ((self.masks[(indicator, part)][:, None] >> shifts) & np.uint64(1)).astype(bool)


def members(delivery: Delivery, initiative: Initiative, first: date, last: date) -> Members:
    """The persons in each part of each ratio indicator, months `first`..`last` (one window)."""
    w0, size = month_index(first), month_index(last) - month_index(first) + 1
    if not 0 < size <= WINDOW_MAX:
        raise ValueError(f"members covers 1..{WINDOW_MAX} months, not {size}")
    window = Window(w0, size)
    persons = distinct_persons(delivery["borgere"])
    ratios = [i for i in initiative.indicators if i.ratio is not None]
    out: dict[tuple[str, Part], Masks] = {}
    if persons.height:
        facts = FactBuilder(delivery, initiative, PersonKeys(persons["person_id"])).build(window)
    for ind in ratios:
        assert ind.ratio is not None
        if not persons.height:
            out.update({(ind.key, p): np.zeros(0, dtype=np.uint64) for p in PARTS})
            continue
        rm = ratio_masks(initiative, ind.ratio, facts)
        taeller, naevner = rm.shown(rm.numerator), rm.shown(rm.denominator)
        out[(ind.key, "taeller")] = taeller
        out[(ind.key, "naevner")] = naevner
        out[(ind.key, "uden")] = naevner & ~taeller
        out[(ind.key, "fritaget")] = rm.denominator & rm.exempt
    return Members(
        initiative=initiative.key,
        window=window,
        persons=persons.select("person_id", "kommunekode"),
        masks=out,
    )


@dataclass(frozen=True)
class Units:
    """Each person's unit in each month: `of[person, month]` indexes `names`, pairs of the
    person's kommunekode and the unit's name (None: no team or jobformidler)."""

    level: Level
    names: list[tuple[str, str | None]]
    of: npt.NDArray[np.int32]  # (persons, months)

    def persons_in(self, unit: tuple[str, str | None], offset: int) -> npt.NDArray[np.bool_]:
        if unit not in self.names:
            return np.zeros(self.of.shape[0], dtype=bool)
        in_unit: npt.NDArray[np.bool_] = self.of[:, offset] == self.names.index(unit)
        return in_unit


def kommune_units(m: Members) -> Units:
    kommuner = m.persons["kommunekode"].to_list()
    names = sorted(set(kommuner))
    index = {k: i for i, k in enumerate(names)}
    per_person = np.array([index[k] for k in kommuner], dtype=np.int32)
    of = np.repeat(per_person[:, None], m.window.size, axis=1)
    return Units("kommune", [(k, k) for k in names], of)


def jobformidler_units(delivery: Delivery, m: Members) -> Units:
    """The medarbejder of the jobformidler marking covering the last day of the month; with
    several, the latest started (then the highest medarbejder_id)."""
    keys = PersonKeys(m.persons["person_id"])
    rows = delivery["markeringer"].filter(
        (pl.col("markering") == "jobformidler") & pl.col("medarbejder_id").is_not_null()
    )
    marks = periods(rows, "markering", ("jobformidler",), keys, extra=("start", "medarbejder_id"))
    kommuner = m.persons["kommunekode"].to_numpy()
    staff = marks.extra["medarbejder_id"].to_numpy()
    unit_keys = [(str(k), str(s)) for k, s in zip(kommuner[marks.pid], staff, strict=True)]
    none_keys = [(k, None) for k in sorted(set(kommuner.tolist()))]
    names: list[tuple[str, str | None]] = [*none_keys, *sorted(set(unit_keys))]
    index = {name: i for i, name in enumerate(names)}
    row_unit = np.array([index[k] for k in unit_keys], dtype=np.int32)
    of = np.repeat(
        np.array([index[(k, None)] for k in kommuner.tolist()], dtype=np.int32)[:, None],
        m.window.size,
        axis=1,
    )
    # Rows in order of start, then medarbejder_id: the last row of a person wins.
    order = np.lexsort((staff.astype(str), marks.extra["start"].to_numpy()))
    for offset in range(m.window.size):
        month = m.window.w0 + offset
        covering = order[
            (marks.start_month[order] <= month) & (marks.end_month_full[order] >= month)
        ]
        latest = covering[::-1]
        _, first = np.unique(marks.pid[latest], return_index=True)
        chosen = latest[first]
        of[marks.pid[chosen], offset] = row_unit[chosen]
    return Units("jobformidler", names, of)


def team_units(delivery: Delivery, jobformidlere: Units) -> Units:
    """The team of the person's jobformidler (delivery `medarbejdere`); none without either."""
    staff = delivery["medarbejdere"]
    team_of = {
        (k, s): t
        for k, s, t in staff.select("kommunekode", "medarbejder_id", "team").iter_rows()
        if t is not None
    }
    teams = [(k, team_of.get((k, s)) if s is not None else None) for k, s in jobformidlere.names]
    names = sorted(set(teams), key=lambda n: (n[0], n[1] is not None, n[1] or ""))
    index = {name: i for i, name in enumerate(names)}
    remap = np.array([index[t] for t in teams], dtype=np.int32)
    return Units("team", names, remap[jobformidlere.of])


def unit_counts(m: Members, units: Units) -> pl.DataFrame:
    """Numerator, denominator and exempt per unit, month and indicator (UNIT_COUNT_SCHEMA);
    rows where the denominator and the exempt are both zero are left out."""
    n_units, size = len(units.names), m.window.size
    cell = (units.of.astype(np.int64) * size + np.arange(size)).ravel()
    frames = []
    for indicator in m.indicators:
        counts = {
            part: np.bincount(
                cell, weights=m.bits(indicator, part).ravel(), minlength=n_units * size
            )
            .astype(np.int64)
            .reshape(n_units, size)
            for part in ("taeller", "naevner", "fritaget")
        }
        u, mo = np.indices((n_units, size))
        frames.append(
            pl.DataFrame(
                {
                    "kommunekode": [units.names[i][0] for i in u.ravel()],
                    "level": units.level,
                    "unit": pl.Series([units.names[i][1] for i in u.ravel()], dtype=pl.String),
                    "month": [m.months[i] for i in mo.ravel()],
                    "indicator": indicator,
                    "numerator": counts["taeller"].ravel(),
                    "denominator": counts["naevner"].ravel(),
                    "exempt": counts["fritaget"].ravel(),
                },
                schema=UNIT_COUNT_SCHEMA,
            )
        )
    if not frames:
        return pl.DataFrame(schema=UNIT_COUNT_SCHEMA)
    out = pl.concat(frames)
    return out.filter((pl.col("denominator") > 0) | (pl.col("exempt") > 0))


def all_units(delivery: Delivery, m: Members) -> dict[Level, Units]:
    jobformidlere = jobformidler_units(delivery, m)
    return {
        "kommune": kommune_units(m),
        "team": team_units(delivery, jobformidlere),
        "jobformidler": jobformidlere,
    }
