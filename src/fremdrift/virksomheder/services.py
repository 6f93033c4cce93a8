"""Writes about companies, the citizens' agreements with them and the hours worked each month.

The same rules as the indsats services (see there): keyword-only arguments, the access check
before the transaction, Danish refusals keyed by field and checked before anything is written,
`full_clean()` before each save and one audit event naming the actor with before and after.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from fremdrift.audit.services import save_and_record, snapshot
from fremdrift.borgere.access import require_case_worker, require_visible
from fremdrift.borgere.models import Borger
from fremdrift.indsats.errors import refuse
from fremdrift.indsats.services import fmt
from fremdrift.organisation.models import User
from fremdrift.virksomheder.models import Aftale, Aftaletype, Timer, Virksomhed

MAX_TIMER_PR_UGE: Final = 37  # a full-time week; more is a typing error, not overtime
# Agreements that are work at a company: without one there is nothing to follow up on.
NEEDS_VIRKSOMHED: Final = frozenset(
    {
        Aftaletype.VIRKSOMHEDSPRAKTIK,
        Aftaletype.LOENTILSKUD,
        Aftaletype.LOENNEDE_TIMER,
        Aftaletype.SMAAJOB,
    }
)


def clean_cvr(cvr: str) -> str:
    """The CVR number as 8 digits (spaces and a DK prefix removed), or a Danish refusal."""
    try:
        return str(stdnum_cvr.validate(cvr))
    except InvalidLength:
        refuse("cvr", _("Et CVR-nummer har 8 cifre."), code="length")
    except InvalidChecksum:
        refuse(
            "cvr",
            _("CVR-nummeret findes ikke: kontrolcifferet passer ikke. Tjek for tastefejl."),
            code="checksum",
        )
    # InvalidLength is an InvalidFormat too, so this comes after it.
    except InvalidFormat:
        refuse("cvr", _("Et CVR-nummer består af 8 cifre og begynder ikke med 0."), code="format")


def register_virksomhed(
    *,
    actor: User,
    cvr: str,
    navn: str,
    branche: str = "",
    kontaktperson: str = "",
    kontakt_telefon: str = "",
    kontakt_email: str = "",
) -> Virksomhed:
    """Register a company in the actor's municipality."""
    kommune_id = require_case_worker(actor)
    number = clean_cvr(cvr)
    navn = navn.strip()
    if not navn:
        refuse("navn", _("Angiv virksomhedens navn."), code="required")
    with transaction.atomic():
        existing = Virksomhed.objects.filter(kommune_id=kommune_id, cvr=number).first()
        if existing is not None:
            refuse(
                "cvr",
                _("Virksomheden med CVR-nummer %(cvr)s er allerede registreret som %(navn)s.")
                % {"cvr": number, "navn": existing},
                code="duplicate",
            )
        virksomhed = Virksomhed(
            kommune_id=kommune_id,
            cvr=number,
            navn=navn,
            branche=branche.strip(),
            kontaktperson=kontaktperson.strip(),
            kontakt_telefon=kontakt_telefon.strip(),
            kontakt_email=kontakt_email.strip(),
        )
        save_and_record(actor=actor, obj=virksomhed, before=None, kommune_id=virksomhed.kommune_id)
    return virksomhed


