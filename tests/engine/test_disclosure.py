"""Disclosure control: nothing from 1 to 4 is shown, and no hidden count comes back by subtraction.

The attack below knows the published table and every additive relation between its figures that
holds on the true values (categories add up to totals, herkomst folds to herkomst3, kommuner add
up to the national figure, states add up to the courses ended), and solves every relation with
one unknown over and over. It must not recover any count from 1 to 4.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from fremdrift.delivery.schema import HERKOMST_TO_3, Delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.disclosure import MARK, masked, suppress

Key = tuple[object, ...]


def small_delivery(seed: int, persons: int) -> Delivery:
    """Random but valid: one program period per person, several markings and activities."""
    rng = np.random.default_rng(seed)
    ids = [f"p{i}" for i in range(persons)]
    start = date(2020, 1, 1)

    def day(max_days: int) -> date:
        return start + timedelta(days=int(rng.integers(0, max_days)))

    def periods(kinds: list[str], column: str, n: int) -> pl.DataFrame:
        rows = []
        for _ in range(n):
            s = day(400)
            open_end = rng.random() < 0.3
            rows.append(
                {
                    "person_id": ids[int(rng.integers(0, persons))],
                    column: kinds[int(rng.integers(0, len(kinds)))],
                    "start": s,
                    "slut": None if open_end else s + timedelta(days=int(rng.integers(0, 200))),
                }
            )
        return pl.DataFrame(rows)

    borgere = pl.DataFrame(
        {
            "person_id": ids,
            "kommunekode": rng.choice(["147", "766", "791"], persons).tolist(),
            "foedselsdato": [
                date(1960, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 9000, persons)
            ],
            "koen": rng.choice(["M", "K"], persons).tolist(),
            "herkomst": rng.choice(list(HERKOMST_TO_3)[:5], persons).tolist(),
        }
    )
    forloeb = pl.DataFrame(
        {
            "person_id": ids,
            "initiativ": ["fsm2"] * persons,
            "gruppe": rng.choice([1, 1, 2], persons).tolist(),
            "start": [day(300) for _ in ids],
        }
    )
    return Delivery.from_frames(
        {
            "borgere": borgere,
            "forloeb": forloeb,
            # Markings of one kind never overlap per person in a real delivery; the engine does
            # not rely on it, and overlaps only make counts larger here.
            "markeringer": periods(["jobformidler", "step_up", "fritagelse"], "markering", persons),
            "aktiviteter": periods(
                ["loennede_timer", "uddannelse", "virksomhedspraktik"], "aktivitet", persons
            ),
            "ydelser": periods(["kontanthjaelp", "fleksjob"], "ydelse", persons),
        }
    )


def relations(frame: pl.DataFrame) -> list[tuple[Key, list[Key]]]:
    """Candidate sums (total, parts) over row keys; the attacker keeps those that hold."""
    rows = frame.to_dicts()
    cell = lambda r: (r["indicator"], r["month"], r["level"], r["kommunekode"])  # noqa: E731
    by_cell: dict[Key, dict[Key, list[Key]]] = defaultdict(lambda: defaultdict(list))
    national: dict[Key, list[Key]] = defaultdict(list)
    folds: dict[Key, list[Key]] = defaultdict(list)
    keys = {}
    for r in rows:
        key = (*cell(r), r["breakdown"], r["category"])
        keys[key] = r
        by_cell[cell(r)][r["breakdown"]].append(key)
        if r["level"] == "kommune":
            national[
                (r["indicator"], r["month"], "national", None, r["breakdown"], r["category"])
            ].append(key)
        if r["breakdown"] == "herkomst":
            folds[(*cell(r), "herkomst3", HERKOMST_TO_3[r["category"]])].append(key)
    out: list[tuple[Key, list[Key]]] = []
    for c, breakdowns in by_cell.items():
        total = (*c, "total", "i_alt")
        for b, parts in breakdowns.items():
            if b != "total":
                out.append((total, parts))
    out.extend((total, parts) for total, parts in national.items() if total in keys)
    out.extend((total, parts) for total, parts in folds.items() if total in keys)
    return out


def recovered_small_counts(
    frame: pl.DataFrame, published: pl.DataFrame
) -> list[tuple[Key, str, int]]:
    true: dict[tuple[Key, str], int] = {}
    known: dict[tuple[Key, str], int] = {}
    for t, p in zip(frame.iter_rows(named=True), published.iter_rows(named=True), strict=True):
        key = (
            t["indicator"],
            t["month"],
            t["level"],
            t["kommunekode"],
            t["breakdown"],
            t["category"],
        )
        for part in ("numerator", "denominator"):
            true[(key, part)] = t[part]
            if p[part] != MARK:
                known[(key, part)] = int(p[part])
    leaks = []
    equations = [
        (part, total, parts)
        for total, parts in relations(frame)
        for part in ("numerator", "denominator")
        if true[(total, part)] == sum(true[(k, part)] for k in parts)
    ]
    changed = True
    while changed:
        changed = False
        for part, total, parts in equations:
            members = [total, *parts]
            unknown = [k for k in members if (k, part) not in known]
            if len(unknown) != 1:
                continue
            k = unknown[0]
            rest = sum(known[(p, part)] for p in parts if p != k)
            value = known[(total, part)] - rest if k != total else rest
            known[(k, part)] = value
            changed = True
            assert value == true[(k, part)]
            if 1 <= value <= 4:
                leaks.append((k, part, value))
    return leaks


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_hidden_count_can_be_recovered_by_subtraction(seed: int) -> None:
    frame = compute_indicators(
        small_delivery(seed, 120), load_initiative("fsm2"), date(2020, 1, 1), date(2020, 12, 1)
    )
    published = masked(frame)
    assert published.height == frame.height
    small = frame.filter(
        pl.col("numerator").is_between(1, 4) | pl.col("denominator").is_between(1, 4)
    )
    assert small.height > 0, "the test data must contain small counts to protect"
    shown = published.filter((pl.col("numerator") != MARK) & (pl.col("denominator") != MARK))
    assert (
        not shown.with_columns(pl.col("numerator", "denominator").cast(pl.Int64))
        .filter(pl.col("numerator").is_between(1, 4) | pl.col("denominator").is_between(1, 4))
        .height
    )
    assert recovered_small_counts(frame, published) == []


def test_secondary_suppression_hides_a_second_category() -> None:
    frame = pl.DataFrame(
        {
            "initiative": ["fsm2"] * 3,
            "month": ["2020-01"] * 3,
            "level": ["kommune"] * 3,
            "kommunekode": ["147"] * 3,
            "breakdown": ["total", "koen", "koen"],
            "category": ["i_alt", "K", "M"],
            "indicator": ["jobformidler"] * 3,
            "numerator": [30, 3, 27],
            "denominator": [100, 40, 60],
        }
    )
    assert suppress(frame)["suppressed"].to_list() == [False, True, True]


def test_large_counts_are_untouched() -> None:
    frame = compute_indicators(
        small_delivery(7, 2000), load_initiative("fsm2"), date(2020, 6, 1), date(2020, 6, 1)
    )
    totals = frame.filter(pl.col("breakdown") == "total", pl.col("level") == "national")
    assert not suppress(totals)["suppressed"].any()
