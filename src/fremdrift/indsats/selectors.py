"""Reads of the effort model for lists and screens.

The selectors take a queryset of citizens the caller has already limited with
`borgere.access.visible_borgere` (and logged, for a screen of one citizen); they add no rule of
their own about who sees what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from fremdrift.borgere.models import Borger
from fremdrift.indsats import cadence
from fremdrift.indsats.models import Kontakt, Step
from fremdrift.indsats.workdays import working_days_between


@dataclass(frozen=True)
class CaseloadRow:
    borger: Borger
    initiativ: str | None
    trin: int | None
    step_start: date | None
    frist: date | None
    # Working days from today to the deadline: 0 on the day itself, negative once it has passed.
    days_left: int | None
    last_contact: date | None
    next_contact_due: date | None
    step_overdue: bool
    contact_overdue: bool


def with_caseload_facts(
    borgere: QuerySet[Borger], *, today: date, initiativ: str | None = None
) -> QuerySet[Borger]:
    """The citizens with their current step and last contact as of `today`, in the same query.

    A step is current on a day from its start up to the day before `afsluttet` (the next step
    starts the day the previous one is closed). Where a citizen is on steps of two initiatives
    and `initiativ` is not given, the latest started step is shown.
    """
    steps = Step.objects.filter(borger=OuterRef("pk"), start__lte=today).filter(
        Q(afsluttet__isnull=True) | Q(afsluttet__gt=today)
    )
    if initiativ is not None:
        steps = steps.filter(initiativ=initiativ)
    steps = steps.order_by("-start", "-id")
    contacts = Kontakt.objects.filter(borger=OuterRef("pk"), dato__lte=today).order_by("-dato")
    # One correlated subquery per column: still a single statement, whatever the caseload size.
    return borgere.annotate(
        step_initiativ=Subquery(steps.values("initiativ")[:1]),
        step_trin=Subquery(steps.values("trin")[:1]),
        step_start=Subquery(steps.values("start")[:1]),
        step_frist=Subquery(steps.values("frist")[:1]),
        last_contact=Subquery(contacts.values("dato")[:1]),
    )


def caseload_status(
    borgere: QuerySet[Borger], *, today: date | None = None, initiativ: str | None = None
) -> list[CaseloadRow]:
    """Step, deadline, last and next contact and overdue flags for each citizen: one query.

    The working-day arithmetic runs in Python on the fetched rows; it needs no query.
    """
    today = today or timezone.localdate()
    rows: list[CaseloadRow] = []
    for b in with_caseload_facts(borgere, today=today, initiativ=initiativ):
        trin: int | None = b.step_trin  # type: ignore[attr-defined]
        start: date | None = b.step_start  # type: ignore[attr-defined]
        frist: date | None = b.step_frist  # type: ignore[attr-defined]
        last: date | None = b.last_contact  # type: ignore[attr-defined]
        due = (
            cadence.next_contact_due(trin=trin, step_start=start, frist=frist, last_contact=last)
            if trin is not None and start is not None
            else None
        )
        rows.append(
            CaseloadRow(
                borger=b,
                initiativ=b.step_initiativ,  # type: ignore[attr-defined]
                trin=trin,
                step_start=start,
                frist=frist,
                days_left=working_days_between(today, frist) if frist is not None else None,
                last_contact=last,
                next_contact_due=due,
                step_overdue=frist is not None and today > frist,
                contact_overdue=due is not None and today > due,
            )
        )
    return rows


def next_contact_due(
    *, borger: Borger, today: date | None = None, initiativ: str | None = None
) -> date | None:
    """When the citizen's next contact is due; the same rule as the caseload list."""
    rows = caseload_status(Borger.objects.filter(pk=borger.pk), today=today, initiativ=initiativ)
    return rows[0].next_contact_due if rows else None
