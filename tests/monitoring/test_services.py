"""The follow-up's writes: STAR only, refused with a reason before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.monitoring.models import FollowUpNote, Grant
from fremdrift.monitoring.services import MAX_NOTE, add_note, update_grant

pytestmark = pytest.mark.django_db


def note(actor: Any, text: str = "Ringet til jobcentret") -> FollowUpNote:
    return add_note(actor=actor, kommune_id="147", initiative="fsm2", month="2020-08", text=text)


def test_only_star_writes_a_note_and_a_refusal_is_logged(make_user: Callable[..., Any]) -> None:
    from fremdrift.organisation.models import Role

    leader = make_user(Role.PROJEKTLEDER, "147")
    with pytest.raises(PermissionDenied):
        note(leader)
    assert not FollowUpNote.objects.exists()
    denied = AuditEvent.objects.get(action=Action.DENIED)
    assert denied.actor == leader and denied.view == "monitoring:note"


@pytest.mark.parametrize(
    ("text", "message"), [("", "Skriv hvad"), ("x" * (MAX_NOTE + 1), "for lang")]
)
def test_a_note_needs_text_of_a_sensible_length(
    make_user: Callable[..., Any], text: str, message: str
) -> None:
    from fremdrift.organisation.models import Role

    with pytest.raises(ValidationError, match=message) as refused:
        note(make_user(Role.STAR), text)
    assert "text" in refused.value.message_dict
    assert not FollowUpNote.objects.exists() and not AuditEvent.objects.exists()


def test_a_month_must_be_a_month(make_user: Callable[..., Any]) -> None:
    from fremdrift.organisation.models import Role

    with pytest.raises(ValidationError, match="ÅÅÅÅ-MM"):
        add_note(
            actor=make_user(Role.STAR),
            kommune_id="147",
            initiative="fsm2",
            month="08-2020",
            text="x",
        )
    assert not FollowUpNote.objects.exists()


def test_the_seeds_grants_are_there() -> None:
    grants = {
        (g.kommune_id, g.initiative): (int(g.amount), g.period_from, g.period_to)
        for g in Grant.objects.all()
    }
    assert grants == {
        ("791", "fsm2"): (3_709_200, "2020-01", "2021-12"),
        ("147", "fsm2"): (3_695_000, "2020-01", "2021-12"),
        ("791", "ressourceforloeb"): (4_000_000, "2020-01", "2022-12"),
        ("766", "ressourceforloeb"): (2_300_000, "2020-01", "2022-12"),
    }


def change(actor: Any, grant: Grant, **fields: Any) -> Grant:
    values: dict[str, Any] = {
        "amount": grant.amount,
        "period_from": grant.period_from,
        "period_to": grant.period_to,
        "costs_documented": grant.costs_documented,
        "rate1_paid": grant.rate1_paid,
    }
    return update_grant(actor=actor, grant=grant, **{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"costs_documented": Decimal(-1)}, "negative"),
        ({"amount": Decimal(0)}, "positivt beløb"),
        ({"period_to": "2019-12"}, "slutter før den begynder"),
        ({"period_from": "januar"}, "ÅÅÅÅ-MM"),
    ],
)
def test_a_bad_grant_is_refused_and_nothing_changes(
    make_user: Callable[..., Any], fields: dict[str, Any], message: str
) -> None:
    from fremdrift.organisation.models import Role

    grant = Grant.objects.get(kommune_id="147", initiative="fsm2")
    with pytest.raises(ValidationError, match=message):
        change(make_user(Role.STAR), grant, rate1_paid=True, **fields)
    grant.refresh_from_db()
    assert (grant.amount, grant.period_to) == (Decimal(3_695_000), "2021-12")
    assert grant.costs_documented is None and not grant.rate1_paid
    assert not AuditEvent.objects.exists()


def test_a_grant_corrected_by_star_is_audited(make_user: Callable[..., Any]) -> None:
    from fremdrift.organisation.models import Role

    grant = Grant.objects.get(kommune_id="766", initiative="ressourceforloeb")
    change(make_user(Role.STAR, username="star"), grant, period_to="2023-06")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_label, event.kommune_id) == (Action.UPDATE, "star", "766")
    assert event.before is not None and event.after is not None
    assert (event.before["period_to"], event.after["period_to"]) == ("2022-12", "2023-06")
