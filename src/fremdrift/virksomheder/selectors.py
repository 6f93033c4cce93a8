"""Reads about companies and agreements for lists and screens.

Company lists are the municipality's own, for anyone who works on cases there; the counts of
open agreements are numbers, not citizens. An agreement's hours are read after the caller has
opened the citizen through `borgere.selectors.borger_for_view` (the access rule and the log).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.borgere.access import can_see_people
from fremdrift.borgere.periods import open_on
from fremdrift.indsats.cadence import add_months
from fremdrift.organisation.models import User
from fremdrift.virksomheder.models import Aftale, Virksomhed

# At most this many companies are suggested as a caseworker types (the Borgerside's agreement).
SUGGESTIONS: Final = 10
# A CVR number at the end of what was typed: "12345678", "12 34 56 78", "CVR 12345678" or a
# suggestion as `virksomhed_valg` writes it, "Bageriet ApS (CVR 12345678)".
_CVR_AT_END = re.compile(r"(?:\bcvr(?:-?nr\.?|-nummer)?\s*:?\s*)?(\d(?:\s?\d){7})\s*\)?$", re.I)


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
    return qs.annotate(
        open_aftaler=Count("aftaler", filter=open_on(today, via="aftaler__"))
    ).order_by("branche", "navn", "cvr")


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
            n_open=Count("aftaler", filter=open_on(today, via="aftaler__")),
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


# --- A company by what a caseworker types ------------------------------------------------------


def virksomhed_valg(virksomhed: Virksomhed) -> str:
    """A company as a suggestion writes it into the field: its name and CVR number, which
    `resolve_virksomhed` reads back to exactly that company (so not translated)."""
    if virksomhed.navn:
        return f"{virksomhed.navn} (CVR {virksomhed.cvr})"
    return f"CVR {virksomhed.cvr}"


def resolve_virksomhed(
    *, kommune_id: str, text: str, field: str = "virksomhed"
) -> Virksomhed | None:
    """The municipality's company that `text` names: its CVR number, or its name (letter case
    aside) if no other company there has that name; None for an empty text. One query.

    Refuses in Danish, keyed by `field`, when no company or several match.
    """
    text = " ".join(text.split())
    if not text:
        return None
    match = _CVR_AT_END.search(text)
    cvr = match.group(1).replace(" ", "") if match else None
    wanted = Q(navn__iexact=text)
    if cvr is not None:
        wanted |= Q(cvr=cvr)
    # The CVR number first: it names one company, whatever others are called.
    found = list(
        Virksomhed.objects.filter(wanted, kommune_id=kommune_id)
        .annotate(by_cvr=Case(When(cvr=cvr or "", then=Value(0)), default=Value(1)))
        .order_by("by_cvr", "cvr")[:2]
    )
    if found and found[0].cvr == cvr:
        return found[0]
    if len(found) == 1:
        return found[0]
    if not found:
        message = _(
            "Ingen virksomhed i kommunen med det CVR-nummer eller navn; "
            "opret den under Virksomheder."
        )
        raise ValidationError({field: ValidationError(message, code="unknown")})
    raise ValidationError(
        {
            field: ValidationError(
                _("Flere virksomheder hedder sådan; skriv CVR-nummeret."), code="ambiguous"
            )
        }
    )


def suggest_virksomheder(*, kommune_id: str, text: str) -> list[Virksomhed]:
    """At most SUGGESTIONS of the municipality's companies for what has been typed so far:
    those whose name contains it (names that start with it first) or whose CVR number starts
    with its digits. One query, however many companies the municipality has."""
    text = " ".join(text.split())
    if not text:
        return []
    digits = text.replace(" ", "")
    wanted = Q(navn__icontains=text)
    if digits.isdigit():
        wanted |= Q(cvr__startswith=digits)
    return list(
        Virksomhed.objects.filter(wanted, kommune_id=kommune_id)
        .annotate(
            rank=Case(
                When(navn__istartswith=text, then=Value(0)),
                When(navn__icontains=text, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank", "navn", "cvr")[:SUGGESTIONS]
    )
