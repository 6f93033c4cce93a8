"""The Borgerside and the list: what they show, that the CPR number never appears whole, and that
every look is one audit event."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Forloeb, Markering, Ydelse

from .conftest import World


@pytest.fixture
def full_borger(world: World) -> object:
    borger = world.borgere["own"]
    Forloeb.objects.create(borger=borger, initiativ="fsm2", gruppe=1, start=date(2024, 1, 1))
    Ydelse.objects.create(
        borger=borger,
        ydelse="kontanthjaelp",
        visitation="aktivitetsparat",
        start=date(2023, 6, 1),
        slut=date(2024, 12, 31),
    )
    Markering.objects.create(
        borger=borger,
        markering="fritagelse",
        start=date(2024, 3, 1),
        slut=date(2024, 4, 30),
        fritagelsesgrund="Sygdom",
    )
    return borger


def cpr_forms(person_id: str) -> list[str]:
    return [person_id, f"{person_id[:6]}-{person_id[6:]}"]


def test_the_borgerside_shows_the_case(client: Client, world: World, full_borger: object) -> None:
    borger = world.borgere["own"]
    client.force_login(world.users["jf_own"])
    response = client.get(reverse("borgere:detail", args=[borger.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Olga Egen</h1>" in page
    assert f"{borger.person_id[:6]}-xxxx" in page
    assert f"{borger.age_on(timezone.localdate())} år" in page
    assert "Dansk oprindelse" in page
    # Forløb, markings with their dates and who held the case, benefits.
    assert "Flere skal med 2" in page
    assert "1: indsatsgruppen" in page
    assert "Jobformidler" in page
    assert "Anna Jobformidler" in page
    assert "Fritagelse" in page
    assert "Sygdom" in page
    assert "01.03.2024" in page
    assert "30.04.2024" in page
    assert "Kontanthjælp" in page
    assert "Aktivitetsparat" in page


def test_the_cpr_number_never_appears_whole(
    client: Client, world: World, full_borger: object
) -> None:
    client.force_login(world.users["projektleder"])
    for url in [
        reverse("borgere:list"),
        *(reverse("borgere:detail", args=[b.pk]) for b in world.borgere.values()),
    ]:
        page = client.get(url).content.decode()
        for borger in world.borgere.values():
            for form in cpr_forms(borger.person_id):
                assert form not in page, url
                assert form not in url


def test_one_look_is_one_audit_event(client: Client, world: World) -> None:
    borger = world.borgere["own"]
    user = world.users["teamleder"]
    client.force_login(user)
    client.get(reverse("borgere:detail", args=[borger.pk]))
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.borger_id, event.kommune_id, event.view) == (
        user,
        Action.VIEW,
        borger.pk,
        "147",
        "borgere:detail",
    )


def test_a_citizen_out_of_reach_is_a_404_and_logged_as_denied(client: Client, world: World) -> None:
    borger = world.borgere["other_kommune"]
    client.force_login(world.users["projektleder"])
    response = client.get(reverse("borgere:detail", args=[borger.pk]))
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
    assert "Hans" not in response.content.decode()
    event = AuditEvent.objects.get()
    assert (event.action, event.borger_id) == (Action.DENIED, borger.pk)


def test_star_is_refused_every_citizen(client: Client, world: World) -> None:
    client.force_login(world.users["star"])
    assert client.get(reverse("borgere:list")).status_code == 403
    response = client.get(reverse("borgere:detail", args=[world.borgere["own"].pk]))
    assert response.status_code == 403
    assert "Ingen adgang" in response.content.decode()
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {Action.DENIED}


def test_the_list_shows_exactly_the_visible_citizens_and_logs_them(
    client: Client, world: World
) -> None:
    client.force_login(world.users["jf_own"])
    page = client.get(reverse("borgere:list")).content.decode()
    shown = {key for key, b in world.borgere.items() if b.navn in page}
    assert shown == {"own", "unassigned"}
    # Their own caseload first, with who holds it; then the citizens to be assigned.
    assert page.index("Olga Egen") < page.index("Anna Jobformidler") < page.index("Uffe Utildelt")
    assert "Ingen: kan tildeles" in page
    event = AuditEvent.objects.get()
    assert event.view == "borgere:list"
    assert event.after is not None
    assert sorted(event.after["borger_ids"]) == sorted(
        world.borgere[key].pk for key in ("own", "unassigned")
    )
