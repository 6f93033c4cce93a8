"""The audit log cannot be rewritten, whatever the database, and the suite runs on the one asked."""

from __future__ import annotations

import os

import pytest
from django.db import DatabaseError, connection, transaction

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.audit.services import record

pytestmark = pytest.mark.django_db


def test_suite_runs_on_the_database_the_test_command_started() -> None:
    expected = "postgresql" if os.environ.get("FREMDRIFT_TEST_POSTGRES") == "1" else "sqlite"
    assert connection.vendor == expected


@pytest.mark.parametrize(
    "change",
    [
        lambda qs: qs.update(actor_label="someone else"),
        lambda qs: qs.delete(),
    ],
    ids=["update", "delete"],
)
def test_events_cannot_be_changed_or_deleted(change, make_user) -> None:
    event = record(actor=make_user("projektleder"), action=Action.VIEW, view="borger")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        change(AuditEvent.objects.filter(pk=event.pk))
    event.refresh_from_db()
    assert event.actor_label.startswith("projektleder")
