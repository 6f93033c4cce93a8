"""Citizens through the API: the web app's access rule and audit log, and writes through the
services, a refused one leaving nothing behind and saying why in Danish and English."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Markering
from fremdrift.indsats.models import Kontakt
from fremdrift.virksomheder.models import Aftale, Timer
from tests.api.conftest import World

pytestmark = pytest.mark.django_db
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def events_after(last: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=last).order_by("id"))


def last_event() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# Who sees whom (tests/web/conftest.py): the same as the web app's list of citizens.
LISTS = {
    "jf_own": {"own", "unassigned"},
    "jf_other_team": {"team_b", "unassigned"},
    "teamleder": {"own", "unassigned"},
    "projektleder": {"own", "team_b", "unassigned"},
    "projektleder_766": {"other_kommune"},
}


@pytest.mark.parametrize("role", sorted(LISTS))
def test_the_list_is_the_access_rule_and_is_logged(api: Any, world: World, role: str) -> None:
    before = last_event()
    body = api(role).get("/api/v1/borgere/").json()
    ids = {b["id"] for b in body["items"]}
    assert ids == {world.borgere[name].pk for name in LISTS[role]}
    assert body["count"] == len(ids)
    (event,) = events_after(before)
    assert event.action == Action.VIEW and event.actor == world.users[role]
    assert set(event.after["borger_ids"]) == ids
    # The CPR number only masked.
    for item in body["items"]:
        assert item["cpr"].endswith("-xxxx")


def test_pages_follow_limit_and_offset_and_log_only_the_page(api: Any, world: World) -> None:
    client = api("projektleder")
    first = client.get("/api/v1/borgere/", {"limit": 2}).json()
    assert (first["count"], first["next_offset"], len(first["items"])) == (3, 2, 2)
    before = last_event()
    rest = client.get("/api/v1/borgere/", {"limit": 2, "offset": 2}).json()
    assert (rest["next_offset"], len(rest["items"])) == (None, 1)
    assert {b["id"] for b in first["items"] + rest["items"]} == {
        world.borgere[n].pk for n in ("own", "team_b", "unassigned")
    }
    (event,) = events_after(before)
    assert event.after["borger_ids"] == [rest["items"][0]["id"]]


def test_star_sees_no_citizen_and_the_refusal_is_logged(api: Any, world: World) -> None:
    before = last_event()
    response = api("star").get("/api/v1/borgere/")
    assert response.status_code == 403
    assert "STAR" in response.json()["detail"]
    (event,) = events_after(before)
    assert event.action == Action.DENIED
    pk = world.borgere["own"].pk
    assert api("star").get(f"/api/v1/borgere/{pk}").status_code == 403


@pytest.mark.parametrize(
    ("role", "borger", "status"),
    [
        ("jf_own", "own", 200),
        ("jf_own", "team_b", 404),
        ("jf_own", "other_kommune", 404),
        ("projektleder", "team_b", 200),
        ("projektleder", "other_kommune", 404),
        ("projektleder_766", "other_kommune", 200),
        ("projektleder_766", "own", 404),
    ],
)
def test_one_citizen_is_404_out_of_reach_and_every_look_is_logged(
    api: Any, world: World, role: str, borger: str, status: int
) -> None:
    target = world.borgere[borger]
    before = last_event()
    response = api(role).get(f"/api/v1/borgere/{target.pk}")
    assert response.status_code == status
    (event,) = events_after(before)
    assert event.borger_id == target.pk and event.actor == world.users[role]
    if status == 404:
        assert event.action == Action.DENIED
        assert response["Content-Type"] == "application/problem+json"
        assert target.navn not in response.content.decode()
    else:
        assert event.action == Action.VIEW
        body = response.json()
        assert body["navn"] == target.navn and target.person_id not in response.content.decode()


def test_the_course_is_the_borgerside(api: Any, world: World) -> None:
    borger = world.borgere["own"]
    virksomhed = world.virksomheder["147"]
    aftale = Aftale.objects.create(
        borger=borger, aktivitet="loennede_timer", virksomhed=virksomhed, start=date(2024, 3, 1)
    )
    Timer.objects.create(aftale=aftale, maaned=date(2024, 4, 1), timer=31)
    Kontakt.objects.create(borger=borger, dato=date(2024, 5, 2), form="telefon")
    body = api("jf_own").get(f"/api/v1/borgere/{borger.pk}").json()
    assert body["jobformidler"] == "Anna Jobformidler"
    assert [k["dato"] for k in body["kontakter"]] == ["2024-05-02"]
    (agreement,) = body["aftaler"]
    assert agreement["virksomhed_cvr"] == virksomhed.cvr
    assert {"maaned": "2024-04", "timer": "31.00"} in agreement["timer"]
    assert [m["markering"] for m in body["markeringer"]] == ["jobformidler"]


# --- Writes --------------------------------------------------------------------------------------


def test_a_contact_is_written_by_the_service_and_logged(api: Any, world: World) -> None:
    borger = world.borgere["own"]
    before = last_event()
    response = api("jf_own").post(
        f"/api/v1/borgere/{borger.pk}/kontakter",
        {"dato": YESTERDAY, "form": "telefon", "note": "Aftalt møde"},
    )
    assert response.status_code == 201
    kontakt = Kontakt.objects.get(pk=response.json()["id"])
    assert (kontakt.borger, kontakt.medarbejder) == (borger, world.users["jf_own"].medarbejder)
    actions = [(e.action, e.object_type) for e in events_after(before)]
    assert actions == [(Action.VIEW, "borger"), (Action.CREATE, "kontakt")]


def test_a_refused_write_leaves_nothing_and_says_why_in_both_languages(
    api: Any, world: World
) -> None:
    borger = world.borgere["own"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    before = last_event()
    response = api("jf_own", "en").post(
        f"/api/v1/borgere/{borger.pk}/kontakter", {"dato": tomorrow, "form": "telefon"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "urn:fremdrift:problem:refused"
    assert body["detail_da"] == "En kontakt kan ikke ligge i fremtiden."
    assert body["detail_en"] == body["detail"] == "A contact cannot be in the future."
    assert body["errors"][0]["field"] == "dato"
    assert not Kontakt.objects.exists()
    assert [e.action for e in events_after(before)] == [Action.VIEW]


@pytest.mark.parametrize(("role", "status"), [("star", 403), ("projektleder_766", 404)])
def test_a_write_out_of_reach_is_refused_and_writes_nothing(
    api: Any, world: World, role: str, status: int
) -> None:
    borger = world.borgere["own"]
    response = api(role).post(
        f"/api/v1/borgere/{borger.pk}/kontakter", {"dato": YESTERDAY, "form": "telefon"}
    )
    assert response.status_code == status
    assert not Kontakt.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DENIED, actor=world.users[role]).exists()


def test_markings_go_through_the_service(api: Any, world: World) -> None:
    url = f"/api/v1/borgere/{world.borgere['own'].pk}/markeringer"
    client = api("teamleder")
    refused = client.post(url, {"markering": "fritagelse", "start": "2024-02-01"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "fritagelsesgrund"
    made = client.post(
        url, {"markering": "fritagelse", "start": "2024-02-01", "fritagelsesgrund": "Sygdom"}
    )
    assert made.status_code == 201
    marking = Markering.objects.get(pk=made.json()["id"])
    assert (marking.markering, marking.fritagelsesgrund) == ("fritagelse", "Sygdom")
    # A jobformidler is assigned, not marked: refused by the schema.
    assert client.post(url, {"markering": "jobformidler", "start": "2024-02-01"}).status_code == 422


def test_agreements_and_hours_go_through_the_services(api: Any, world: World) -> None:
    borger = world.borgere["own"]
    client = api("jf_own")
    url = f"/api/v1/borgere/{borger.pk}/aftaler"
    refused = client.post(url, {"aktivitet": "virksomhedspraktik", "start": "2024-01-01"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "virksomhed"
    assert not Aftale.objects.exists()
    made = client.post(
        url,
        {
            "aktivitet": "virksomhedspraktik",
            "start": "2024-01-01",
            "virksomhed": "10000009",
            "timer_pr_uge": 12,
        },
    )
    assert made.status_code == 201
    aftale = Aftale.objects.get(pk=made.json()["id"])
    assert aftale.virksomhed == world.virksomheder["147"]

    hours = f"{url}/{aftale.pk}/timer/2024-03"
    assert client.put(hours, {"timer": "40.5"}).json()["timer"] == "40.50"
    assert client.put(hours, {"timer": "42"}).status_code == 200
    assert Timer.objects.get(aftale=aftale).timer == 42
    negative = client.put(hours, {"timer": "-1"})
    assert negative.status_code == 422 and "negative" in negative.json()["detail_en"].lower()
    assert Timer.objects.get(aftale=aftale).timer == 42
    # Another municipality's company, and another citizen's agreement: refused.
    other = client.post(
        url, {"aktivitet": "loentilskud", "start": "2024-01-01", "virksomhed": "20000007"}
    )
    assert other.status_code == 422
    team_b = world.borgere["team_b"]
    foreign = Aftale.objects.create(borger=team_b, aktivitet="andet", start=date(2024, 1, 1))
    assert client.put(f"{url}/{foreign.pk}/timer/2024-03", {"timer": 1}).status_code == 404
