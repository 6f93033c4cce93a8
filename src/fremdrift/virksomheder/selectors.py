"""Reads about companies and agreements for lists and screens.

Company lists are the municipality's own, for anyone who works on cases there; the counts of
open agreements are numbers, not citizens. An agreement's hours are read after the caller has
opened the citizen through `borgere.selectors.borger_for_view` (the access rule and the log).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fremdrift.borgere.access import can_see_people
from fremdrift.indsats.cadence import add_months
from fremdrift.organisation.models import User
from fremdrift.virksomheder.models import Aftale, Virksomhed


def _open_on(day: date) -> Q:
    return Q(aftaler__start__lte=day) & (Q(aftaler__slut__isnull=True) | Q(aftaler__slut__gte=day))


def virksomheder_by_branche(
    *, user: User, today: date | None = None, branche: str | None = None
) -> QuerySet[Virksomhed]:
    """The user's municipality's companies by branche, each with `open_aftaler` on `today`."""
    if not can_see_people(user):
        return Virksomhed.objects.none()
    today = today or timezone.localdate()
    qs = Virksomhed.objects.filter(kommune_id=user.kommune_id)
    if branche is not None:
        qs = qs.filter(branche=branche)
    return qs.annotate(open_aftaler=Count("aftaler", filter=_open_on(today))).order_by(
        "branche", "navn", "cvr"
    )


@dataclass(frozen=True)
class BrancheTotal:
    branche: str
    virksomheder: int
    open_aftaler: int


def branche_totals(*, user: User, today: date | None = None) -> list[BrancheTotal]:
    """Per branche: how many companies, and how many agreements are open with them `today`."""
    if not can_see_people(user):
        return []
    today = today or timezone.localdate()
    rows = (
        Virksomhed.objects.filter(kommune_id=user.kommune_id)
        .values("branche")
        .annotate(
            # distinct: the join to agreements repeats a company once per agreement.
            n_virksomheder=Count("pk", distinct=True),
            n_open=Count("aftaler", filter=_open_on(today)),
        )
        .order_by("branche")
    )
    return [BrancheTotal(r["branche"], r["n_virksomheder"], r["n_open"]) for r in rows]


@dataclass(frozen=True)
class MonthHours:
    maaned: date  # the first of the month
    timer: Decimal | None  # None: nothing registered for the month


def aftale_timer_by_month(*, aftale: Aftale, today: date | None = None) -> list[MonthHours]:
    """Every month of the agreement up to its end or this month, with the hours registered.

    Months without a registration are listed with None, so a missing figure shows as missing
    rather than disappearing; a registration outside that range is listed too.
    """
    today = today or timezone.localdate()
    # .all(), so that a prefetch of the hours (the Borgerside) serves it without a query.
    registered = {t.maaned: t.timer for t in aftale.timer.all()}
    last = min(aftale.slut or today, today)
    months: set[date] = set(registered)
    month = aftale.start.replace(day=1)
    while month <= last:
        months.add(month)
        month = add_months(month, 1)
    return [MonthHours(m, registered.get(m)) for m in sorted(months)]
