from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.indsats import services
from fremdrift.indsats.models import (
    CV,
    Delmaal,
    DelmaalStatus,
    Jobmaal,
    Netvaerksinddragelse,
    Step,
    StepUpTilbud,
)
from fremdrift.indsats.workdays import add_working_days
from tests.indsats.helpers import db_state

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)


def refused(field: str | None, call: Callable[[], object], *, code: str | None = None) -> str:
    """Run a refused call; check nothing changed; give back the message for the field."""
    before = db_state()
    with pytest.raises(ValidationError) as info:
        call()
    assert db_state() == before
    exc = info.value
    if field is None:
        assert not hasattr(exc, "error_dict")
        errors = exc.error_list
    else:
        assert list(exc.error_dict) == [field]
        errors = exc.error_dict[field]
    if code is not None:
        assert errors[0].code == code
    return str(errors[0].message)


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()  # type: ignore[return-value]


# --- Steps --------------------------------------------------------------------------------------


def test_start_step_sets_the_deadline_in_working_days(jf: Any, borger: Any) -> None:
    step = services.start_step(
        actor=jf, borger=borger, initiativ="fsm2", trin=1, start=date(2021, 3, 22)
    )
    # 21 working days, three of them lost to Easter 2021.
    assert step.frist == date(2021, 4, 23)
    event = last_event()
    assert (event.action, event.actor, event.borger_id) == (Action.CREATE, jf, borger.pk)
    assert event.kommune_id == "147"
    assert event.before is None
    assert event.after["trin"] == 1 and event.after["frist"] == "2021-04-23"


def test_next_step_closes_the_open_one(jf: Any, borger: Any) -> None:
    first = services.start_step(
        actor=jf, borger=borger, initiativ="fsm2", trin=1, start=date(2024, 1, 8)
    )
    events = AuditEvent.objects.count()
    second = services.start_step(
        actor=jf, borger=borger, initiativ="fsm2", trin=2, start=date(2024, 1, 29)
    )
    first.refresh_from_db()
    assert first.afsluttet == date(2024, 1, 29)
    assert second.frist == add_working_days(date(2024, 1, 29), 65)
    assert AuditEvent.objects.count() == events + 1
    event = last_event()
    assert event.object_id == str(second.pk)
    assert event.before is not None
    assert event.before["id"] == first.pk and event.before["afsluttet"] is None
    third = services.start_step(
        actor=jf, borger=borger, initiativ="fsm2", trin=3, start=date(2024, 3, 4)
    )
    assert third.frist is None
    assert list(Step.objects.filter(afsluttet__isnull=True)) == [third]


@pytest.mark.parametrize("trin", [1, 2])
def test_a_step_does_not_go_back_or_restart(jf: Any, borger: Any, trin: int) -> None:
    services.start_step(actor=jf, borger=borger, initiativ="fsm2", trin=2, start=date(2024, 1, 8))
    msg = refused(
        "trin",
        lambda: services.start_step(
            actor=jf, borger=borger, initiativ="fsm2", trin=trin, start=date(2024, 2, 1)
        ),
        code="not_forward",
    )
    assert "allerede på trin 2 (siden 08.01.2024)" in msg


def test_a_step_does_not_start_before_the_open_one(jf: Any, borger: Any) -> None:
    services.start_step(actor=jf, borger=borger, initiativ="fsm2", trin=1, start=date(2024, 1, 8))
    msg = refused(
        "start",
        lambda: services.start_step(
            actor=jf, borger=borger, initiativ="fsm2", trin=2, start=date(2024, 1, 5)
        ),
        code="before_open_step",
    )
    assert "før det åbne trin 1 (startet 08.01.2024)" in msg


def test_a_new_period_starts_after_the_last_step_ended(jf: Any, borger: Any) -> None:
    step = services.start_step(
        actor=jf, borger=borger, initiativ="fsm2", trin=2, start=date(2024, 1, 8)
    )
    services.complete_step(actor=jf, step=step, afsluttet=date(2024, 3, 1))
    refused(
        "start",
        lambda: services.start_step(
            actor=jf, borger=borger, initiativ="fsm2", trin=1, start=date(2024, 2, 1)
        ),
        code="before_last_step",
    )
    again = services.start_step(
        actor=jf, borger=borger, initiativ="fsm2", trin=1, start=date(2024, 3, 1)
    )
    assert again.afsluttet is None


