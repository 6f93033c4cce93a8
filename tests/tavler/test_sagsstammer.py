"""Sagsstammer: the rebalancing suggestion against a simple check on random caseloads, the
caseloads read from the case system, and a suggested move applied through the case system's
own assignment (its cap rules and its audit events)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Forloeb, Markering
from fremdrift.borgere.selectors import working_initiativ
from fremdrift.indsats.models import Step
from fremdrift.tavler.caseloads import (
    HeldCase,
    Holder,
    caseloads,
    rebalance,
    working_initiativer,
)
from fremdrift.tavler.scope import team_scope

from .conftest import Centre

URL = reverse("tavler:sagsstammer")
INITIATIVER = ("fsm2", "ressourceforloeb")


@st.composite
def teams_of_holders(draw: st.DrawFn) -> list[Holder]:
    """A few people in up to three teams (some in none), each with a cap per initiative and a
    caseload that may be far over, at or under it."""
    n = draw(st.integers(1, 8))
    serial = iter(range(10_000))
    holders = []
    for key in range(n):
        caps = {i: draw(st.integers(0, 6)) for i in INITIATIVER}
        main = draw(st.sampled_from(INITIATIVER))
        cases = tuple(
            HeldCase(
                next(serial),
                draw(st.sampled_from(INITIATIVER)),
                date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 30))),
            )
            for _ in range(draw(st.integers(0, 12)))
        )
        team = draw(st.sampled_from([None, 1, 2, 3]))
        receives = draw(st.booleans())
        holders.append(Holder(key, f"P{key}", team, caps[main], caps, cases, receives=receives))
    return holders


@settings(max_examples=300, deadline=None)
@given(teams_of_holders())
def test_the_suggestion_never_pushes_anyone_over_a_cap(holders: list[Holder]) -> None:
    plan = rebalance(holders)
    by_key = {h.key: h for h in holders}
    load = {h.key: h.load for h in holders}
    initiativ = {c.borger_id: c.initiativ for h in holders for c in h.cases}
    holder_of = {c.borger_id: h.key for h in holders for c in h.cases}
    moved = Counter(m.borger_id for m in plan.moves)
    assert all(n == 1 for n in moved.values()), "a citizen is moved once at most"
    for move in plan.moves:
        giver, taker = by_key[move.from_key], by_key[move.to_key]
        assert holder_of[move.borger_id] == giver.key, "only a citizen the giver holds"
        assert giver.load > giver.cap, "only from someone over the cap"
        assert taker.team_id is not None and taker.team_id == giver.team_id, "within the team"
        assert taker.receives, "never to a leader"
        load[giver.key] -= 1
        load[taker.key] += 1
        # After each move: the receiver is within the cap of the assignment and their own.
        cap = min(taker.cap, taker.caps[initiativ[move.borger_id]])
        assert load[taker.key] <= cap
    for h in holders:
        if h.load > h.cap:
            # Nobody is moved below their cap: only the excess leaves.
            assert load[h.key] >= h.cap
            assert plan.left_over.get(h.key, 0) == max(load[h.key] - h.cap, 0)
            if load[h.key] > h.cap:
                # Left over only when no colleague had room for any citizen still held.
                staying = [c for c in h.cases if c.borger_id not in moved]
                for p in holders:
                    if (
                        p.receives
                        and p.key != h.key
                        and h.team_id is not None
                        and p.team_id == h.team_id
                    ):
                        assert not any(p.room_for(c.initiativ, load[p.key]) for c in staying)
        else:
            assert h.key not in plan.left_over
            assert load[h.key] <= max(h.load, h.cap), "nobody under the cap goes over it"


def test_the_least_loaded_colleague_gets_the_newest_citizen_first() -> None:
    caps = {"fsm2": 3, "ressourceforloeb": 3}
    cases = tuple(HeldCase(i, "fsm2", date(2025, 1, i)) for i in range(1, 6))
    over = Holder(1, "Anna", 7, 3, caps, cases)
    light = Holder(2, "Bo", 7, 3, caps, (HeldCase(10, "fsm2", date(2025, 1, 1)),))
    heavier = Holder(
        3, "Cai", 7, 3, caps, tuple(HeldCase(i, "fsm2", date(2025, 1, 1)) for i in (20, 21))
    )
    elsewhere = Holder(4, "Dan", 8, 3, caps, ())
    plan = rebalance([over, light, heavier, elsewhere])
    # Anna's two newest: the first to Bo (1 citizen), then Bo and Cai have 2 each: Bo by name.
    assert [(m.borger_id, m.to_key) for m in plan.moves] == [(5, 2), (4, 2)]
    assert plan.left_over == {}


@pytest.mark.django_db
def test_bulk_initiatives_agree_with_the_case_system(centre: Centre) -> None:
    b = centre.borgere
    Step.objects.filter(borger=b["t2"]).update(afsluttet=None)
    Forloeb.objects.create(
        borger=b["nobody"], initiativ="ressourceforloeb", gruppe=1, start=centre.today
    )
    Step.objects.filter(borger=b["nobody"]).delete()
    ids = [x.pk for x in b.values()]
    working, targets = working_initiativer(ids, centre.today)
    for borger in b.values():
        assert working[borger.pk] == working_initiativ(borger=borger, today=centre.today)
    assert targets[b["nobody"].pk] == {"fsm2", "ressourceforloeb"}


@pytest.mark.django_db
def test_caseloads_against_the_cap_exclusive_or_mixed(centre: Centre) -> None:
    anna = centre.staff["anna"]
    anna.sagsstamme_loft = 3
    anna.save()
    Forloeb.objects.create(
        borger=centre.borgere["exempt"], initiativ="ressourceforloeb", gruppe=1, start=centre.today
    )
    lines = {
        line.medarbejder.navn: line
        for line in caseloads(
            user=centre.users["tina"],
            scope=team_scope(centre.users["tina"], None),
            today=centre.today,
        )
    }
    assert set(lines) == {"Anna", "Bo"}  # Team A only; Tina leads it and holds nobody
    assert (lines["Anna"].load, lines["Anna"].holder.cap, lines["Anna"].status) == (5, 3, "over")
    assert lines["Anna"].exclusive_initiativ == "fsm2"
    # Bo's citizen is in two initiatives' target groups: mixed. The FSM2 cap applies.
    assert (lines["Bo"].load, lines["Bo"].holder.cap, lines["Bo"].status) == (1, 30, "under")
    assert lines["Bo"].exclusive_initiativ is None


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_leader_applies_a_suggested_move_through_the_assignment(centre: Centre) -> None:
    anna, tina = centre.staff["anna"], centre.users["tina"]
    anna.sagsstamme_loft = 4
    anna.save()
    client = client_for(tina)
    page = client.get(URL).content.decode()
    assert re.search(r"Anna</a></th>\s*<td>Team A</td>\s*<td[^>]*>5</td>\s*<td[^>]*>4</td>", page)
    assert "Over loftet</span> (1 for mange)" in page
    # Anna's newest citizen (t3_none, assigned last) to the least loaded jobformidler: Bo.
    newest = centre.borgere["t3_none"]
    forms = re.findall(
        r'action="/sagsstammer/(\d+)/flyt/".*?name="medarbejder" value="(\d+)"', page, re.S
    )
    assert forms == [(str(newest.pk), str(centre.staff["bo"].pk))]
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("tavler:sagsstammer-flyt", args=[newest.pk]),
        {"medarbejder": centre.staff["bo"].pk},
    )
    assert response.status_code == 302
    current = Markering.objects.get(borger=newest, markering="jobformidler", slut__isnull=True)
    assert current.medarbejder == centre.staff["bo"] and current.start == centre.today
    ended = Markering.objects.get(borger=newest, markering="jobformidler", medarbejder=anna)
    assert ended.slut == centre.today - timedelta(days=1)
    written = AuditEvent.objects.filter(id__gt=0).order_by("id")[events:]
    assert {(e.action, e.object_type) for e in written} >= {
        (Action.CREATE, "markering"),
        (Action.UPDATE, "markering"),
    }
    assert all(e.actor == tina for e in written)
    after = client.get(response.headers["Location"]).content.decode()
    assert "T3 None har nu Bo som jobformidler" in after
    assert "Ingen forslag" in after


@pytest.mark.django_db
def test_the_cap_rules_of_the_assignment_still_apply(centre: Centre) -> None:
    bo = centre.staff["bo"]
    bo.sagsstamme_loft = 1  # Bo is full
    bo.save()
    client = client_for(centre.users["tina"])
    before = list(Markering.objects.order_by("pk").values_list())
    borger = centre.borgere["t2"]
    response = client.post(
        reverse("tavler:sagsstammer-flyt", args=[borger.pk]), {"medarbejder": bo.pk}
    )
    page = client.get(response.headers["Location"]).content.decode()
    assert "T2 blev ikke flyttet: Loftet på 1 borgere overskrides: skriv en begrundelse." in page
    assert list(Markering.objects.order_by("pk").values_list()) == before


@pytest.mark.django_db
def test_only_to_a_colleague_in_reach(centre: Centre) -> None:
    client = client_for(centre.users["tina"])
    cai = centre.staff["cai"]  # Team B
    before = list(Markering.objects.order_by("pk").values_list())
    response = client.post(
        reverse("tavler:sagsstammer-flyt", args=[centre.borgere["t2"].pk]), {"medarbejder": cai.pk}
    )
    page = client.get(response.headers["Location"]).content.decode()
    assert "T2 blev ikke flyttet: Jobformidleren er ikke i dine teams." in page
    assert list(Markering.objects.order_by("pk").values_list()) == before
    # A citizen of team B cannot be reached at all.
    other = client.post(
        reverse("tavler:sagsstammer-flyt", args=[centre.borgere["team_b"].pk]),
        {"medarbejder": centre.staff["bo"].pk},
    )
    assert other.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["anna", "star"])
def test_jobformidler_and_star_may_not(centre: Centre, login: str) -> None:
    client = client_for(centre.users[login])
    assert client.get(URL).status_code == 403
    post = client.post(
        reverse("tavler:sagsstammer-flyt", args=[centre.borgere["t2"].pk]),
        {"medarbejder": centre.staff["bo"].pk},
    )
    assert post.status_code == 403
