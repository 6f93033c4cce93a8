"""Caseloads through the API: whose caseload a login may open (the Min sagsstamme rule), and
the citizens of one, logged as a look at each of them."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.organisation.models import Medarbejder
from tests.api.conftest import World

pytestmark = pytest.mark.django_db


def staff(world: World, *names: str) -> set[int]:
    return set(Medarbejder.objects.filter(navn__in=names).values_list("pk", flat=True))


def test_whose_caseloads_each_role_may_open(api: Any, world: World) -> None:
    def listed(role: str) -> set[int]:
        return {row["medarbejder"] for row in api(role).get("/api/v1/sagsstammer/").json()}

    assert listed("jf_own") == staff(world, "Anna Jobformidler")
    assert listed("teamleder") == staff(world, "Anna Jobformidler", "Tina Teamleder")
    assert listed("projektleder") == set(
        Medarbejder.objects.filter(kommune_id="147").values_list("pk", flat=True)
    )
    assert api("star").get("/api/v1/sagsstammer/").status_code == 403
    (anna,) = [r for r in api("jf_own").get("/api/v1/sagsstammer/").json()]
    assert (anna["antal"], anna["loft"], anna["team"]) == (1, 30, "Team A")


def test_one_caseload_lists_its_citizens_and_logs_them(api: Any, world: World) -> None:
    anna = world.users["jf_own"].medarbejder
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    body = api("teamleder").get(f"/api/v1/sagsstammer/{anna.pk}").json()
    own = world.borgere["own"]
    assert [b["borger"] for b in body["borgere"]] == [own.pk]
    assert body["borgere"][0]["cpr"].endswith("-xxxx")
    (event,) = AuditEvent.objects.filter(id__gt=before)
    assert event.action == Action.VIEW and event.after["borger_ids"] == [own.pk]
    assert event.object_id == str(anna.pk)


@pytest.mark.parametrize("role", ["jf_other_team", "projektleder_766"])
def test_a_caseload_out_of_reach_is_404_and_logged(api: Any, world: World, role: str) -> None:
    anna = world.users["jf_own"].medarbejder
    response = api(role).get(f"/api/v1/sagsstammer/{anna.pk}")
    assert response.status_code == 404
    assert "Olga" not in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.DENIED, actor=world.users[role]).exists()