def test_initiatives_have_their_own_steps(jf: Any, borger: Any) -> None:
    services.start_step(actor=jf, borger=borger, initiativ="fsm2", trin=2, start=date(2024, 1, 8))
    other = services.start_step(
        actor=jf, borger=borger, initiativ="ressourceforloeb", trin=1, start=date(2024, 1, 9)
    )
    assert Step.objects.filter(afsluttet__isnull=True).count() == 2
    assert other.frist == add_working_days(date(2024, 1, 9), 21)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"initiativ": "fsm1"}, "initiativ", "unknown"),
        ({"trin": 4}, "trin", "invalid"),
        ({"start": TOMORROW}, "start", "future"),
    ],
)
def test_start_step_refuses_bad_input(
    jf: Any, borger: Any, kwargs: dict[str, Any], field: str, code: str
) -> None:
    args: dict[str, Any] = {"initiativ": "fsm2", "trin": 1, "start": date(2024, 1, 8)} | kwargs
    refused(field, lambda: services.start_step(actor=jf, borger=borger, **args), code=code)


def test_complete_step(jf: Any, borger: Any) -> None:
    step = services.start_step(
        actor=jf, borger=borger, initiativ="fsm2", trin=1, start=date(2024, 1, 8)
    )
    refused(
        "afsluttet",
        lambda: services.complete_step(actor=jf, step=step, afsluttet=date(2024, 1, 5)),
        code="before_start",
    )
    done = services.complete_step(actor=jf, step=step, afsluttet=date(2024, 1, 20))
    assert done.afsluttet == date(2024, 1, 20)
    event = last_event()
    assert event.action == Action.UPDATE
    assert event.before is not None and event.before["afsluttet"] is None
    assert event.after["afsluttet"] == "2024-01-20"
    msg = refused(
        None,
        lambda: services.complete_step(actor=jf, step=step, afsluttet=date(2024, 1, 21)),
        code="already_closed",
    )
    assert "allerede afsluttet 20.01.2024" in msg


# --- Contacts, CV, jobmål -----------------------------------------------------------------------


def test_record_contact_names_the_actors_medarbejder(jf: Any, borger: Any) -> None:
    kontakt = services.record_contact(
        actor=jf, borger=borger, dato=date(2024, 1, 8), form="samtale", note="Første samtale"
    )
    assert kontakt.medarbejder == jf.medarbejder
    event = last_event()
    assert (event.action, event.object_type, event.actor) == (Action.CREATE, "kontakt", jf)


def test_a_leader_without_medarbejder_may_record_a_contact(
    make_user: Callable[..., Any], borger: Any
) -> None:
    leder = make_user("projektleder")
    kontakt = services.record_contact(
        actor=leder, borger=borger, dato=date(2024, 1, 8), form="telefon"
    )
    assert kontakt.medarbejder is None


def test_record_contact_refuses_the_future_and_unknown_forms(jf: Any, borger: Any) -> None:
    msg = refused(
        "dato",
        lambda: services.record_contact(actor=jf, borger=borger, dato=TOMORROW, form="samtale"),
        code="future",
    )
    assert msg == "En kontakt kan ikke ligge i fremtiden."
    refused(
        "form",
        lambda: services.record_contact(
            actor=jf, borger=borger, dato=date(2024, 1, 8), form="brevdue"
        ),
    )
    # Today is not the future.
    services.record_contact(actor=jf, borger=borger, dato=timezone.localdate(), form="digital")


def test_update_cv_creates_then_updates_with_before(jf: Any, borger: Any) -> None:
    services.update_cv(actor=jf, borger=borger, senest_opdateret=date(2024, 1, 8))
    assert last_event().action == Action.CREATE
    cv = services.update_cv(
        actor=jf,
        borger=borger,
        senest_opdateret=date(2024, 2, 1),
        kvalitetstjekket=date(2024, 2, 2),
    )
    assert CV.objects.get() == cv
    event = last_event()
    assert event.action == Action.UPDATE
    assert event.before is not None and event.before["senest_opdateret"] == "2024-01-08"
    assert event.after["kvalitetstjekket"] == "2024-02-02"
    refused(
        "kvalitetstjekket",
        lambda: services.update_cv(
            actor=jf, borger=borger, senest_opdateret=date(2024, 2, 1), kvalitetstjekket=TOMORROW
        ),
        code="future",
    )


