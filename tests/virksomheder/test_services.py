from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.leveringer.selectors import database_delivery
from fremdrift.virksomheder import services
from fremdrift.virksomheder.models import Aftale, Timer, Virksomhed
from tests.indsats.helpers import db_state
from tests.virksomheder.conftest import CVR_A, CVR_B

pytestmark = pytest.mark.django_db


def refused(field: str | None, call: Callable[[], object], *, code: str | None = None) -> str:
    before = db_state()
    with pytest.raises(ValidationError) as info:
        call()
    assert db_state() == before
    exc = info.value
    errors = exc.error_dict[field] if field is not None else exc.error_list
    if field is not None:
        assert list(exc.error_dict) == [field]
    if code is not None:
        assert errors[0].code == code
    return str(errors[0].message)


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()  # type: ignore[return-value]


def aftale_kwargs(borger: Any, company: Any, **over: Any) -> dict[str, Any]:
    return {
        "borger": borger,
        "aktivitet": "smaajob",
        "virksomhed": company,
        "start": date(2024, 1, 15),
        "slut": None,
        "timer_pr_uge": 8.0,
        "opgaver": "Opvask og rengøring",
        "kontaktperson": "Ole",
        "progressionsplan": "Fra 8 til 15 timer om ugen over tre måneder",
    } | over


# --- Virksomheder -------------------------------------------------------------------------------


def test_register_virksomhed_in_the_actors_kommune(jf: Any) -> None:
    v = services.register_virksomhed(
        actor=jf, cvr="DK 20 00 00 07", navn=" Lageret A/S ", branche="Logistik"
    )
    assert (v.kommune_id, v.cvr, v.navn) == ("147", CVR_B, "Lageret A/S")
    event = last_event()
    assert (event.action, event.actor, event.object_type) == (Action.CREATE, jf, "virksomhed")
    assert event.borger_id is None and event.kommune_id == "147"


@pytest.mark.parametrize(
    ("cvr", "code", "text"),
    [
        ("10000008", "checksum", "kontrolcifferet passer ikke"),
        ("1000000", "length", "8 cifre"),
        ("1000000A", "format", "begynder ikke med 0"),
        ("01000000", "format", "begynder ikke med 0"),
    ],
)
def test_a_bad_cvr_is_refused_in_danish(jf: Any, cvr: str, code: str, text: str) -> None:
    msg = refused(
        "cvr",
        lambda: services.register_virksomhed(actor=jf, cvr=cvr, navn="X"),
        code=code,
    )
    assert text in msg


def test_a_company_is_registered_once_per_kommune(
    jf: Any, virksomhed: Any, make_user: Callable[..., Any]
) -> None:
    msg = refused(
        "cvr",
        lambda: services.register_virksomhed(actor=jf, cvr=CVR_A, navn="Igen"),
        code="duplicate",
    )
    assert "Bageriet ApS" in msg
    # Another municipality keeps its own register of the same company.
    viborg = make_user(kommune="791")
    assert services.register_virksomhed(actor=viborg, cvr=CVR_A, navn="Bageriet ApS").pk


def test_register_virksomhed_needs_a_name_and_a_case_worker(
    jf: Any, make_user: Callable[..., Any]
) -> None:
    refused("navn", lambda: services.register_virksomhed(actor=jf, cvr=CVR_A, navn=" "))
    star = make_user("star")
    with pytest.raises(PermissionDenied):
        services.register_virksomhed(actor=star, cvr=CVR_A, navn="X")
    assert not Virksomhed.objects.exists()
    assert last_event().action == Action.DENIED


# --- Aftaler ------------------------------------------------------------------------------------


def test_register_aftale(jf: Any, borger: Any, virksomhed: Any) -> None:
    aftale = services.register_aftale(actor=jf, **aftale_kwargs(borger, virksomhed))
    # A småjob is paid hours in the delivery format (and so in the indicators).
    exported = database_delivery([borger.kommune_id])["aktiviteter"]
    assert exported["aktivitet"].to_list() == ["loennede_timer"]
    assert aftale.source is None
    event = last_event()
    assert (event.action, event.borger_id, event.object_type) == (
        Action.CREATE,
        borger.pk,
        "aftale",
    )
    assert event.after["progressionsplan"].startswith("Fra 8 til 15")


@pytest.mark.parametrize(
    ("over", "field", "code"),
    [
        ({"slut": date(2024, 1, 14)}, "slut", "before_start"),
        ({"timer_pr_uge": 37.5}, "timer_pr_uge", "hours_range"),
        ({"timer_pr_uge": -1.0}, "timer_pr_uge", "hours_range"),
        ({"timer_pr_uge": float("nan")}, "timer_pr_uge", "hours_range"),
        ({"virksomhed": None}, "virksomhed", "required"),
        ({"aktivitet": "ferie"}, "aktivitet", None),
    ],
)
def test_register_aftale_refusals(
    jf: Any, borger: Any, virksomhed: Any, over: dict[str, Any], field: str, code: str | None
) -> None:
    refused(
        field,
        lambda: services.register_aftale(actor=jf, **aftale_kwargs(borger, virksomhed, **over)),
        code=code,
    )


def test_hours_at_the_limits_and_education_without_company(
    jf: Any, borger: Any, virksomhed: Any
) -> None:
    for hours in (0.0, 37.0, None):
        services.register_aftale(actor=jf, **aftale_kwargs(borger, virksomhed, timer_pr_uge=hours))
    services.register_aftale(
        actor=jf, **aftale_kwargs(borger, None, aktivitet="uddannelse", timer_pr_uge=None)
    )
    assert Aftale.objects.count() == 4


