"""A small job centre for the leader screens: Frederiksberg (147) with two teams.

| login      | role         | medarbejder                   |
|------------|--------------|-------------------------------|
| anna       | jobformidler | Anna (Team A), holds 5        |
| bo         | jobformidler | Bo (Team A), holds 1          |
| cai        | jobformidler | Cai (Team B), holds 1         |
| tina       | teamleder    | Tina (Team A), holds none     |
| pia        | projektleder | -                             |

Every citizen is in group 1 of FSM2 from a year ago. Anna's citizens: `t1_new` (trin 1 started
today), `t1_late` (trin 1 past its deadline), `t2` (trin 2, CV and jobmål), `t3_paid` (trin 3
with paid hours at a Detail shop), `t3_none` (trin 3, no agreement). Bo holds `exempt`
(exempted, trin 2), Cai (Team B) holds `team_b`; `nobody` has no jobformidler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest


@dataclass
class Centre:
    users: dict[str, Any]
    staff: dict[str, Any]
    borgere: dict[str, Any]
    today: date


def hold(borger: Any, medarbejder: Any, start: date) -> None:
    from fremdrift.borgere.models import Markering

    Markering.objects.create(
        borger=borger, markering="jobformidler", medarbejder=medarbejder, start=start
    )


def step(borger: Any, trin: int, start: date) -> None:
    from fremdrift.indsats.models import Step
    from fremdrift.indsats.services import step_deadline

    Step.objects.create(
        borger=borger,
        initiativ="fsm2",
        trin=trin,
        start=start,
        frist=step_deadline(initiativ="fsm2", trin=trin, start=start),
    )


@pytest.fixture
def centre(
    make_user: Callable[..., Any],
    make_medarbejder: Callable[..., Any],
    make_borger: Callable[..., Any],
) -> Centre:
    from fremdrift.borgere.models import Forloeb, Markering
    from fremdrift.indsats.models import CV, Jobmaal
    from fremdrift.organisation.models import Role
    from fremdrift.virksomheder.models import Aftale, Virksomhed

    today = date.today()
    year_ago = today - timedelta(days=365)
    staff = {
        "anna": make_medarbejder(team="Team A", navn="Anna"),
        "bo": make_medarbejder(team="Team A", navn="Bo"),
        "cai": make_medarbejder(team="Team B", navn="Cai"),
        "tina": make_medarbejder(team="Team A", navn="Tina"),
    }
    users = {
        "anna": make_user(Role.JOBFORMIDLER, medarbejder=staff["anna"], username="anna"),
        "bo": make_user(Role.JOBFORMIDLER, medarbejder=staff["bo"], username="bo"),
        "cai": make_user(Role.JOBFORMIDLER, medarbejder=staff["cai"], username="cai"),
        "tina": make_user(Role.TEAMLEDER, medarbejder=staff["tina"], username="tina"),
        "pia": make_user(Role.PROJEKTLEDER, username="pia"),
        "star": make_user(Role.STAR, username="star"),
    }
    names = ["t1_new", "t1_late", "t2", "t3_paid", "t3_none", "exempt", "team_b", "nobody"]
    borgere = {n: make_borger(navn=n.replace("_", " ").title()) for n in names}
    for b in borgere.values():
        Forloeb.objects.create(borger=b, initiativ="fsm2", gruppe=1, start=year_ago)
    for i, n in enumerate(["t1_new", "t1_late", "t2", "t3_paid", "t3_none"]):
        hold(borgere[n], staff["anna"], year_ago + timedelta(days=i))
    hold(borgere["exempt"], staff["bo"], year_ago)
    hold(borgere["team_b"], staff["cai"], year_ago)
    step(borgere["t1_new"], 1, today)
    step(borgere["t1_late"], 1, today - timedelta(days=60))
    step(borgere["t2"], 2, today - timedelta(days=20))
    step(borgere["t3_paid"], 3, today - timedelta(days=30))
    step(borgere["t3_none"], 3, today - timedelta(days=30))
    step(borgere["exempt"], 2, today - timedelta(days=10))
    step(borgere["team_b"], 2, today - timedelta(days=10))
    CV.objects.create(borger=borgere["t2"], senest_opdateret=today - timedelta(days=5))
    Jobmaal.objects.create(borger=borgere["t2"], beskrivelse="Lagermedarbejder", start=today)
    CV.objects.create(borger=borgere["t3_paid"], senest_opdateret=today - timedelta(days=5))
    Jobmaal.objects.create(
        borger=borgere["t3_paid"], beskrivelse="Butiksassistent", start=today - timedelta(days=40)
    )
    shop = Virksomhed.objects.create(
        kommune_id="147", cvr="10000009", navn="Købmanden", branche="Detail"
    )
    Aftale.objects.create(
        borger=borgere["t3_paid"],
        aktivitet="loennede_timer",
        virksomhed=shop,
        timer_pr_uge=10,
        start=today - timedelta(days=30),
    )
    Markering.objects.create(
        borger=borgere["exempt"],
        markering="fritagelse",
        fritagelsesgrund="Sygdom",
        start=today - timedelta(days=10),
    )
    return Centre(users, staff, borgere, today)
