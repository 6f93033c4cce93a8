"""Per-person month masks of the populations and facts an initiative's indicators use.

The rules are those of docs/indicators.md; each function names the rule it implements.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import POPULATIONS, Initiative
from fremdrift.engine.masks import (
    OPEN_END,
    Ints,
    Masks,
    Periods,
    PersonKeys,
    Window,
    or_by_person,
    periods,
)

FRITAGET = "fritaget"


def facts_used(initiative: Initiative) -> set[str]:
    used = {FRITAGET, *POPULATIONS}
    for ind in initiative.indicators:
        if ind.ratio is not None:
            used.update(ind.ratio.denominator.facts(), ind.ratio.numerator.facts())
    return used


class FactBuilder:
    """Reduces a delivery to arrays once per initiative, then gives the fact masks per window."""

    def __init__(self, delivery: Delivery, initiative: Initiative, keys: PersonKeys):
        self.n = keys.n
        self.used = facts_used(initiative)
        mg = initiative.maalgruppe
        # "Once in, stays in" applies to program-period membership only; a benefit-based target
        # group takes its group-2 periods as delivered.
        reasons = mg.ending_reasons if mg.source == "forloeb" else None
        program = delivery["forloeb"].filter(pl.col("initiativ") == initiative.key)
        self.program = _program_periods(program, keys, reasons)
        marking_codes = self._codes("markering", "markering_siden_start") | {"fritagelse"}
        self.markeringer = periods(
            delivery["markeringer"], "markering", tuple(sorted(marking_codes)), keys
        )
        self.aktiviteter = periods(
            delivery["aktiviteter"], "aktivitet", tuple(sorted(self._codes("aktivitet"))), keys
        )
        target = {mg.ydelse} if mg.source == "ydelse" and mg.ydelse else set()
        benefit_codes = tuple(
            sorted(self._codes("ydelse", "ydelse_sidste_dag", "ydelse_ved_indgang") | target)
        )
        self.ydelser = periods(
            delivery["ydelser"], "ydelse", benefit_codes, keys, extra=("start", "slut")
        )
        self.target_code = mg.ydelse if mg.source == "ydelse" else None
        if self.target_code is not None:
            is_target = self.ydelser.kind == benefit_codes.index(self.target_code)
            first = _first_month(
                self.ydelser.pid[is_target], self.ydelser.start_month[is_target], self.n
            )
        else:
            first = _first_month(self.program.pid, self.program.start_month, self.n)
        self.first_program_month = first
        # ydelse_ved_indgang reads the start of the program period that gives the group; a
        # benefit-sourced target group has no such period, so the fact is never true there.
        entry_codes = sorted(self._codes("ydelse_ved_indgang"))
        self.entry = (
            _entry_benefits(self.program, self.ydelser, entry_codes)
            if self.target_code is None
            else {code: np.zeros(len(self.program.pid), dtype=bool) for code in entry_codes}
        )

    def _codes(self, *families: str) -> set[str]:
        return {f.partition(":")[2] for f in self.used if f.partition(":")[0] in families}

    def build(self, window: Window) -> dict[str, Masks]:
        facts: dict[str, Masks] = {}
        wins = _group_wins(self.program, window)
        gruppe = self.program.extra["gruppe"].to_numpy()
        g2 = or_by_person(self.program.pid, np.where(gruppe == 2, wins, np.uint64(0)), self.n)
        if self.target_code is None:
            g1 = or_by_person(self.program.pid, np.where(gruppe == 1, wins, np.uint64(0)), self.n)
            maalgruppe = g1 | g2
        else:
            maalgruppe = self.ydelser.touch(window, [self.target_code])[self.target_code]
            g2 = g2 & maalgruppe
            g1 = maalgruppe & ~g2
        facts.update(gruppe1=g1, gruppe2=g2, maalgruppe=maalgruppe)
        facts[FRITAGET] = self.markeringer.cover_last_day(window, ["fritagelse"])["fritagelse"]
        for family, table, last_day in (
            ("markering", self.markeringer, False),
            ("aktivitet", self.aktiviteter, False),
            ("ydelse", self.ydelser, False),
            ("ydelse_sidste_dag", self.ydelser, True),
        ):
            by_kind = table.cover_last_day if last_day else table.touch
            for code, mask in by_kind(window, self._codes(family)).items():
                facts[f"{family}:{code}"] = mask
        for code in self._codes("markering_siden_start"):
            facts[f"markering_siden_start:{code}"] = self._since_start(code, window)
        for code, flags in self.entry.items():
            facts[f"ydelse_ved_indgang:{code}"] = or_by_person(
                self.program.pid, np.where(flags, wins, np.uint64(0)), self.n
            )
        return facts

    def _since_start(self, code: str, window: Window) -> Masks:
        """markering_siden_start: every month from the first month in which a marking of the kind
        touched a month at or after the person's first program month."""
        m = self.markeringer
        rows = m.kind == m.codes.index(code)
        pid, start, end = m.pid[rows], m.start_month[rows], m.end_month[rows]
        eligible_from = np.maximum(start, self.first_program_month[pid])
        masks = np.where(eligible_from <= end, window.from_month(eligible_from), np.uint64(0))
        return or_by_person(pid, masks, self.n)


