"""Who may use STAR's follow-up: the work queue is STAR's alone; a grant's statement is shown to
STAR for every grant and to a municipality's leaders (teamleder, projektleder) for their own.
Nothing here shows a citizen: the figures are the released aggregates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.monitoring.models import Grant
from fremdrift.organisation.models import Role, User


def is_star(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.STAR


def can_see_grants(user: User) -> bool:
    return is_star(user) or (user.is_authenticated and user.is_active and user.is_leader)


def visible_grants(user: User) -> QuerySet[Grant]:
    grants = Grant.objects.select_related("kommune")
    if is_star(user):
        return grants
    if can_see_grants(user) and user.kommune_id is not None:
        return grants.filter(kommune_id=user.kommune_id)
    return grants.none()


def require(allowed: bool, *, actor: User, view: str) -> None:
    """PermissionDenied, logged, unless `allowed`."""
    if not allowed:
        record(actor=actor, action=Action.DENIED, view=view)
        raise PermissionDenied
