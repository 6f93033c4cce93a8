"""The follow-up's writes: STAR only, refused with a reason before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.monitoring.models import FollowUpNote, Grant
from fremdrift.monitoring.services import MAX_NOTE, add_note, record_account

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


def test_negative_costs_are_refused_and_nothing_changes(make_user: Callable[..., Any]) -> None:
    from decimal import Decimal

    from fremdrift.organisation.models import Role

    grant = Grant.objects.get(kommune_id="147", initiative="fsm2")
    with pytest.raises(ValidationError, match="negative"):
        record_account(
            actor=make_user(Role.STAR), grant=grant, costs_documented=Decimal(-1), rate1_paid=True
        )
    grant.refresh_from_db()
    assert grant.costs_documented is None and not grant.rate1_paid
    assert not AuditEvent.objects.exists()
