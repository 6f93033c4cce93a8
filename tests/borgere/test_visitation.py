"""The visitation screen: two queues, one decision per citizen, every look logged once."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Forloeb, Markering, Ydelse
from fremdrift.borgere.visitation_forms import FRITAGELSESGRUNDE
from fremdrift.indsats.models import Step
from fremdrift.organisation.models import Role
from fremdrift.synth.generate import FRITAGELSESGRUNDE as SYNTH_GRUNDE

pytestmark = pytest.mark.django_db

URL = "/borgere/visitation/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def decide_url(borger: Any) -> str:
    return reverse("borgere:visitation-decide", args=[borger.pk])


@dataclass
class Setup:
    jf: Any
    leader: Any
    make_target: Callable[..., Any]
    make_trin1: Callable[..., Any]


@pytest.fixture
def setup(
    make_user: Callable[..., Any],
    make_borger: Callable[..., Any],
) -> Setup:
    today = timezone.localdate()

    def make_target(navn: str = "Tove Målgruppe", kommune: str = "147") -> Any:
        borger = make_borger(kommune, navn=navn, foedselsdato=date(1980, 5, 17))
        Ydelse.objects.create(
            borger=borger,
            ydelse="kontanthjaelp",
            visitation="aktivitetsparat",
            start=today - timedelta(days=90),
        )
        return borger

    def make_trin1(navn: str = "Trine Trinet", gruppe: int | None = 1, days_over: int = 10) -> Any:
        borger = make_borger("147", navn=navn, foedselsdato=date(1975, 1, 9))
        start = today - timedelta(days=40 + days_over)
        if gruppe is not None:
            Forloeb.objects.create(borger=borger, initiativ="fsm2", gruppe=gruppe, start=start)
        Step.objects.create(
            borger=borger,
            initiativ="fsm2",
            trin=1,
            start=start,
            frist=today - timedelta(days=days_over),
        )
        return borger

    return Setup(
        jf=make_user(Role.JOBFORMIDLER, "147"),
        leader=make_user(Role.PROJEKTLEDER, "147"),
        make_target=make_target,
        make_trin1=make_trin1,
    )


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_both_queues_are_listed_with_masked_cpr_and_one_audit_event(setup: Setup) -> None:
    target = setup.make_target()
    trinet = setup.make_trin1()
    response = logged_in(setup.jf).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tove Målgruppe" in page and "Trine Trinet" in page
    for borger in (target, trinet):
        assert f"{borger.person_id[:6]}-xxxx" in page
        assert borger.person_id not in page
    assert "Kontanthjælp" in page
    frist = timezone.localdate() - timedelta(days=10)
    assert f"{frist:%d.%m.%Y}" in page
    assert "arbejdsdage over" in page
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.view) == (setup.jf, Action.VIEW, "visitation")
    assert event.after is not None
    assert sorted(event.after["borger_ids"]) == sorted([target.pk, trinet.pk])


def test_an_empty_target_group_queue_says_that_it_should_be(setup: Setup) -> None:
    page = logged_in(setup.jf).get(URL).content.decode()
    assert "Køen er tom" in page
    assert "hele målgruppen skal med" in page
    assert "Ingen borgere er på trin 1 efter fristen" in page
    assert AuditEvent.objects.get().after == {"borger_ids": []}


def test_queues_leave_out_those_already_in_the_initiative_exempt_or_in_time(
    setup: Setup, make_borger: Callable[..., Any]
) -> None:
    today = timezone.localdate()
    member = setup.make_target("Mads Medlem")
    Forloeb.objects.create(borger=member, initiativ="fsm2", gruppe=1, start=today)
    setup.make_target("Hans Hedensted", kommune="766")
    exempt = setup.make_trin1("Frida Fritaget")
    Markering.objects.create(
        borger=exempt, markering="fritagelse", start=today, fritagelsesgrund="sygdom"
    )
    setup.make_trin1("Tim Itide", days_over=-5)
    page = logged_in(setup.leader).get(URL).content.decode()
    for navn in ("Mads Medlem", "Hans Hedensted", "Frida Fritaget", "Tim Itide"):
        assert navn not in page


def test_star_gets_403_and_a_denied_event(make_user: Callable[..., Any], setup: Setup) -> None:
    target = setup.make_target()
    star = make_user(Role.STAR)
    client = logged_in(star)
    assert client.get(URL).status_code == 403
    assert client.post(decide_url(target), {"beslutning": "gruppe1"}).status_code == 403
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {Action.DENIED}
    assert not Forloeb.objects.exists()


def test_group_1_without_javascript_enters_the_initiative_and_leaves_the_queue(
    setup: Setup,
) -> None:
    target = setup.make_target()
    client = logged_in(setup.jf)
    response = client.post(
        decide_url(target), {"beslutning": "gruppe1", "liste": "maalgruppe", "initiativ": "fsm2"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == URL
    forloeb = Forloeb.objects.get(borger=target)
    assert (forloeb.initiativ, forloeb.gruppe, forloeb.start) == ("fsm2", 1, timezone.localdate())
    page = client.get(URL).content.decode()
    assert "Visiteret til gruppe 1" in page
    assert "Tove Målgruppe" not in page
    assert "Køen er tom" in page


def test_group_1_from_trin_1_starts_trin_2_and_swaps_the_row(setup: Setup) -> None:
    trinet = setup.make_trin1()
    today = timezone.localdate()
    response = logged_in(setup.jf).post(
        decide_url(trinet),
        {"beslutning": "gruppe1", "liste": "trin1", "initiativ": "fsm2"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="visitation-trin1-fsm2-{trinet.pk}"')
    assert "Trin 2 er startet" in html
    steps = list(Step.objects.filter(borger=trinet).order_by("trin"))
    assert [(s.trin, s.afsluttet) for s in steps] == [(1, today), (2, None)]
    # Already in group 1: the period is kept, not ended and begun again.
    assert Forloeb.objects.filter(borger=trinet).count() == 1
    # The trin-2 event, and no look logged besides the writes.
    assert set(AuditEvent.objects.values_list("action", "borger_id")) == {
        (Action.CREATE, trinet.pk)
    }


def test_group_2_from_trin_1_changes_group_and_closes_trin_1(setup: Setup) -> None:
    trinet = setup.make_trin1()
    today = timezone.localdate()
    logged_in(setup.jf).post(
        decide_url(trinet), {"beslutning": "gruppe2", "liste": "trin1", "initiativ": "fsm2"}
    )
    periods = list(Forloeb.objects.filter(borger=trinet).order_by("start"))
    assert [(f.gruppe, f.slut, f.slutaarsag) for f in periods] == [
        (1, today - timedelta(days=1), "gruppeskift"),
        (2, None, ""),
    ]
    step = Step.objects.get(borger=trinet)
    assert (step.trin, step.afsluttet) == (1, today)
    assert "Trine Trinet" not in logged_in(setup.jf).get(URL).content.decode()


def test_exemption_marks_the_reason_and_includes_the_citizen_in_group_1(setup: Setup) -> None:
    target = setup.make_target()
    logged_in(setup.jf).post(
        decide_url(target),
        {
            "beslutning": "fritagelse",
            "fritagelsesgrund": "sygdom",
            "liste": "maalgruppe",
            "initiativ": "fsm2",
        },
    )
    marking = Markering.objects.get(borger=target)
    assert (marking.markering, marking.fritagelsesgrund) == ("fritagelse", "sygdom")
    assert Forloeb.objects.get(borger=target).gruppe == 1


def test_an_exemption_without_a_reason_is_refused_next_to_the_field(setup: Setup) -> None:
    target = setup.make_target()
    for extra in ({}, HTMX):
        before = AuditEvent.objects.count()
        response = logged_in(setup.jf).post(
            decide_url(target),
            {"beslutning": "fritagelse", "liste": "maalgruppe", "initiativ": "fsm2"},
            **extra,
        )
        html = response.content.decode()
        assert response.status_code == 200
        key = f"maalgruppe-fsm2-{target.pk}"
        field = re.search(
            rf'<select name="fritagelsesgrund"[^>]*id="id_{key}_fritagelsesgrund"', html
        )
        assert field is not None, html
        tag = field.group(0)
        assert f'aria-describedby="id_{key}_fritagelsesgrund_error"' in tag
        assert 'aria-invalid="true"' in tag
        assert f'id="id_{key}_fritagelsesgrund_error"' in html
        assert "Vælg grunden til fritagelsen." in html
        assert target.person_id not in html
        # Nothing written; the citizen shown again is one look.
        assert not Forloeb.objects.exists() and not Markering.objects.exists()
        events = list(AuditEvent.objects.order_by("id")[before:])
        assert [(e.action, e.borger_id) for e in events] == [(Action.VIEW, target.pk)]


def test_a_missing_decision_is_refused_in_danish(setup: Setup) -> None:
    target = setup.make_target()
    response = logged_in(setup.jf).post(
        decide_url(target), {"liste": "maalgruppe", "initiativ": "fsm2"}, **HTMX
    )
    html = response.content.decode()
    assert "Vælg gruppe 1, gruppe 2 eller fritagelse." in html
    assert f'id="id_maalgruppe-fsm2-{target.pk}_beslutning_error"' in html


def test_a_citizen_decided_already_is_not_decided_twice(setup: Setup) -> None:
    target = setup.make_target()
    data = {"beslutning": "gruppe1", "liste": "maalgruppe", "initiativ": "fsm2"}
    logged_in(setup.jf).post(decide_url(target), data)
    response = logged_in(setup.leader).post(
        decide_url(target), {**data, "beslutning": "gruppe2"}, **HTMX
    )
    html = response.content.decode()
    assert "venter ikke længere på visitation" in html
    assert 'role="alert"' in html
    assert list(Forloeb.objects.values_list("gruppe", flat=True)) == [1]


def test_a_citizen_out_of_reach_is_a_404_and_nothing_is_written(
    setup: Setup, make_medarbejder: Callable[..., Any]
) -> None:
    held = setup.make_target("Olga Andenshold")
    Markering.objects.create(
        borger=held,
        markering="jobformidler",
        medarbejder=make_medarbejder("147"),
        start=date(2024, 1, 1),
    )
    other = setup.make_target("Hans Hedensted", kommune="766")
    data = {"beslutning": "gruppe1", "liste": "maalgruppe", "initiativ": "fsm2"}
    for borger in (held, other):
        response = logged_in(setup.jf).post(decide_url(borger), data)
        assert response.status_code == 404
        assert "Olga" not in response.content.decode()
    assert not Forloeb.objects.exists()
    assert list(AuditEvent.objects.order_by("id").values_list("action", "borger_id")) == [
        (Action.DENIED, held.pk),
        (Action.DENIED, other.pk),
    ]


def test_a_get_on_the_decision_route_is_refused(setup: Setup) -> None:
    target = setup.make_target()
    assert logged_in(setup.jf).get(decide_url(target)).status_code == 405


def test_the_reasons_cover_those_of_the_synthetic_deliveries() -> None:
    assert set(SYNTH_GRUNDE) <= set(FRITAGELSESGRUNDE)


def test_the_list_costs_the_same_queries_for_few_and_many(
    setup: Setup, django_assert_num_queries: Any
) -> None:
    client = logged_in(setup.leader)
    setup.make_target("Første")
    setup.make_trin1("Anden")
    client.get(URL)  # warm the session and the login
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for i in range(8):
        setup.make_target(f"Målgruppe {i}")
        setup.make_trin1(f"Trin {i}", gruppe=None if i % 2 else 2)
    with django_assert_num_queries(len(few)):
        page = client.get(URL).content.decode()
    assert page.count("<tr id=") == 18
