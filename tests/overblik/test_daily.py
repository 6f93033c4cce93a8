"""The day's stored figures: read back while nothing changed, recomputed after a change or on a
new day, and the persons stored behind them count to the figures shown."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.borgere.models import Markering
from fremdrift.borgere.services import end_marking
from fremdrift.delivery.schema import Delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.members import LEVELS, PARTS
from fremdrift.engine.months import format_month
from fremdrift.leveringer.selectors import database_delivery
from fremdrift.organisation.models import Medarbejder, Role, Team
from fremdrift.overblik import daily
from fremdrift.overblik.models import DailyFigures
from fremdrift.overblik.services import set_goal
from tests.overblik.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_unchanged_data_is_read_back_not_recomputed(
    imported: Delivery, django_assert_max_num_queries: Any
) -> None:
    first = daily.current("147", initiative="fsm2", today=TODAY)
    with django_assert_max_num_queries(10):  # the fingerprint's aggregates and one read
        again = daily.current("147", initiative="fsm2", today=TODAY)
    assert again.computed_at == first.computed_at
    assert_frame_equal(again.units, first.units)
    assert DailyFigures.objects.count() == 1


def test_a_change_of_a_period_recomputes_the_figures(imported: Delivery, make_user: Any) -> None:
    before = daily.current("147", initiative="fsm2", today=TODAY)
    month_start = TODAY.replace(day=1)
    marking = Markering.objects.filter(
        borger__kommune_id="147",
        markering="jobformidler",
        slut__isnull=True,
        start__lt=month_start,
    ).first()
    assert marking is not None
    # Ending a period changes no row count and no highest id: the audit log tells.
    end_marking(
        actor=make_user(Role.PROJEKTLEDER), markering=marking, slut=month_start - timedelta(days=1)
    )

    after = daily.current("147", initiative="fsm2", today=TODAY)

    assert after.computed_at > before.computed_at
    first, last = daily.figure_period(TODAY)
    expected = compute_indicators(
        database_delivery(["147"]), load_initiative("fsm2"), first, last
    ).filter(pl.col("level") == "kommune")
    assert_frame_equal(after.figures, expected)
    assert not after.figures.equals(before.figures)


def test_a_new_day_recomputes(imported: Delivery) -> None:
    before = daily.current("147", initiative="fsm2", today=TODAY)
    after = daily.current("147", initiative="fsm2", today=TODAY + timedelta(days=1))
    assert after.computed_at > before.computed_at
    assert DailyFigures.objects.get().day == TODAY + timedelta(days=1)


def test_the_stored_persons_count_to_every_figure_shown(imported: Delivery) -> None:
    stored = daily.current("147", initiative="fsm2", today=TODAY)
    drill = stored.drill
    month = format_month(TODAY)
    rows = stored.units.filter(pl.col("month") == month)
    assert set(rows["level"]) == set(LEVELS)
    assert (
        rows.filter(pl.col("level") == "jobformidler")["unit"].n_unique() >= 2
    )  # uden and someone
    for level, unit, indicator, num, den, exempt in rows.select(
        "level", "unit", "indicator", "numerator", "denominator", "exempt"
    ).iter_rows():
        ids = {
            part: drill.person_ids(
                indicator=indicator, part=part, month=month, level=level, unit=unit
            )
            for part in PARTS
        }
        counted = (len(ids["taeller"]), len(ids["naevner"]), len(ids["fritaget"]))
        assert counted == (num, den, exempt)
        assert set(ids["uden"]) == set(ids["naevner"]) - set(ids["taeller"])


def test_a_goal_set_is_no_reason_to_recompute(imported: Delivery, make_user: Any) -> None:
    before = daily.current("147", initiative="fsm2", today=TODAY)
    set_goal(
        actor=make_user(Role.PROJEKTLEDER, "147"),
        initiative="fsm2",
        indicator="jobformidler",
        target=Decimal("40"),
    )
    assert daily.current("147", initiative="fsm2", today=TODAY).computed_at == before.computed_at


def test_moving_a_jobformidler_to_another_team_outside_the_services_recomputes(
    imported: Delivery,
) -> None:
    before = daily.current("147", initiative="fsm2", today=TODAY)
    medarbejder = Medarbejder.objects.filter(kommune_id="147", team__isnull=False).first()
    assert medarbejder is not None
    medarbejder.team = Team.objects.create(kommune_id="147", navn="Team Nyt")
    medarbejder.save()  # as the admin does: no audit event

    after = daily.current("147", initiative="fsm2", today=TODAY)

    assert after.computed_at > before.computed_at
    assert "Team Nyt" in set(after.units.filter(level="team")["unit"].drop_nulls())


def test_the_persons_of_a_replaced_computation_are_not_read(imported: Delivery) -> None:
    old = daily.current("147", initiative="fsm2", today=TODAY)
    new = daily.current("147", initiative="fsm2", today=TODAY + timedelta(days=1))
    with pytest.raises(DailyFigures.DoesNotExist):
        old.drill  # noqa: B018 - the read is what is tested
    assert new.drill.members.months[-1] == format_month(TODAY + timedelta(days=1))