def _program_periods(
    program: pl.DataFrame, keys: PersonKeys, reasons: tuple[str, ...] | None
) -> Periods:
    """Program periods with their effective end ("once in, stays in") and the start of the
    person's next period, sorted by person and start."""
    ordered = program.with_columns(pid=pl.Series(keys.pid(program["person_id"]))).filter(
        pl.col("pid") >= 0
    )
    ordered = ordered.sort("pid", "start")
    same_person = pl.col("pid").shift(-1) == pl.col("pid")
    next_start = pl.when(same_person).then(pl.col("start").shift(-1))
    if reasons is None:
        effective = pl.col("slut")
    else:
        ends = pl.col("slutaarsag").is_in(list(reasons))
        effective = pl.when(ends).then(pl.col("slut")).otherwise(next_start - pl.duration(days=1))
    ordered = ordered.with_columns(_effective_end=effective, _next_start=next_start)
    return periods(
        ordered,
        "initiativ",
        (),
        keys,
        end="_effective_end",
        extra=("gruppe", "start", "_next_start"),
    )


def _group_wins(program: Periods, window: Window) -> Masks:
    """Months in which each program period gives the person's group: the months it touches, less
    its last month when the person's next period starts in that same month (that one then holds
    the later days; periods of a person do not overlap)."""
    touched = window.span(program.start_month, program.end_month)
    next_start = program.extra["_next_start"]
    next_month = (
        (next_start.dt.year().cast(pl.Int64) * 12 + next_start.dt.month().cast(pl.Int64) - 1)
        .fill_null(OPEN_END)
        .to_numpy()
    )
    lose_last = next_month == program.end_month
    return np.where(lose_last, touched & ~window.bit(program.end_month), touched)


def _first_month(pid: Ints, start_month: Ints, n: int) -> Ints:
    first = np.full(n, OPEN_END, dtype=np.int64)
    np.minimum.at(first, pid, start_month)
    return first


def _entry_benefits(program: Periods, ydelser: Periods, codes: list[str]) -> dict[str, np.ndarray]:
    """ydelse_ved_indgang: per program period, whether a benefit of each kind covered its start."""
    if not codes:
        return {}
    starts = pl.DataFrame({"pid": program.pid, "day": program.extra["start"]}).with_row_index("row")
    wanted = [ydelser.codes.index(c) for c in codes]
    benefits = pl.DataFrame(
        {
            "pid": ydelser.pid,
            "kind": ydelser.kind,
            "start": ydelser.extra["start"],
            "slut": ydelser.extra["slut"],
        }
    ).filter(pl.col("kind").is_in(wanted))
    covering = (
        starts.join(benefits, on="pid", how="inner")
        .filter(
            (pl.col("start") <= pl.col("day"))
            & (pl.col("slut").is_null() | (pl.col("slut") >= pl.col("day")))
        )
        .select("row", "kind")
        .unique()
    )
    out: dict[str, np.ndarray] = {}
    for code, kind in zip(codes, wanted, strict=True):
        flags = np.zeros(starts.height, dtype=bool)
        flags[covering.filter(pl.col("kind") == kind)["row"].to_numpy()] = True
        out[code] = flags
    return out
