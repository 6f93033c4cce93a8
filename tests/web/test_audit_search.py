"""The leaders' audit search: own municipality only, newest first, filters, and a CPR number that
is POSTed, resolved inside the municipality and never shown again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.audit.selectors import borger_id_for_cpr, search_events
from fremdrift.audit.services import record

from .conftest import World

CPH = ZoneInfo("Europe/Copenhagen")
URL = "/audit/"


@contextmanager
def at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Events written inside get `moment` as their time (auto_now_add reads timezone.now)."""
    with monkeypatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: moment)
        yield


def look(user: Any, borger: Any) -> AuditEvent:
    return record(
        actor=user,
        action=Action.VIEW,
        obj=borger,
        borger_id=borger.pk,
        kommune_id=borger.kommune_id,
        view="borgere:detail",
    )


def rows(response: Any) -> list[AuditEvent]:
    return list(response.context["page"].object_list)


@pytest.fixture
def history(world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, AuditEvent]:
    """Looks on three days in Frederiksberg, one in Hedensted."""
    u, b = world.users, world.borgere
    events = {}
    with at(datetime(2025, 3, 1, 9, 0, tzinfo=CPH), monkeypatch):
        events["jf_own_march"] = look(u["jf_own"], b["own"])
    with at(datetime(2025, 3, 15, 23, 30, tzinfo=CPH), monkeypatch):
        # Late evening in Denmark is already the next day in UTC: still 15 March here.
        events["jf_other_mid_march"] = look(u["jf_other_team"], b["team_b"])
    with at(datetime(2025, 4, 2, 10, 0, tzinfo=CPH), monkeypatch):
        events["projektleder_april"] = look(u["projektleder"], b["own"])
        events["hedensted"] = look(u["projektleder_766"], b["other_kommune"])
    return events


def test_a_leader_sees_the_own_municipality_newest_first(
    client: Client, world: World, history: dict[str, AuditEvent]
) -> None:
    client.force_login(world.users["teamleder"])
    response = client.get(URL)
    assert response.status_code == 200
    assert rows(response) == [
        history["projektleder_april"],
        history["jf_other_mid_march"],
        history["jf_own_march"],
    ]
    assert "Frederiksberg Kommune" in response.content.decode()


def test_filters_by_user_action_and_danish_days(
    client: Client, world: World, history: dict[str, AuditEvent]
) -> None:
    client.force_login(world.users["projektleder"])

    def search(**data: Any) -> list[AuditEvent]:
        response = client.post(URL, data)
        assert response.status_code == 200
        assert response.context["form"].is_valid(), response.context["form"].errors
        return rows(response)

    assert search(actor=world.users["jf_own"].pk) == [history["jf_own_march"]]
    assert search(action=Action.VIEW, start="2025-03-15", end="2025-03-15") == [
        history["jf_other_mid_march"]
    ]
    assert search(start="2025-04-01") == [history["projektleder_april"]]
    assert search(action=Action.LOGIN) == []


def test_the_user_choices_are_the_municipality_s_logins(client: Client, world: World) -> None:
    client.force_login(world.users["teamleder"])
    form = client.get(URL).context["form"]
    choices = set(form.fields["actor"].queryset.values_list("username", flat=True))
    assert choices == {"jf_own", "jf_other_team", "teamleder", "projektleder"}
    # A login of another municipality is no valid choice.
    response = client.post(URL, {"actor": world.users["projektleder_766"].pk})
    assert "actor" in response.context["form"].errors


def test_a_cpr_number_is_resolved_inside_the_municipality_and_never_shown(
    client: Client, world: World, history: dict[str, AuditEvent]
) -> None:
    borger = world.borgere["own"]
    leader = world.users["teamleder"]
    client.force_login(leader)
    response = client.post(URL, {"cpr": f"{borger.person_id[:6]}-{borger.person_id[6:]}"})
    assert rows(response)[1:] == [history["projektleder_april"], history["jf_own_march"]]
    page = response.content.decode()
    assert borger.person_id not in page
    assert borger.person_id[6:] not in page
    # Shown again as the citizen's number, so the next page keeps the filter.
    assert f'name="borger" value="{borger.pk}"' in page
    # Looking up who saw a citizen is itself a look at the citizen.
    lookup = rows(response)[0]
    assert (lookup.actor, lookup.borger_id, lookup.view) == (leader, borger.pk, "audit:search")


def test_a_cpr_number_of_another_municipality_finds_nothing(
    client: Client, world: World, history: dict[str, AuditEvent]
) -> None:
    other = world.borgere["other_kommune"]
    client.force_login(world.users["projektleder"])
    response = client.post(URL, {"cpr": other.person_id})
    assert response.context["cpr_not_found"]
    assert rows(response) == []
    assert other.person_id not in response.content.decode()
    assert borger_id_for_cpr(user=world.users["projektleder"], cpr=other.person_id) is None
    assert borger_id_for_cpr(user=world.users["projektleder_766"], cpr=other.person_id) == (
        other.pk
    )


def test_an_invalid_cpr_number_is_refused_without_echoing_it(client: Client, world: World) -> None:
    client.force_login(world.users["projektleder"])
    response = client.post(URL, {"cpr": "3213991234"})
    assert "cpr" in response.context["form"].errors
    assert "3213991234" not in response.content.decode()


def test_a_cpr_number_in_the_query_string_is_ignored(
    client: Client, world: World, history: dict[str, AuditEvent]
) -> None:
    # The form only reads POST: a CPR number in a URL (and so in server logs) filters nothing.
    client.force_login(world.users["projektleder"])
    response = client.get(URL, {"cpr": world.borgere["own"].person_id})
    assert len(rows(response)) == 3


def test_pages_are_posted_and_keep_the_filter(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    borger = world.borgere["unassigned"]
    for _ in range(60):
        look(world.users["jf_own"], borger)
    look(world.users["jf_own"], world.borgere["own"])
    client.force_login(world.users["projektleder"])
    first = client.post(URL, {"cpr": borger.person_id})
    # 60 looks and the search's own.
    assert first.context["page"].paginator.count == 61
    assert 'name="page" value="2"' in first.content.decode()
    second = client.post(URL, {"borger": borger.pk, "page": "2"})
    assert [e.borger_id for e in rows(second)] == [borger.pk] * 12
    assert second.context["page"].number == 2


def test_the_selector_gives_others_nothing(world: World, history: dict[str, AuditEvent]) -> None:
    for role in ("jf_own", "star"):
        assert not search_events(user=world.users[role]).exists()
    assert list(search_events(user=world.users["projektleder_766"])) == [history["hedensted"]]
