"""Writes of STAR's follow-up: a note on what was done about a municipality, and a grant (amount,
period, documented costs, rate 1 paid). STAR only; each write is one audit event naming the
actor, with `full_clean()` first and nothing written when it refuses."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from fremdrift.audit.services import save_and_record, snapshot
from fremdrift.indsats.errors import refuse
from fremdrift.monitoring.access import is_star, require
from fremdrift.monitoring.models import FollowUpNote, Grant
from fremdrift.organisation.models import User

MAX_NOTE: int = 4000


def add_note(
    *, actor: User, kommune_id: str, initiative: str, month: str, text: str
) -> FollowUpNote:
    """Record the follow-up STAR did about a municipality's results of `month`."""
    require(is_star(actor), actor=actor, view="monitoring:note")
    text = text.strip()
    if not text:
        refuse("text", _("Skriv hvad der er gjort i opfølgningen."), code="required")
    if len(text) > MAX_NOTE:
        refuse(
            "text",
            _("Noten er for lang: højst %(max)s tegn.") % {"max": MAX_NOTE},
            code="max_length",
        )
    note = FollowUpNote(
        kommune_id=kommune_id, initiative=initiative, month=month, text=text, author=actor
    )
    with transaction.atomic():
        save_and_record(
            actor=actor, obj=note, before=None, kommune_id=kommune_id, view="monitoring:kommune"
        )
    return note


def update_grant(
    *,
    actor: User,
    grant: Grant,
    amount: Decimal,
    period_from: str,
    period_to: str,
    costs_documented: Decimal | None,
    rate1_paid: bool,
) -> Grant:
    """The grant as the grant letter and the accounts say: amount, period, documented costs
    and whether rate 1 has been paid (the seeds' grants are defaults to correct here)."""
    require(is_star(actor), actor=actor, view="monitoring:grant")
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        before = snapshot(grant)
        grant.amount = amount
        grant.period_from = period_from
        grant.period_to = period_to
        grant.costs_documented = costs_documented
        grant.rate1_paid = rate1_paid
        save_and_record(
            actor=actor,
            obj=grant,
            before=before,
            kommune_id=grant.kommune_id,
            view="monitoring:grant",
        )
    return grant
