"""Reads of citizens. Every read for a screen goes through `visible_borgere` and is audit-logged."""

from __future__ import annotations

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.models import Borger
from fremdrift.organisation.models import User


def borger_for_view(*, user: User, borger_id: int, view: str) -> Borger:
    """The citizen, if this user may see them; the look is logged either way.

    Raises Borger.DoesNotExist for a citizen the user may not see, exactly as for one that does
    not exist, so that a URL does not tell whether a citizen is known elsewhere.
    """
    borger = visible_borgere(user).filter(pk=borger_id).first()
    if borger is None:
        record(actor=user, action=Action.DENIED, borger_id=borger_id, view=view)
        raise Borger.DoesNotExist
    record(
        actor=user,
        action=Action.VIEW,
        obj=borger,
        borger_id=borger.pk,
        kommune_id=borger.kommune_id,
        view=view,
    )
    return borger
