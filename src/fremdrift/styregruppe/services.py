"""Writes of the steering group's app: meetings, the business case's inputs. Each checks the
row (full_clean), writes it and its audit event in one transaction, naming the actor."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fremdrift.audit.services import save_and_record, snapshot
from fremdrift.organisation.models import User
from fremdrift.styregruppe.models import GroupKind, Investment, Meeting, MeetingGroup, SavingRate


def _kommune(actor: User) -> str:
    if actor.kommune_id is None:
        raise ValueError("only a municipality's own user writes its steering group's data")
    return actor.kommune_id


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    group: MeetingGroup | None,
    held_on: date,
    notes: str,
    decisions: str,
) -> Meeting:
    """A meeting held. A municipality without a group yet gets its steering group, quarterly
    from this first meeting (the pool's minimum cadence)."""
    kommune_id = _kommune(actor)
    if group is None:
        group = MeetingGroup(
            kommune_id=kommune_id,
            kind=GroupKind.STYREGRUPPE,
            name=str(GroupKind.STYREGRUPPE.label),
            start=held_on,
        )
        save_and_record(actor=actor, obj=group, before=None)
    elif group.kommune_id != kommune_id:
        raise ValueError("a meeting of another municipality's group")
    meeting = Meeting(group=group, held_on=held_on, notes=notes, decisions=decisions, author=actor)
    return save_and_record(actor=actor, obj=meeting, before=None)


@transaction.atomic
def create_group(
    *,
    actor: User,
    name: str,
    kind: str,
    start: date,
    every: int,
    unit: str,
    startup_every: int | None,
    startup_months: int,
) -> MeetingGroup:
    """A new forum with its own cadence (a step-up group besides the steering group)."""
    group = MeetingGroup(
        kommune_id=_kommune(actor),
        name=name,
        kind=kind,
        start=start,
        every=every,
        unit=unit,
        startup_every=startup_every,
        startup_months=startup_months,
    )
    return save_and_record(actor=actor, obj=group, before=None)


@transaction.atomic
def update_cadence(
    *,
    actor: User,
    group: MeetingGroup,
    start: date,
    every: int,
    unit: str,
    startup_every: int | None,
    startup_months: int,
) -> MeetingGroup:
    before = snapshot(group)
    group.start, group.every, group.unit = start, every, unit
    group.startup_every, group.startup_months = startup_every, startup_months
    return save_and_record(actor=actor, obj=group, before=before)


@transaction.atomic
def save_investment(*, actor: User, year: int, staff: int, other: int) -> Investment:
    """The municipality's investment in a year, entered or changed."""
    kommune_id = _kommune(actor)
    existing = (
        Investment.objects.select_for_update().filter(kommune_id=kommune_id, year=year).first()
    )
    before = snapshot(existing) if existing else None
    investment = existing or Investment(kommune_id=kommune_id, year=year)
    investment.staff, investment.other = staff, other
    return save_and_record(actor=actor, obj=investment, before=before)


@transaction.atomic
def save_rate(*, actor: User, ydelse: str, kroner_per_year: int) -> SavingRate:
    """The municipality's own yearly saving per citizen leaving a benefit."""
    kommune_id = _kommune(actor)
    existing = (
        SavingRate.objects.select_for_update().filter(kommune_id=kommune_id, ydelse=ydelse).first()
    )
    before = snapshot(existing) if existing else None
    rate = existing or SavingRate(kommune_id=kommune_id, ydelse=ydelse)
    rate.kroner_per_year = kroner_per_year
    return save_and_record(actor=actor, obj=rate, before=before)
