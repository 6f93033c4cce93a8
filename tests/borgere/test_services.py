"""Programme periods, markings and the jobformidler assignment with its caseload cap."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import AuditEvent
from fremdrift.borgere import services
from fremdrift.borgere.models import Forloeb, Markering
from fremdrift.borgere.selectors import eligible_not_in_initiative
from fremdrift.organisation.models import Role

pytestmark = pytest.mark.django_db
DAY = date(2021, 3, 1)


@pytest.fixture
def leader(make_user):
    return make_user(Role.PROJEKTLEDER)


def test_assignment_ends_the_previous_jobformidler(leader, make_borger, make_medarbejder):
    borger = make_borger()
    first, second = make_medarbejder(), make_medarbejder()
    services.assign_jobformidler(actor=leader, borger=borger, medarbejder=first, start=DAY)
    services.assign_jobformidler(
        actor=leader, borger=borger, medarbejder=second, start=date(2021, 4, 1)
    )
    history = list(Markering.objects.filter(borger=borger).order_by("start"))
    assert [(m.medarbejder, m.start, m.slut) for m in history] == [
        (first, DAY, date(2021, 3, 31)),
        (second, date(2021, 4, 1), None),
    ]


def test_cap_warns_when_full_and_refuses_past_it(make_user, make_borger, make_medarbejder):
    medarbejder = make_medarbejder(sagsstamme_loft=2)
    jobformidler = make_user(Role.JOBFORMIDLER)
    borgere = [make_borger() for _ in range(3)]
    first = services.assign_jobformidler(
        actor=jobformidler, borger=borgere[0], medarbejder=medarbejder, start=DAY
    )
    assert first.warning == ""
    full = services.assign_jobformidler(
        actor=jobformidler, borger=borgere[1], medarbejder=medarbejder, start=DAY
    )
    assert "fuld" in full.warning and (full.caseload, full.cap) == (2, 2)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.assign_jobformidler(
            actor=jobformidler, borger=borgere[2], medarbejder=medarbejder, start=DAY
        )
    assert "loftet er 2" in str(refused.value)
    assert not Markering.objects.filter(borger=borgere[2]).exists()
    assert AuditEvent.objects.count() == events


def test_leader_may_pass_the_cap_only_with_a_reason(leader, make_borger, make_medarbejder):
    medarbejder = make_medarbejder(sagsstamme_loft=1)
    a, b = make_borger(), make_borger()
    services.assign_jobformidler(actor=leader, borger=a, medarbejder=medarbejder, start=DAY)
    with pytest.raises(ValidationError) as no_reason:
        services.assign_jobformidler(actor=leader, borger=b, medarbejder=medarbejder, start=DAY)
    assert "override_reason" in no_reason.value.message_dict
    over = services.assign_jobformidler(
        actor=leader, borger=b, medarbejder=medarbejder, start=DAY, override_reason="Ferie"
    )
    assert "overskredet" in over.warning
    event = AuditEvent.objects.filter(object_id=str(over.markering.pk)).get()
    assert event.after["override_reason"] == "Ferie"
    assert event.actor == leader


def test_default_cap_comes_from_the_initiative(leader, make_borger, make_medarbejder):
    medarbejder = make_medarbejder()
    result = services.assign_jobformidler(
        actor=leader, borger=make_borger(), medarbejder=medarbejder, start=DAY
    )
    assert result.cap == 30
    mixed = services.assign_jobformidler(
        actor=leader,
        borger=make_borger(),
        medarbejder=make_medarbejder(),
        start=DAY,
        initiativ="ressourceforloeb",
    )
    assert mixed.cap == 40


def test_other_municipality_is_refused(make_user, make_borger, make_medarbejder):
    viborg_leader = make_user(Role.PROJEKTLEDER, kommune="791")
    with pytest.raises(PermissionDenied):
        services.assign_jobformidler(
            actor=viborg_leader,
            borger=make_borger("147"),
            medarbejder=make_medarbejder("147"),
            start=DAY,
        )


def test_group_change_ends_the_period_with_gruppeskift(leader, make_borger):
    borger = make_borger()
    services.start_forloeb(actor=leader, borger=borger, initiativ="fsm2", gruppe=1, start=DAY)
    services.start_forloeb(
        actor=leader, borger=borger, initiativ="fsm2", gruppe=2, start=date(2021, 6, 15)
    )
    periods = list(Forloeb.objects.filter(borger=borger).order_by("start"))
    assert [(p.gruppe, p.slut, p.slutaarsag) for p in periods] == [
        (1, date(2021, 6, 14), "gruppeskift"),
        (2, None, ""),
    ]
    with pytest.raises(ValidationError):
        services.start_forloeb(
            actor=leader, borger=borger, initiativ="fsm2", gruppe=2, start=date(2021, 7, 1)
        )


def test_exemption_needs_a_reason_and_may_overlap_for_another(leader, make_borger):
    borger = make_borger()
    with pytest.raises(ValidationError) as no_reason:
        services.add_marking(actor=leader, borger=borger, markering="fritagelse", start=DAY)
    assert "fritagelsesgrund" in no_reason.value.message_dict
    services.add_marking(
        actor=leader, borger=borger, markering="fritagelse", start=DAY, fritagelsesgrund="Sygdom"
    )
    services.add_marking(
        actor=leader, borger=borger, markering="fritagelse", start=DAY, fritagelsesgrund="Barsel"
    )
    with pytest.raises(ValidationError):
        services.add_marking(
            actor=leader,
            borger=borger,
            markering="fritagelse",
            start=date(2021, 5, 1),
            fritagelsesgrund="Sygdom",
        )
    assert Markering.objects.filter(borger=borger).count() == 2


def test_eligible_list_holds_target_group_outside_the_initiative(leader, make_borger):
    from fremdrift.borgere.models import Ydelse

    def on_kontanthjaelp(born: date, **ydelse: str):
        borger = make_borger(foedselsdato=born)
        fields = {"ydelse": "kontanthjaelp", "visitation": "aktivitetsparat", **ydelse}
        Ydelse.objects.create(borger=borger, start=date(2020, 1, 1), **fields)
        return borger

    eligible = on_kontanthjaelp(date(1980, 1, 1))
    on_kontanthjaelp(date(1995, 1, 1))  # under 30
    on_kontanthjaelp(date(1980, 1, 1), visitation="jobparat")
    on_kontanthjaelp(date(1980, 1, 1), program="introduktion")
    inside = on_kontanthjaelp(date(1980, 1, 1))
    services.start_forloeb(actor=leader, borger=inside, initiativ="fsm2", gruppe=1, start=DAY)
    assert list(eligible_not_in_initiative(user=leader, day=DAY)) == [eligible]
