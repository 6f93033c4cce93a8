"""Reads of the audit log for leaders: only their own municipality's events, newest first."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.cpr import is_cpr, normalise
from fremdrift.borgere.models import Borger
from fremdrift.organisation.models import User


def may_search_log(user: User) -> bool:
    """Team leaders and project leaders of a municipality; nobody else."""
    return (
        user.is_authenticated and user.is_active and user.is_leader and user.kommune_id is not None
    )


def actors_for_search(*, user: User) -> QuerySet[User]:
    """The logins a leader may pick as actor: those of the leader's own municipality."""
    if not may_search_log(user):
        return User.objects.none()
    return User.objects.filter(kommune_id=user.kommune_id).order_by("username")


def borger_id_for_cpr(*, user: User, cpr: str) -> int | None:
    """The surrogate key of the citizen with this CPR number in the leader's municipality.

    A citizen of another municipality is no match, exactly as an unknown number.
    """
    if not may_search_log(user) or not is_cpr(cpr):
        return None
    compact = normalise(cpr)
    return (
        Borger.objects.filter(
            kommune_id=user.kommune_id, person_id__in=[compact, f"{compact[:6]}-{compact[6:]}"]
        )
        .values_list("pk", flat=True)
        .first()
    )


def search_events(
    *,
    user: User,
    actor: User | None = None,
    action: Action | str | None = None,
    start: date | None = None,
    end: date | None = None,
    borger_id: int | None = None,
) -> QuerySet[AuditEvent]:
    """The leader's municipality's events matching every filter given; dates are Danish days."""
    if not may_search_log(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(kommune_id=user.kommune_id)
    if actor is not None:
        events = events.filter(actor=actor)
    if action:
        events = events.filter(action=action)
    # With USE_TZ the __date lookup takes the day in the current time zone (Europe/Copenhagen).
    if start is not None:
        events = events.filter(at__date__gte=start)
    if end is not None:
        events = events.filter(at__date__lte=end)
    if borger_id is not None:
        events = events.filter(borger_id=borger_id)
    return events.order_by("-at", "-id")