def register_aftale(
    *,
    actor: User,
    borger: Borger,
    aktivitet: str,
    virksomhed: Virksomhed | None,
    start: date,
    slut: date | None = None,
    timer_pr_uge: float | None = None,
    opgaver: str = "",
    kontaktperson: str = "",
    progressionsplan: str = "",
) -> Aftale:
    """Register an agreement; start and end may lie ahead, as agreements are made in advance."""
    require_visible(actor, borger)
    if slut is not None and slut < start:
        refuse("slut", _("Slutdatoen ligger før startdatoen."), code="before_start")
    # Written so that NaN is refused too: every comparison with NaN is false.
    if timer_pr_uge is not None and not 0 <= timer_pr_uge <= MAX_TIMER_PR_UGE:
        refuse(
            "timer_pr_uge",
            _("Timer pr. uge skal være mellem 0 og %(max)s.") % {"max": MAX_TIMER_PR_UGE},
            code="hours_range",
        )
    if virksomhed is None and aktivitet in NEEDS_VIRKSOMHED:
        refuse(
            "virksomhed",
            _("En aftale om %(type)s skal have en virksomhed.")
            % {"type": Aftaletype(aktivitet).label.lower()},
            code="required",
        )
    if virksomhed is not None and virksomhed.kommune_id != borger.kommune_id:
        refuse(
            "virksomhed",
            _("Virksomheden er registreret i en anden kommune end borgerens."),
            code="other_kommune",
        )
    with transaction.atomic():
        aftale = Aftale(
            borger=borger,
            aktivitet=aktivitet,
            virksomhed=virksomhed,
            start=start,
            slut=slut,
            timer_pr_uge=timer_pr_uge,
            opgaver=opgaver,
            kontaktperson=kontaktperson.strip(),
            progressionsplan=progressionsplan,
        )
        return save_and_record(actor=actor, obj=aftale, borger=borger, before=None)


def end_aftale(*, actor: User, aftale: Aftale, slut: date) -> Aftale:
    """End an open agreement, or one whose planned end is still ahead, on `slut`."""
    require_visible(actor, aftale.borger)
    with transaction.atomic():
        aftale = Aftale.objects.select_for_update().select_related("borger").get(pk=aftale.pk)
        if aftale.source_id is not None:
            # A corrected delivery replaces delivered rows: a change made here would be lost.
            refuse(
                None,
                _("Aftalen er indlæst fra fagsystemet; ret den dér."),
                code="delivered",
            )
        if aftale.slut is not None and aftale.slut < timezone.localdate():
            refuse(
                None,
                _("Aftalen sluttede allerede %(dato)s.") % {"dato": fmt(aftale.slut)},
                code="already_ended",
            )
        if slut < aftale.start:
            refuse(
                "slut",
                _("Aftalen kan ikke slutte før den startede (%(dato)s).")
                % {"dato": fmt(aftale.start)},
                code="before_start",
            )
        before = snapshot(aftale)
        aftale.slut = slut
        return save_and_record(actor=actor, obj=aftale, borger=aftale.borger, before=before)


def _month_end(maaned: date) -> date:
    return maaned.replace(day=calendar.monthrange(maaned.year, maaned.month)[1])


def register_timer(*, actor: User, aftale: Aftale, maaned: date, timer: Decimal | int) -> Timer:
    """The hours worked under `aftale` in the month starting `maaned`.

    A second registration for the same month replaces the first (the company corrected its
    figure); the audit event keeps the replaced figure as `before`.
    """
    require_visible(actor, aftale.borger)
    if maaned.day != 1:
        refuse("maaned", _("Angiv måneden ved den første i måneden."), code="not_month_start")
    if maaned > timezone.localdate().replace(day=1):
        refuse("maaned", _("Timer kan ikke registreres for en kommende måned."), code="future")
    if maaned > (aftale.slut or maaned) or _month_end(maaned) < aftale.start:
        refuse(
            "maaned",
            _("Aftalen løber ikke i %(maaned)s.") % {"maaned": f"{maaned:%m.%Y}"},
            code="outside_aftale",
        )
    if timer < 0:
        refuse("timer", _("Timer kan ikke være negative."), code="negative")
    with transaction.atomic():
        row = Timer.objects.select_for_update().filter(aftale=aftale, maaned=maaned).first()
        before = snapshot(row) if row is not None else None
        if row is None:
            row = Timer(aftale=aftale, maaned=maaned)
        row.timer = Decimal(timer)
        return save_and_record(actor=actor, obj=row, borger=aftale.borger, before=before)
