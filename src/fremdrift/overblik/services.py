"""Writes of the Overblik: the municipality's goal per indicator."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, save_and_record, snapshot
from fremdrift.engine.definitions import load_initiative
from fremdrift.organisation.models import Role, User
from fremdrift.overblik.models import Goal


def set_goal(*, actor: User, initiative: str, indicator: str, target: Decimal | None) -> None:
    """Set (or with None remove) the share the actor's municipality aims for; projektleder only."""
    if actor.role != Role.PROJEKTLEDER or actor.kommune_id is None:
        record(actor=actor, action=Action.DENIED, view="overblik:maal")
        raise PermissionDenied(_("Kun projektlederen sætter kommunens mål."))
    load_initiative(initiative).indicator(indicator)  # an unknown key is a clear error
    with transaction.atomic():
        goal = (
            Goal.objects.select_for_update()
            .filter(kommune_id=actor.kommune_id, initiative=initiative, indicator=indicator)
            .first()
        )
        before = snapshot(goal) if goal is not None else None
        if target is None:
            if goal is not None:
                goal.delete()
                record(actor=actor, action=Action.DELETE, obj=goal, before=before)
            return
        if goal is not None and goal.target == target:
            return
        goal = goal or Goal(kommune_id=actor.kommune_id, initiative=initiative, indicator=indicator)
        goal.target = target
        goal.set_by = actor
        save_and_record(actor=actor, obj=goal, before=before)
