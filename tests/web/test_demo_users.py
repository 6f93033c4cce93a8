"""`fremdrift create_demo_users`: one login per role and municipality plus STAR, linked to staff
who hold citizens, idempotent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from fremdrift.borgere.access import visible_borgere
from fremdrift.organisation.models import Role, User
from fremdrift.organisation.services import DEMO_PASSWORD

from .conftest import hold


@pytest.fixture
def staff(make_medarbejder: Callable[..., Any], make_borger: Callable[..., Any]) -> dict[str, Any]:
    """147: `busy` holds 3 citizens, `light` 1 (same team), `former` only ended cases.
    766: `hedensted` holds 2, `colleague` none."""
    m = {
        "busy": make_medarbejder("147", team="Team A"),
        "light": make_medarbejder("147", team="Team A"),
        "former": make_medarbejder("147", team="Team B"),
        "hedensted": make_medarbejder("766", team="Team H"),
        "colleague": make_medarbejder("766", team="Team H"),
    }
    for holder, count in (("busy", 3), ("light", 1), ("hedensted", 2)):
        kommune = m[holder].kommune_id
        for _ in range(count):
            hold(make_borger(kommune), m[holder])
    from fremdrift.borgere.models import Markering

    for _ in range(5):
        Markering.objects.create(
            borger=make_borger("147"),
            markering="jobformidler",
            medarbejder=m["former"],
            start=date(2020, 1, 1),
            slut=date(2020, 12, 31),
        )
    return m


def run(*kommuner: str) -> str:
    out = StringIO()
    call_command("create_demo_users", "--kommuner", ",".join(kommuner), stdout=out)
    return out.getvalue()


def test_one_login_per_role_and_municipality_and_one_for_star(staff: dict[str, Any]) -> None:
    output = run("147", "766")
    logins = {u.username: u for u in User.objects.all()}
    assert set(logins) == {
        "demo-jobformidler-147",
        "demo-teamleder-147",
        "demo-projektleder-147",
        "demo-jobformidler-766",
        "demo-teamleder-766",
        "demo-projektleder-766",
        "demo-star",
    }
    assert logins["demo-jobformidler-147"].medarbejder == staff["busy"]
    assert logins["demo-teamleder-147"].medarbejder == staff["light"]
    assert logins["demo-jobformidler-766"].medarbejder == staff["hedensted"]
    assert logins["demo-teamleder-766"].medarbejder == staff["colleague"]
    assert logins["demo-projektleder-147"].medarbejder is None
    star = logins["demo-star"]
    assert (star.role, star.kommune_id) == (Role.STAR, None)
    # The leader sees the jobformidler's caseload: they share a team.
    jobformidler_sees = set(visible_borgere(logins["demo-jobformidler-147"]))
    assert len(jobformidler_sees) >= 3
    assert jobformidler_sees <= set(visible_borgere(logins["demo-teamleder-147"]))
    # The printed table: username, password, role, municipality.
    lines = output.splitlines()
    assert lines[0].split()[:4] == ["brugernavn", "adgangskode", "rolle", "kommune"]
    assert any(
        line.split()[:4] == ["demo-teamleder-766", DEMO_PASSWORD, "teamleder", "766"]
        for line in lines
    )
    assert all(u.password.startswith("argon2$") for u in logins.values())


def test_running_again_resets_passwords_and_creates_nothing(
    staff: dict[str, Any], client: Client
) -> None:
    run("147")
    user = User.objects.get(username="demo-jobformidler-147")
    user.set_password("en-anden-adgangskode")
    user.save()
    for attempt in range(5):
        client.post(reverse("login"), {"username": user.username, "password": f"x{attempt}"})
    ids = set(User.objects.values_list("pk", flat=True))

    output = run("147")
    assert set(User.objects.values_list("pk", flat=True)) == ids
    assert "oprettet" not in output
    assert output.count("nulstillet") == 4
    # The demo password works again, and the lock from the mistyped attempts is lifted.
    response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_staff_with_their_own_login_are_left_alone(
    staff: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    make_user(Role.JOBFORMIDLER, "147", medarbejder=staff["busy"], username="anna")
    run("147")
    assert User.objects.get(username="anna").medarbejder == staff["busy"]
    assert User.objects.get(username="demo-jobformidler-147").medarbejder == staff["light"]


def test_a_municipality_without_caseloads_stops_everything(staff: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="791 har ingen medarbejder med borgere"):
        run("147", "791")
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="ukendt kommunekode: 999"):
        run("999")
