"""The persons behind the figures: counting them gives compute_indicators' figures, and the team
and jobformidler units of a municipality add up to it, on random deliveries."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.members import (
    LEVELS,
    all_units,
    jobformidler_units,
    members,
    unit_counts,
)
from fremdrift.engine.months import last_day, parse_month
from tests.engine.test_engine_vs_reference import INITIATIVES, initiative_named
from tests.strategies import deliveries, windows

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
STAFF = ("A1", "A2", "B1")
TEAMS = {"A1": "Team A", "A2": "Team A", "B1": None}  # B1 has no team


@st.composite
def staffed(draw: st.DrawFn) -> Delivery:
    """A random delivery whose jobformidler markings name one of three staff members (or none),
    staff known in every municipality, one of them without a team."""
    delivery = draw(deliveries())
    markeringer = delivery["markeringer"]
    staff = [
        draw(st.sampled_from((*STAFF, None))) if kind == "jobformidler" else None
        for kind in markeringer["markering"].to_list()
    ]
    kommuner = delivery.kommunekoder()
    medarbejdere = pl.DataFrame(
        [{"medarbejder_id": s, "kommunekode": k, "team": TEAMS[s]} for k in kommuner for s in STAFF]
    )
    frames = {name: delivery[name] for name in delivery.tables}
    frames["markeringer"] = markeringer.with_columns(
        medarbejder_id=pl.Series(staff, dtype=pl.String)
    )
    frames["medarbejdere"] = medarbejdere
    return Delivery.from_frames(frames)


def totals(figures: pl.DataFrame) -> pl.DataFrame:
    return (
        figures.filter((pl.col("level") == "kommune") & (pl.col("breakdown") == "total"))
        .select("kommunekode", "month", "indicator", "numerator", "denominator")
        .sort("kommunekode", "month", "indicator")
    )


def exempt(figures: pl.DataFrame) -> pl.DataFrame:
    return (
        figures.filter(
            (pl.col("level") == "kommune")
            & (pl.col("breakdown") == "fritaget")
            & (pl.col("category") == "fritaget")
        )
        .select("kommunekode", "month", "indicator", pl.col("denominator").alias("exempt"))
        .sort("kommunekode", "month", "indicator")
    )


@pytest.mark.parametrize("key", INITIATIVES)
@PROPERTY
@given(delivery=staffed(), window=windows())
def test_counting_the_members_gives_the_engines_figures(
    key: str, delivery: Delivery, window: tuple[date, date]
) -> None:
    initiative = initiative_named(key)
    first, last = window
    figures = compute_indicators(delivery, initiative, first, last)
    m = members(delivery, initiative, first, last)
    units = all_units(delivery, m)
    kommune = unit_counts(m, units["kommune"])

    ratio_keys = {i.key for i in initiative.indicators if i.ratio is not None}
    expected = totals(figures.filter(pl.col("indicator").is_in(ratio_keys)))
    shown = kommune.filter(pl.col("denominator") > 0)
    assert_frame_equal(
        shown.select(
            pl.col("unit").alias("kommunekode"), "month", "indicator", "numerator", "denominator"
        ).sort("kommunekode", "month", "indicator"),
        expected,
    )
    if all("fritaget" in i.breakdowns for i in initiative.indicators if i.ratio is not None):
        assert_frame_equal(
            kommune.filter(pl.col("exempt") > 0)
            .select(pl.col("unit").alias("kommunekode"), "month", "indicator", "exempt")
            .sort("kommunekode", "month", "indicator"),
            exempt(figures.filter(pl.col("indicator").is_in(ratio_keys))),
        )
    # "uden" is the denominator less the numerator, person by person.
    for ind in ratio_keys:
        for month in m.months:
            assert (
                m.flags(ind, "uden", month)
                == (m.flags(ind, "naevner", month) & ~m.flags(ind, "taeller", month))
            ).all()

    # Every level's units add up to the municipality's figures.
    for level in LEVELS:
        summed = (
            unit_counts(m, units[level])
            .group_by("kommunekode", "month", "indicator")
            .agg(pl.col("numerator", "denominator", "exempt").sum())
            .sort("kommunekode", "month", "indicator")
        )
        assert_frame_equal(
            summed, kommune.drop("level", "unit").sort("kommunekode", "month", "indicator")
        )


@PROPERTY
@given(delivery=staffed(), window=windows(max_months=6))
def test_a_citizen_belongs_to_the_jobformidler_covering_the_last_day_of_the_month(
    delivery: Delivery, window: tuple[date, date]
) -> None:
    m = members(delivery, initiative_named("fsm2"), *window)
    units = jobformidler_units(delivery, m)
    kommune_of = dict(delivery["borgere"].select("person_id", "kommunekode").iter_rows())
    marks = delivery["markeringer"].filter(
        (pl.col("markering") == "jobformidler") & pl.col("medarbejder_id").is_not_null()
    )
    for offset, month in enumerate(m.months):
        end = last_day(parse_month(month))
        for row, person_id in enumerate(m.persons["person_id"].to_list()):
            covering = [
                (start, staff)
                for pid, start, slut, staff in marks.select(
                    "person_id", "start", "slut", "medarbejder_id"
                ).iter_rows()
                if pid == person_id and start <= end and (slut is None or slut >= end)
            ]
            expected = max(covering)[1] if covering else None
            assert units.names[units.of[row, offset]] == (kommune_of[person_id], expected)


def test_team_of_a_jobformidler_without_team_is_none() -> None:
    delivery = Delivery.from_frames(
        {
            "borgere": pl.DataFrame(
                {
                    "person_id": ["p1", "p2", "p3"],
                    "kommunekode": ["147"] * 3,
                    "foedselsdato": [date(1980, 1, 1)] * 3,
                    "koen": ["K"] * 3,
                    "herkomst": ["dansk"] * 3,
                }
            ),
            "markeringer": pl.DataFrame(
                {
                    "person_id": ["p1", "p2"],
                    "markering": ["jobformidler"] * 2,
                    "start": [date(2021, 1, 1)] * 2,
                    "medarbejder_id": ["A1", "B1"],
                }
            ),
            "medarbejdere": pl.DataFrame(
                {
                    "medarbejder_id": ["A1", "B1"],
                    "kommunekode": ["147"] * 2,
                    "team": ["Team A", None],
                }
            ),
        }
    )
    m = members(delivery, initiative_named("fsm2"), date(2021, 1, 1), date(2021, 2, 1))
    units = all_units(delivery, m)
    team = [units["team"].names[i] for i in units["team"].of[:, 0]]
    assert team == [("147", "Team A"), ("147", None), ("147", None)]
    jf = [units["jobformidler"].names[i] for i in units["jobformidler"].of[:, 1]]
    assert jf == [("147", "A1"), ("147", "B1"), ("147", None)]