def test_a_company_of_another_kommune_is_refused(
    jf: Any, borger: Any, make_user: Callable[..., Any]
) -> None:
    viborg_virksomhed = services.register_virksomhed(
        actor=make_user(kommune="791"), cvr=CVR_B, navn="Viborg Vognmand"
    )
    msg = refused(
        "virksomhed",
        lambda: services.register_aftale(actor=jf, **aftale_kwargs(borger, viborg_virksomhed)),
        code="other_kommune",
    )
    assert "anden kommune" in msg


def test_register_aftale_for_a_hidden_citizen(
    jf: Any, make_borger: Callable[..., Any], virksomhed: Any
) -> None:
    hidden = make_borger("791")
    with pytest.raises(PermissionDenied):
        services.register_aftale(actor=jf, **aftale_kwargs(hidden, virksomhed))
    assert not Aftale.objects.exists()


def test_end_aftale(jf: Any, borger: Any, virksomhed: Any) -> None:
    aftale = services.register_aftale(actor=jf, **aftale_kwargs(borger, virksomhed))
    refused(
        "slut",
        lambda: services.end_aftale(actor=jf, aftale=aftale, slut=date(2024, 1, 1)),
        code="before_start",
    )
    services.end_aftale(actor=jf, aftale=aftale, slut=date(2024, 4, 30))
    aftale.refresh_from_db()
    assert aftale.slut == date(2024, 4, 30)
    event = last_event()
    assert event.action == Action.UPDATE
    assert event.before is not None and event.before["slut"] is None
    refused(
        None,
        lambda: services.end_aftale(actor=jf, aftale=aftale, slut=date(2024, 3, 31)),
        code="already_ended",
    )


def test_a_planned_end_can_be_brought_forward(jf: Any, borger: Any, virksomhed: Any) -> None:
    planned = timezone.localdate() + timedelta(days=60)
    aftale = services.register_aftale(actor=jf, **aftale_kwargs(borger, virksomhed, slut=planned))
    ended = services.end_aftale(actor=jf, aftale=aftale, slut=timezone.localdate())
    assert ended.slut == timezone.localdate()


# --- Timer --------------------------------------------------------------------------------------


def test_register_timer_replaces_the_month_and_keeps_the_before(
    jf: Any, borger: Any, virksomhed: Any
) -> None:
    aftale = services.register_aftale(actor=jf, **aftale_kwargs(borger, virksomhed))
    first = services.register_timer(
        actor=jf, aftale=aftale, maaned=date(2024, 2, 1), timer=Decimal("32.5")
    )
    assert last_event().action == Action.CREATE
    second = services.register_timer(actor=jf, aftale=aftale, maaned=date(2024, 2, 1), timer=34)
    assert second.pk == first.pk
    assert Timer.objects.get().timer == Decimal("34.00")
    event = last_event()
    assert event.action == Action.UPDATE
    assert event.before is not None and Decimal(event.before["timer"]) == Decimal("32.5")
    assert Decimal(event.after["timer"]) == Decimal(34)


@pytest.mark.parametrize(
    ("maaned", "timer", "field", "code"),
    [
        (date(2024, 2, 15), 10, "maaned", "not_month_start"),
        (date(2023, 12, 1), 10, "maaned", "outside_aftale"),  # the agreement starts 15 January
        (date(2024, 6, 1), 10, "maaned", "outside_aftale"),  # it ended 30 April
        (date(2024, 2, 1), Decimal("-0.5"), "timer", "negative"),
    ],
)
def test_register_timer_refusals(
    jf: Any,
    borger: Any,
    virksomhed: Any,
    maaned: date,
    timer: Decimal | int,
    field: str,
    code: str,
) -> None:
    aftale = services.register_aftale(
        actor=jf, **aftale_kwargs(borger, virksomhed, slut=date(2024, 4, 30))
    )
    refused(
        field,
        lambda: services.register_timer(actor=jf, aftale=aftale, maaned=maaned, timer=timer),
        code=code,
    )


def test_register_timer_refuses_a_coming_month(jf: Any, borger: Any, virksomhed: Any) -> None:
    aftale = services.register_aftale(actor=jf, **aftale_kwargs(borger, virksomhed))
    this_month = timezone.localdate().replace(day=1)
    services.register_timer(actor=jf, aftale=aftale, maaned=this_month, timer=4)
    next_month = (this_month + timedelta(days=32)).replace(day=1)
    refused(
        "maaned",
        lambda: services.register_timer(actor=jf, aftale=aftale, maaned=next_month, timer=4),
        code="future",
    )


def test_ending_or_adding_hours_to_a_hidden_citizens_agreement(
    jf: Any, make_user: Callable[..., Any], make_borger: Callable[..., Any]
) -> None:
    viborg = make_user(kommune="791")
    firma = services.register_virksomhed(actor=viborg, cvr=CVR_B, navn="Viborg Vognmand")
    hidden = services.register_aftale(actor=viborg, **aftale_kwargs(make_borger("791"), firma))
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.end_aftale(actor=jf, aftale=hidden, slut=date(2024, 2, 1))
    with pytest.raises(PermissionDenied):
        services.register_timer(actor=jf, aftale=hidden, maaned=date(2024, 2, 1), timer=5)
    after = db_state()
    new_events = after.pop("AuditEvent")[len(before.pop("AuditEvent")) :]
    assert after == before
    assert len(new_events) == 2
    assert AuditEvent.objects.filter(action=Action.DENIED, actor=jf).count() == 2
