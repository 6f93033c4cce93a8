"""Writes to a citizen's programme periods and markings, the jobformidler assignment included.

Each service takes keyword-only arguments, checks that the actor may see the citizen, refuses
bad input with a Danish `ValidationError` naming the field, and writes the change and its audit
event in one transaction: a refused write leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fremdrift.audit.services import save_and_record, snapshot
from fremdrift.borgere import cpr
from fremdrift.borgere.access import require_case_worker, require_visible
from fremdrift.borgere.models import Borger, Forloeb, Markering
from fremdrift.borgere.periods import not_ended_before, open_on
from fremdrift.engine.definitions import load_initiative
from fremdrift.organisation.models import Medarbejder, User

# --- Citizens ------------------------------------------------------------------------------------


def register_borger(*, actor: User, person_id: str, herkomst: str, navn: str = "") -> Borger:
    """Create a citizen of the actor's municipality from a CPR number (checked by python-stdnum).

    Birth date and sex come from the number itself, so they cannot disagree with it.
    """
    kommune = require_case_worker(actor, view="register_borger")
    if not cpr.is_cpr(person_id):
        raise ValidationError(
            {
                "person_id": _(
                    "CPR-nummeret er ikke gyldigt: skriv 10 cifre (ddmmåå-xxxx) med en "
                    "gyldig fødselsdato."
                )
            }
        )
    number = cpr.normalise(person_id)
    if Borger.objects.filter(kommune_id=kommune, person_id=number).exists():
        raise ValidationError({"person_id": _("Borgeren findes allerede i kommunen.")})
    with transaction.atomic():
        borger = Borger(
            kommune_id=kommune,
            person_id=number,
            foedselsdato=cpr.birth_date(number),
            koen=cpr.koen(number),
            herkomst=herkomst,
            navn=navn.strip(),
        )
        save_and_record(actor=actor, obj=borger, borger=borger, before=None)
    return borger


# --- Jobformidler and caseload -------------------------------------------------------------------


def caseload(medarbejder: Medarbejder, day: date) -> QuerySet[Markering]:
    """The citizens a jobformidler holds on a day: their open jobformidler markings."""
    return Markering.objects.filter(open_on(day), medarbejder=medarbejder, markering="jobformidler")


def caseload_cap(medarbejder: Medarbejder, initiativ: str) -> int:
    """The person's own cap, or the initiative's (30 in FSM2, 40 for mixed caseloads)."""
    if medarbejder.sagsstamme_loft is not None:
        return medarbejder.sagsstamme_loft
    return load_initiative(initiativ).caseload_cap


@dataclass(frozen=True)
class Assignment:
    markering: Markering
    caseload: int
    cap: int
    # Set when this assignment fills the caseload to the cap or a leader went past it.
    warning: str = ""


def assign_jobformidler(
    *,
    actor: User,
    borger: Borger,
    medarbejder: Medarbejder,
    start: date,
    initiativ: str = "fsm2",
    override_reason: str = "",
) -> Assignment:
    """Give the citizen a personal jobformidler from `start`; the previous one's marking ends.

    At the cap the assignment goes through with a warning; past it, only a leader may assign,
    and only with a reason, which the audit log keeps.
    """
    require_visible(actor, borger)
    if medarbejder.kommune_id != borger.kommune_id:
        raise ValidationError({"medarbejder": _("Jobformidleren hører til en anden kommune.")})
    with transaction.atomic():
        current = (
            Markering.objects.select_for_update()
            .filter(open_on(start), borger=borger, markering="jobformidler")
            .first()
        )
        if current is not None and current.medarbejder_id == medarbejder.pk:
            raise ValidationError({"medarbejder": _("Borgeren har allerede denne jobformidler.")})
        cap = caseload_cap(medarbejder, initiativ)
        after = caseload(medarbejder, start).count() + 1
        warning = ""
        if after > cap:
            if not actor.is_leader:
                raise ValidationError(
                    {
                        "medarbejder": _(
                            "%(navn)s har allerede %(antal)d borgere (loftet er %(loft)d). "
                            "Vælg en anden jobformidler, eller bed en leder om at "
                            "overskride loftet med en begrundelse."
                        )
                        % {"navn": medarbejder, "antal": after - 1, "loft": cap}
                    }
                )
            if not override_reason.strip():
                raise ValidationError(
                    {
                        "override_reason": _(
                            "Loftet på %(loft)d borgere overskrides: skriv en begrundelse."
                        )
                        % {"loft": cap}
                    }
                )
            warning = _("Loftet er overskredet: %(antal)d borgere mod et loft på %(loft)d.") % {
                "antal": after,
                "loft": cap,
            }
        elif after == cap:
            warning = _("Sagsstammen er nu fuld: %(antal)d af %(loft)d borgere.") % {
                "antal": after,
                "loft": cap,
            }
        if current is not None:
            _end(actor, current, start - timedelta(days=1))
        marking = Markering(
            borger=borger, markering="jobformidler", medarbejder=medarbejder, start=start
        )
        save_and_record(
            actor=actor,
            obj=marking,
            borger=borger,
            before=None,
            extra={"override_reason": override_reason.strip() or None},
        )
    return Assignment(marking, after, cap, warning)


# --- Other markings ------------------------------------------------------------------------------


def add_marking(
    *,
    actor: User,
    borger: Borger,
    markering: str,
    start: date,
    slut: date | None = None,
    fritagelsesgrund: str = "",
) -> Markering:
    """Add a rehabilitering, step_up or fritagelse marking (jobformidler: assign_jobformidler)."""
    require_visible(actor, borger)
    if markering == "jobformidler":
        raise ValidationError(
            {"markering": _("En jobformidler tildeles med tildelingen, ikke som markering.")}
        )
    if markering == "fritagelse" and not fritagelsesgrund.strip():
        raise ValidationError(
            {"fritagelsesgrund": _("En fritagelse skal have en grund: skriv den.")}
        )
    if slut is not None and slut < start:
        raise ValidationError({"slut": _("Slutdatoen ligger før startdatoen.")})
    with transaction.atomic():
        clash = Markering.objects.filter(borger=borger, markering=markering).filter(
            not_ended_before(start)
        )
        if slut is not None:
            clash = clash.filter(start__lte=slut)
        if markering == "fritagelse":
            # Two exemptions at once are allowed, for different reasons.
            clash = clash.filter(fritagelsesgrund=fritagelsesgrund.strip())
        if clash.exists():
            raise ValidationError({"start": _("Borgeren har allerede denne markering i perioden.")})
        marking = Markering(
            borger=borger,
            markering=markering,
            start=start,
            slut=slut,
            fritagelsesgrund=fritagelsesgrund.strip(),
        )
        save_and_record(actor=actor, obj=marking, borger=borger, before=None)
    return marking


def end_marking(*, actor: User, markering: Markering, slut: date) -> Markering:
    require_visible(actor, markering.borger)
    with transaction.atomic():
        return _end(actor, markering, slut)


_P = TypeVar("_P", Markering, Forloeb)


def _end(actor: User, period: _P, slut: date, **changes: str) -> _P:
    if period.slut is not None and period.slut < slut:
        raise ValidationError({"slut": _("Perioden er allerede afsluttet.")})
    if slut < period.start:
        raise ValidationError({"slut": _("Slutdatoen ligger før startdatoen.")})
    before = snapshot(period)
    period.slut = slut
    for field, value in changes.items():
        setattr(period, field, value)
    return save_and_record(actor=actor, obj=period, borger=period.borger, before=before)


# --- Programme periods (visitation) --------------------------------------------------------------


def start_forloeb(
    *, actor: User, borger: Borger, initiativ: str, gruppe: int, start: date
) -> Forloeb:
    """The visitation decision: the citizen enters the initiative in group 1 or 2 from `start`.

    A change of group ends the open period with the reason `gruppeskift`.
    """
    require_visible(actor, borger)
    if gruppe not in (1, 2):
        raise ValidationError({"gruppe": _("Vælg gruppe 1 (indsatsgruppen) eller 2.")})
    with transaction.atomic():
        current = (
            Forloeb.objects.select_for_update()
            .filter(borger=borger, initiativ=initiativ)
            .filter(not_ended_before(start))
            .first()
        )
        if current is not None:
            if current.gruppe == gruppe:
                raise ValidationError(
                    {"gruppe": _("Borgeren er allerede i gruppe %(gruppe)d.") % {"gruppe": gruppe}}
                )
            if start <= current.start:
                raise ValidationError(
                    {"start": _("Gruppeskiftet skal ligge efter det nuværende forløbs start.")}
                )
            _end(actor, current, start - timedelta(days=1), slutaarsag="gruppeskift")
        forloeb = Forloeb(borger=borger, initiativ=initiativ, gruppe=gruppe, start=start)
        save_and_record(actor=actor, obj=forloeb, borger=borger, before=None)
    return forloeb


def end_forloeb(*, actor: User, forloeb: Forloeb, slut: date, slutaarsag: str) -> Forloeb:
    """End a period. Without one of the ending reasons the citizen keeps counting (a closed
    case is no end), so the reason is required here."""
    require_visible(actor, forloeb.borger)
    if slutaarsag not in dict(Forloeb._meta.get_field("slutaarsag").choices or ()):
        raise ValidationError(
            {
                "slutaarsag": _(
                    "Vælg en slutårsag: gruppeskift, fraflytning, død eller folkepension."
                )
            }
        )
    with transaction.atomic():
        return _end(actor, forloeb, slut, slutaarsag=slutaarsag)
