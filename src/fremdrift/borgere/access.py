"""Who may see which citizens: the one access rule, used by every selector, view and API route.

- jobformidler: the citizens they currently hold (an open jobformidler marking), and the
  municipality's citizens without a jobformidler (to be visited and assigned);
- teamleder: the citizens held by their team, and those without a jobformidler;
- projektleder / administrator: every citizen of their municipality;
- STAR and a login without a role: no citizen at all, only disclosure-controlled aggregates.
A user never sees another municipality's citizens.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.models import Borger, Markering
from fremdrift.borgere.periods import open_on
from fremdrift.organisation.models import Role, User


def _open_jobformidler(day: date) -> QuerySet[Markering]:
    return Markering.objects.filter(open_on(day), borger=OuterRef("pk"), markering="jobformidler")


def visible_borgere(user: User, *, day: date | None = None) -> QuerySet[Borger]:
    day = day or date.today()  # noqa: DTZ011 - a calendar day in Denmark, not an instant
    if not user.is_authenticated or not user.is_active or user.kommune_id is None:
        return Borger.objects.none()
    mine = Borger.objects.filter(kommune_id=user.kommune_id)
    if user.role == Role.PROJEKTLEDER:
        return mine
    unassigned = ~Exists(_open_jobformidler(day))
    if user.role == Role.TEAMLEDER:
        team_id = user.medarbejder.team_id if user.medarbejder else None
        if team_id is None:
            return mine.filter(unassigned)
        return mine.filter(
            unassigned | Exists(_open_jobformidler(day).filter(medarbejder__team_id=team_id))
        )
    if user.role == Role.JOBFORMIDLER:
        if user.medarbejder_id is None:
            return mine.filter(unassigned)
        own = Exists(_open_jobformidler(day).filter(medarbejder_id=user.medarbejder_id))
        return mine.filter(unassigned | own)
    return Borger.objects.none()


def can_see_people(user: User) -> bool:
    """False for STAR: its screens and routes never list or open a citizen."""
    return (
        user.is_authenticated
        and user.role
        in {
            Role.JOBFORMIDLER,
            Role.TEAMLEDER,
            Role.PROJEKTLEDER,
        }
        and user.kommune_id is not None
    )


# The write side. A service calls these before it opens its transaction: the denial is logged,
# and a log row written inside the transaction would be rolled back with the refused work.


def require_visible(actor: User, borger: Borger, *, view: str = "") -> None:
    """Raise PermissionDenied (and log the attempt) unless `actor` may see `borger` today."""
    if visible_borgere(actor).filter(pk=borger.pk).exists():
        return
    record(actor=actor, action=Action.DENIED, borger_id=borger.pk, view=view)
    raise PermissionDenied(_("Du har ikke adgang til denne borger."))


def require_case_worker(actor: User, *, view: str = "") -> str:
    """The actor's municipality; PermissionDenied unless they work on cases there (not STAR)."""
    if can_see_people(actor) and actor.kommune_id is not None:
        return actor.kommune_id
    record(actor=actor, action=Action.DENIED, view=view)
    raise PermissionDenied(_("Kun kommunens medarbejdere kan registrere her."))
