"""Writing to the audit log. Every service that changes data, and every selector that reads a
citizen for a screen, calls `record` inside the same transaction as its own work."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.organisation.models import User

if TYPE_CHECKING:
    from fremdrift.borgere.models import Borger

M = TypeVar("M", bound=models.Model)


def record(
    *,
    actor: User | None,
    action: Action,
    obj: models.Model | None = None,
    borger_id: int | None = None,
    kommune_id: str | None = None,
    view: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor=None` is the system itself (an import run from the shell)."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "system",
        action=action,
        kommune_id=kommune_id if kommune_id is not None else (actor.kommune_id if actor else None),
        borger_id=borger_id,
        object_type=obj._meta.model_name or "" if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        view=view,
        before=before,
        after=after,
    )


def record_list(
    *,
    actor: User,
    view: str,
    borger_ids: Iterable[int],
    obj: models.Model | None = None,
    kommune_id: str | None = None,
) -> AuditEvent:
    """A list of citizens is a look at their data: one event naming each citizen shown, once."""
    return record(
        actor=actor,
        action=Action.VIEW,
        obj=obj,
        kommune_id=kommune_id,
        view=view,
        after={"borger_ids": list(dict.fromkeys(borger_ids))},
    )


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The stored fields of a row as JSON, for an event's before and after."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, bytes | memoryview):
            continue
        data[field.attname] = value
    # The person's id is the CPR number: the log names the citizen by surrogate key only.
    data.pop("person_id", None)
    return data


def save_and_record(
    *,
    actor: User | None,
    obj: M,
    before: dict[str, Any] | None,
    borger: Borger | None = None,
    kommune_id: str | None = None,
    view: str = "",
    action: Action | None = None,
    extra: dict[str, Any] | None = None,
) -> M:
    """full_clean, save and log one row; call inside the service's transaction. A citizen's row
    names the citizen and their municipality; else `kommune_id`, by default the actor's.

    `extra` adds what the row does not hold to the event (a leader's reason for an override).
    """
    obj.full_clean()
    obj.save()
    record(
        actor=actor,
        action=action or (Action.UPDATE if before is not None else Action.CREATE),
        obj=obj,
        borger_id=borger.pk if borger is not None else None,
        kommune_id=borger.kommune_id if borger is not None else kommune_id,
        view=view,
        before=before,
        after={**snapshot(obj), **(extra or {})},
    )
    return obj