def test_set_jobmaal_ends_the_previous_goal(jf: Any, borger: Any) -> None:
    first = services.set_jobmaal(
        actor=jf, borger=borger, beskrivelse="Lagermedarbejder", start=date(2024, 1, 8)
    )
    second = services.set_jobmaal(
        actor=jf, borger=borger, beskrivelse="Chauffør", start=date(2024, 3, 1)
    )
    first.refresh_from_db()
    assert (first.beskrivelse, first.slut) == ("Lagermedarbejder", date(2024, 3, 1))
    assert second.slut is None
    assert Jobmaal.objects.count() == 2
    event = last_event()
    assert event.object_id == str(second.pk)
    assert event.before is not None and event.before["beskrivelse"] == "Lagermedarbejder"


def test_set_jobmaal_refusals(jf: Any, borger: Any) -> None:
    services.set_jobmaal(
        actor=jf, borger=borger, beskrivelse="Lagermedarbejder", start=date(2024, 1, 8)
    )
    refused(
        "start",
        lambda: services.set_jobmaal(
            actor=jf, borger=borger, beskrivelse="Chauffør", start=date(2024, 1, 1)
        ),
        code="before_current",
    )
    refused(
        "beskrivelse",
        lambda: services.set_jobmaal(
            actor=jf, borger=borger, beskrivelse=" Lagermedarbejder ", start=date(2024, 2, 1)
        ),
        code="unchanged",
    )
    # A blank goal is refused by full_clean before the current goal is ended.
    refused(
        "beskrivelse",
        lambda: services.set_jobmaal(
            actor=jf, borger=borger, beskrivelse="", start=date(2024, 2, 1)
        ),
    )


# --- Delmål, step-up, network -------------------------------------------------------------------


def test_delmaal_status_history(jf: Any, borger: Any) -> None:
    delmaal = services.add_delmaal(
        actor=jf,
        borger=borger,
        beskrivelse="Tage truckcertifikat",
        oprettet=date(2024, 1, 8),
        frist=date(2024, 4, 1),
    )
    assert (delmaal.status, delmaal.status_dato) == (DelmaalStatus.IKKE_STARTET, date(2024, 1, 8))
    services.set_delmaal_status(
        actor=jf, delmaal=delmaal, status=DelmaalStatus.I_GANG, dato=date(2024, 2, 1)
    )
    event = last_event()
    assert event.before is not None and event.before["status"] == "ikke_startet"
    assert event.after["status"] == "i_gang"
    refused(
        "status",
        lambda: services.set_delmaal_status(
            actor=jf, delmaal=delmaal, status=DelmaalStatus.I_GANG, dato=date(2024, 2, 2)
        ),
        code="unchanged",
    )
    refused(
        "dato",
        lambda: services.set_delmaal_status(
            actor=jf, delmaal=delmaal, status=DelmaalStatus.NAAET, dato=date(2024, 1, 31)
        ),
        code="before_current",
    )
    refused(
        "status",
        lambda: services.set_delmaal_status(
            actor=jf, delmaal=delmaal, status="glemt", dato=date(2024, 3, 1)
        ),
    )
    refused(
        "frist",
        lambda: services.add_delmaal(
            actor=jf,
            borger=borger,
            beskrivelse="x",
            oprettet=date(2024, 2, 1),
            frist=date(2024, 1, 1),
        ),
        code="before_start",
    )
    assert Delmaal.objects.get().status == DelmaalStatus.I_GANG


def test_step_up_offer_and_participation(jf: Any, borger: Any) -> None:
    tilbud = services.offer_step_up(
        actor=jf,
        borger=borger,
        forvaltning="misbrug",
        beskrivelse="Ambulant behandling",
        tilbudt=date(2024, 1, 8),
    )
    assert tilbud.start is None
    refused(
        "start",
        lambda: services.record_step_up_participation(
            actor=jf, tilbud=tilbud, start=date(2024, 1, 5)
        ),
        code="before_offer",
    )
    refused(
        "slut",
        lambda: services.record_step_up_participation(
            actor=jf, tilbud=tilbud, start=date(2024, 1, 15), slut=date(2024, 1, 14)
        ),
        code="before_start",
    )
    services.record_step_up_participation(
        actor=jf, tilbud=tilbud, start=date(2024, 1, 15), slut=date(2024, 6, 30)
    )
    tilbud.refresh_from_db()
    assert (tilbud.start, tilbud.slut) == (date(2024, 1, 15), date(2024, 6, 30))
    assert last_event().action == Action.UPDATE
    refused(
        "forvaltning",
        lambda: services.offer_step_up(
            actor=jf, borger=borger, forvaltning="skat", beskrivelse="x", tilbudt=date(2024, 1, 8)
        ),
    )


