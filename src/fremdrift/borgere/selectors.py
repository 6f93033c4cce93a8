"""Reads of citizens. Every read for a screen goes through `visible_borgere` and is audit-logged."""

from __future__ import annotations

import calendar
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.models import Borger, Forloeb, Ydelse
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


# The FSM2 target group (seed 003): activity-ready recipients of these benefits, aged 30 or
# more, outside the selvforsørgelses- og hjemrejseprogram and the introduktionsprogram.
MAALGRUPPE_YDELSER = ("kontanthjaelp", "integrationsydelse")
MAALGRUPPE_MIN_ALDER = 30


def _open_on(day: date) -> Q:
    return Q(start__lte=day) & (Q(slut__isnull=True) | Q(slut__gte=day))


def in_maalgruppe(borgere: QuerySet[Borger], day: date) -> QuerySet[Borger]:
    """Those of `borgere` who are in the FSM2 target group on `day`, judged from their benefits."""
    benefit = Ydelse.objects.filter(
        _open_on(day),
        borger=OuterRef("pk"),
        ydelse__in=MAALGRUPPE_YDELSER,
        visitation="aktivitetsparat",
        program="",
    )
    latest_birth = _years_before(day, MAALGRUPPE_MIN_ALDER)
    return borgere.filter(Exists(benefit), foedselsdato__lte=latest_birth)


def eligible_not_in_initiative(
    *, user: User, day: date, initiativ: str = "fsm2"
) -> QuerySet[Borger]:
    """Target-group citizens the user may see who are not yet in the initiative.

    The whole target group must be included, so this list is a work queue that should be empty.
    A citizen whose period ended for one of the ending reasons (moved away, ...) may enter again.
    """
    member = Forloeb.objects.filter(borger=OuterRef("pk"), initiativ=initiativ).filter(
        Q(slut__isnull=True) | Q(slut__gte=day) | Q(slutaarsag="")
    )
    return in_maalgruppe(visible_borgere(user, day=day), day).exclude(Exists(member))


def _years_before(day: date, years: int) -> date:
    """The latest birth date of someone `years` old on `day` (Borger.age_on's convention)."""
    year = day.year - years
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year) and calendar.isleap(year):
        return date(year, 2, 29)
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)
