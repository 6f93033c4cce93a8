"""The business case's count of citizens who left benefits, and the step-up counts, from the
case system's tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from fremdrift.borgere.models import Forloeb, Ydelse
from fremdrift.indsats.models import StepUpTilbud
from fremdrift.reports.content import Figure
from fremdrift.styregruppe.selectors import (
    HIDDEN,
    business_case_for,
    leavers,
    step_up_counts,
)

pytestmark = pytest.mark.django_db


def _citizen(
    make_borger: Callable[..., Any],
    benefits: list[tuple[str, date, date | None]],
    *,
    forloeb: tuple[date, date | None] | None = (date(2020, 1, 1), None),
    kommune: str = "147",
) -> Any:
    borger = make_borger(kommune)
    for ydelse, start, slut in benefits:
        Ydelse.objects.create(borger=borger, ydelse=ydelse, start=start, slut=slut)
    if forloeb:
        Forloeb.objects.create(
            borger=borger, initiativ="fsm2", gruppe=1, start=forloeb[0], slut=forloeb[1]
        )
    return borger


def _off_kontanthjaelp(
    make_borger: Callable[..., Any], then: str, on: date = date(2020, 7, 1), **kwargs: Any
) -> Any:
    """On kontanthjælp from 2019 to 30 June 2020, then on `then` from `on`."""
    benefits = [("kontanthjaelp", date(2019, 1, 1), date(2020, 6, 30)), (then, on, None)]
    return _citizen(make_borger, benefits, **kwargs)


def test_leavers_counts_who_left_for_work_or_self_support_in_the_year_they_left(
    make_borger: Callable[..., Any],
) -> None:
    # Left kontanthjælp for work in 2020: counts in 2020.
    _off_kontanthjaelp(make_borger, "loenmodtagerbeskaeftigelse")
    # Left integrationsydelse for self-support 20 days later in 2021.
    _citizen(
        make_borger,
        [
            ("integrationsydelse", date(2019, 1, 1), date(2021, 3, 10)),
            ("selvforsoergelse", date(2021, 3, 30), None),
        ],
    )
    # Not counted: moved to another benefit; a gap over 31 days; never in the initiative;
    # still on kontanthjælp; another municipality.
    _off_kontanthjaelp(make_borger, "sygedagpenge")
    _off_kontanthjaelp(make_borger, "loenmodtagerbeskaeftigelse", on=date(2020, 8, 2))
    _off_kontanthjaelp(make_borger, "loenmodtagerbeskaeftigelse", forloeb=None)
    _citizen(make_borger, [("kontanthjaelp", date(2019, 1, 1), None)])
    _off_kontanthjaelp(make_borger, "loenmodtagerbeskaeftigelse", kommune="766")

    assert leavers("147") == {(2020, "kontanthjaelp"): 1, (2021, "integrationsydelse"): 1}


def test_the_business_case_runs_from_the_first_year_to_this_year_at_the_default_rates(
    make_borger: Callable[..., Any],
) -> None:
    _citizen(
        make_borger,
        [
            ("kontanthjaelp", date(2019, 1, 1), date(2021, 6, 30)),
            ("loenmodtagerbeskaeftigelse", date(2021, 7, 1), None),
        ],
    )

    case = business_case_for("147", today=date(2023, 5, 1))

    assert [(r.aar, r.borgere, r.besparelse) for r in case.rows] == [
        (2021, 1, 226_000),
        (2022, 0, 0),
        (2023, 0, 0),
    ]
    assert case.defaults == {"kontanthjaelp", "integrationsydelse"}


def test_step_up_counts_who_takes_part_today_and_who_waits(
    make_borger: Callable[..., Any],
) -> None:
    today = date(2025, 6, 1)
    taking_part, waiting, ended = (make_borger("147") for _ in range(3))
    for borger, start, slut in (
        (taking_part, date(2025, 5, 1), None),
        (waiting, None, None),
        (ended, date(2025, 1, 1), date(2025, 3, 1)),
    ):
        StepUpTilbud.objects.create(
            borger=borger,
            forvaltning="sundhed",
            beskrivelse="Mentormotion",
            tilbudt=date(2025, 1, 1),
            start=start,
            slut=slut,
        )
    # Two offers to the same citizen count once.
    StepUpTilbud.objects.create(
        borger=taking_part, forvaltning="sundhed", beskrivelse="Gåture", tilbudt=today, start=today
    )

    counts = {c.forvaltning: c for c in step_up_counts("147", today=today)}

    # One taking part, one waiting: a count of 1-4 is hidden from the steering group and
    # keeps no number a template could print by mistake.
    assert counts["sundhed"].deltager == HIDDEN
    assert counts["sundhed"].tilbudt == HIDDEN
    assert counts["social"].deltager == Figure(0, None)


def test_five_taking_part_is_shown(make_borger: Callable[..., Any]) -> None:
    today = date(2025, 6, 1)
    for _ in range(5):
        StepUpTilbud.objects.create(
            borger=make_borger("147"),
            forvaltning="misbrug",
            beskrivelse="Misbrugsrådgivning",
            tilbudt=today,
            start=today,
        )
    counts = {c.forvaltning: c for c in step_up_counts("147", today=today)}
    assert counts["misbrug"].deltager == Figure(5, None)