def test_network_involvement(jf: Any, borger: Any) -> None:
    services.record_network_involvement(
        actor=jf, borger=borger, dato=date(2024, 1, 8), hvem="Søster", beskrivelse="Med til møde"
    )
    assert Netvaerksinddragelse.objects.get().hvem == "Søster"
    refused(
        "hvem",
        lambda: services.record_network_involvement(
            actor=jf, borger=borger, dato=date(2024, 1, 8), hvem="  "
        ),
    )


# --- Access -------------------------------------------------------------------------------------


def _hidden_objects(borger: Any) -> dict[str, Any]:
    return {
        "step": Step.objects.create(
            borger=borger, initiativ="fsm2", trin=1, start=date(2024, 1, 8)
        ),
        "delmaal": Delmaal.objects.create(
            borger=borger, beskrivelse="x", oprettet=date(2024, 1, 8), status_dato=date(2024, 1, 8)
        ),
        "tilbud": StepUpTilbud.objects.create(
            borger=borger, forvaltning="social", beskrivelse="x", tilbudt=date(2024, 1, 8)
        ),
    }


CALLS: dict[str, Callable[[Any, Any, dict[str, Any]], object]] = {
    "start_step": lambda u, b, o: services.start_step(
        actor=u, borger=b, initiativ="fsm2", trin=2, start=date(2024, 2, 1)
    ),
    "complete_step": lambda u, b, o: services.complete_step(
        actor=u, step=o["step"], afsluttet=date(2024, 2, 1)
    ),
    "record_contact": lambda u, b, o: services.record_contact(
        actor=u, borger=b, dato=date(2024, 2, 1), form="samtale"
    ),
    "update_cv": lambda u, b, o: services.update_cv(
        actor=u, borger=b, senest_opdateret=date(2024, 2, 1)
    ),
    "set_jobmaal": lambda u, b, o: services.set_jobmaal(
        actor=u, borger=b, beskrivelse="x", start=date(2024, 2, 1)
    ),
    "add_delmaal": lambda u, b, o: services.add_delmaal(
        actor=u, borger=b, beskrivelse="x", oprettet=date(2024, 2, 1)
    ),
    "set_delmaal_status": lambda u, b, o: services.set_delmaal_status(
        actor=u, delmaal=o["delmaal"], status="naaet", dato=date(2024, 2, 1)
    ),
    "offer_step_up": lambda u, b, o: services.offer_step_up(
        actor=u, borger=b, forvaltning="social", beskrivelse="x", tilbudt=date(2024, 2, 1)
    ),
    "record_step_up_participation": lambda u, b, o: services.record_step_up_participation(
        actor=u, tilbud=o["tilbud"], start=date(2024, 2, 1)
    ),
    "record_network_involvement": lambda u, b, o: services.record_network_involvement(
        actor=u, borger=b, dato=date(2024, 2, 1), hvem="Mor"
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", ["other_kommune", "other_jobformidler", "star"])
def test_a_citizen_the_actor_may_not_see_is_refused(
    name: str,
    who: str,
    jf: Any,
    make_user: Callable[..., Any],
    make_borger: Any,
    make_medarbejder: Callable[..., Any],
) -> None:
    from fremdrift.borgere.models import Markering

    if who == "other_kommune":
        actor, hidden = jf, make_borger("791")
    elif who == "other_jobformidler":
        # Held by a colleague in another team: not this jobformidler's case.
        actor, hidden = jf, make_borger()
        Markering.objects.create(
            borger=hidden,
            markering="jobformidler",
            medarbejder=make_medarbejder(team="Team B"),
            start=date(2023, 1, 1),
        )
    else:
        actor, hidden = make_user("star"), make_borger()
    objects = _hidden_objects(hidden)
    before = db_state()
    with pytest.raises(PermissionDenied):
        CALLS[name](actor, hidden, objects)
    after = db_state()
    denied = after.pop("AuditEvent")[len(before.pop("AuditEvent")) :]
    assert after == before
    # The attempt itself is logged, and nothing else.
    assert len(denied) == 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.action, event.actor, event.borger_id) == (Action.DENIED, actor, hidden.pk)
