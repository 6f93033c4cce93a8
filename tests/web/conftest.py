"""One small world for the web tests: two teams in Frederiksberg (147), Hedensted (766) next door.

| login              | role         | kommune | medarbejder          |
|--------------------|--------------|---------|----------------------|
| jf_own             | jobformidler | 147     | holds `own` (team A) |
| jf_other_team      | jobformidler | 147     | holds `team_b` (B)   |
| teamleder          | teamleder    | 147     | in team A            |
| projektleder       | projektleder | 147     | -                    |
| star               | star         | -       | -                    |
| projektleder_766   | projektleder | 766     | -                    |

Citizens: `own` (147, held by jf_own), `team_b` (147, held by jf_other_team), `unassigned` (147,
no jobformidler: every jobformidler there may see them) and `other_kommune` (766).
Companies: `147` and `766`, one in each municipality.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

PASSWORD = "korrekt-hest-batteri"  # the password tests/conftest.py's make_user gives


@dataclass
class World:
    users: dict[str, Any]
    borgere: dict[str, Any]
    virksomheder: dict[str, Any] = field(default_factory=dict)


def hold(borger: Any, medarbejder: Any, start: date = date(2024, 1, 1)) -> None:
    from fremdrift.borgere.models import Markering

    Markering.objects.create(
        borger=borger, markering="jobformidler", medarbejder=medarbejder, start=start
    )


@pytest.fixture
def world(
    make_user: Callable[..., Any],
    make_medarbejder: Callable[..., Any],
    make_borger: Callable[..., Any],
) -> World:
    from fremdrift.organisation.models import Role

    m_a = make_medarbejder("147", team="Team A", navn="Anna Jobformidler")
    m_b = make_medarbejder("147", team="Team B", navn="Bo Jobformidler")
    users = {
        "jf_own": make_user(Role.JOBFORMIDLER, "147", medarbejder=m_a, username="jf_own"),
        "jf_other_team": make_user(
            Role.JOBFORMIDLER, "147", medarbejder=m_b, username="jf_other_team"
        ),
        "teamleder": make_user(
            Role.TEAMLEDER,
            "147",
            medarbejder=make_medarbejder("147", team="Team A", navn="Tina Teamleder"),
            username="teamleder",
        ),
        "projektleder": make_user(Role.PROJEKTLEDER, "147", username="projektleder"),
        "star": make_user(Role.STAR, username="star"),
        "projektleder_766": make_user(Role.PROJEKTLEDER, "766", username="projektleder_766"),
    }
    borgere = {
        "own": make_borger("147", navn="Olga Egen"),
        "team_b": make_borger("147", navn="Bent Andetteam"),
        "unassigned": make_borger("147", navn="Uffe Utildelt"),
        "other_kommune": make_borger("766", navn="Hans Hedensted"),
    }
    hold(borgere["own"], m_a)
    hold(borgere["team_b"], m_b)
    hold(borgere["other_kommune"], make_medarbejder("766", team="Team H"))
    from fremdrift.virksomheder.models import Virksomhed

    virksomheder = {
        kommune: Virksomhed.objects.create(kommune_id=kommune, cvr=cvr, navn=f"Firma {kommune}")
        for kommune, cvr in (("147", "10000009"), ("766", "20000007"))
    }
    return World(users, borgere, virksomheder)
