"""The write-side use of the one access rule (`borgere.access.visible_borgere`).

A service calls these before it opens its transaction: the denial is logged, and a log row
written inside the transaction would be rolled back together with the refused work.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.access import can_see_people, visible_borgere
from fremdrift.borgere.models import Borger
from fremdrift.organisation.models import User


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
