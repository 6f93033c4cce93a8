"""Writes to the effort model (indsatsmodellen): steps, contacts, CV, jobmål, delmål, step-up and
network involvement.

Every service
- takes keyword-only arguments, the acting user first;
- refuses a citizen the actor may not see (PermissionDenied, logged as a denied attempt);
- refuses bad input with a Danish ValidationError keyed by the field to blame (errors.refuse),
  checking everything before it writes, so a refused call leaves the database as it was;
- runs `full_clean()` before each save, inside one `transaction.atomic()`;
- writes one audit event naming the actor, with the row before and after. Where a new row
  supersedes an old one (a new step closes the open step, a new jobmål ends the current one),
  the event is about the new row and `before` is the superseded row as it stood: it was closed on
  the new row's start date.

Dates of things that happened (a contact, a step's start, a CV update) cannot lie in the future:
the case file records what was done, and a future step would already count as the citizen's
current step in every list.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.audit.services import save_and_record, snapshot
from fremdrift.borgere.access import require_visible
from fremdrift.borgere.models import Borger
from fremdrift.engine.definitions import INITIATIVE_KEYS, load_initiative
from fremdrift.indsats.errors import refuse
from fremdrift.indsats.models import (
    CV,
    Delmaal,
    DelmaalStatus,
    Jobmaal,
    Kontakt,
    Netvaerksinddragelse,
    Step,
    StepUpTilbud,
    Trin,
)
from fremdrift.indsats.workdays import add_working_days
from fremdrift.organisation.models import User


def fmt(d: date) -> str:
    """A date as Danish screens write it."""
    return f"{d:%d.%m.%Y}"


def refuse_future(field: str, day: date | None, *, what: str) -> None:
    # Europe/Copenhagen's calendar day: the day the case worker is living in.
    if day is not None and day > timezone.localdate():
        refuse(field, _("%(what)s kan ikke ligge i fremtiden.") % {"what": what}, code="future")


# --- Steps --------------------------------------------------------------------------------------


def step_deadline(*, initiativ: str, trin: int, start: date) -> date | None:
    """The step's frist: the initiative's step_deadlines in working days; none where unset."""
    days = load_initiative(initiativ).step_deadlines.get(f"trin{trin}")
    return add_working_days(start, days) if days is not None else None


def start_step(*, actor: User, borger: Borger, initiativ: str, trin: int, start: date) -> Step:
    """Move the citizen onto `trin` of `initiativ` from `start`, closing the open step.

    A step only goes forward: the open step's trin or a lower one is refused (a new period in
    the initiative starts after the open step is completed), as is a start before the open
    step's start or before the day the latest step of the initiative ended.
    """
    require_visible(actor, borger)
    if initiativ not in INITIATIVE_KEYS:
        refuse("initiativ", _("Ukendt initiativ: %(i)s.") % {"i": initiativ}, code="unknown")
    if trin not in Trin.values:
        refuse("trin", _("Trin skal være 1, 2 eller 3."), code="invalid")
    refuse_future("start", start, what=_("Trinnets start"))
    with transaction.atomic():
        # Locked, so that two people moving the same citizen at once queue up.
        current = (
            Step.objects.select_for_update()
            .filter(borger=borger, initiativ=initiativ, afsluttet__isnull=True)
            .first()
        )
        if current is not None:
            if trin <= current.trin:
                refuse(
                    "trin",
                    _(
                        "Borgeren er allerede på trin %(cur)s (siden %(dato)s); et forløb går "
                        "ikke tilbage. Afslut trinnet, hvis borgeren skal starte forfra."
                    )
                    % {"cur": current.trin, "dato": fmt(current.start)},
                    code="not_forward",
                )
            if start < current.start:
                refuse(
                    "start",
                    _("Trin %(trin)s kan ikke starte før det åbne trin %(cur)s (startet %(dato)s).")
                    % {"trin": trin, "cur": current.trin, "dato": fmt(current.start)},
                    code="before_open_step",
                )
        else:
            latest = (
                Step.objects.filter(borger=borger, initiativ=initiativ)
                .order_by("-afsluttet", "-id")
                .first()
            )
            if latest is not None and latest.afsluttet and start < latest.afsluttet:
                refuse(
                    "start",
                    _(
                        "Borgerens seneste trin sluttede %(dato)s; "
                        "et nyt trin kan tidligst starte den dag."
                    )
                    % {"dato": fmt(latest.afsluttet)},
                    code="before_last_step",
                )
        before = snapshot(current) if current is not None else None
        if current is not None:
            current.afsluttet = start
            current.full_clean()
            current.save(update_fields=["afsluttet"])
        step = Step(
            borger=borger,
            initiativ=initiativ,
            trin=trin,
            start=start,
            frist=step_deadline(initiativ=initiativ, trin=trin, start=start),
        )
        return save_and_record(
            actor=actor, obj=step, borger=borger, before=before, action=Action.CREATE
        )


def complete_step(*, actor: User, step: Step, afsluttet: date) -> Step:
    """Close a step without a next one: the citizen leaves the initiative or the step ends."""
    require_visible(actor, step.borger)
    refuse_future("afsluttet", afsluttet, what=_("Afslutningsdatoen"))
    with transaction.atomic():
        step = Step.objects.select_for_update().get(pk=step.pk)
        if step.afsluttet is not None:
            refuse(
                None,
                _("Trinnet er allerede afsluttet %(dato)s.") % {"dato": fmt(step.afsluttet)},
                code="already_closed",
            )
        if afsluttet < step.start:
            refuse(
                "afsluttet",
                _("Trinnet kan ikke afsluttes før det startede (%(dato)s).")
                % {"dato": fmt(step.start)},
                code="before_start",
            )
        before = snapshot(step)
        step.afsluttet = afsluttet
        return save_and_record(actor=actor, obj=step, borger=step.borger, before=before)


# --- Contacts -----------------------------------------------------------------------------------


def record_contact(
    *,
    actor: User,
    borger: Borger,
    dato: date,
    form: str,
    med_hvem: str = "",
    note: str = "",
) -> Kontakt:
    """Register a contact held by the acting user (their medarbejder; none for a leader)."""
    require_visible(actor, borger)
    refuse_future("dato", dato, what=_("En kontakt"))
    with transaction.atomic():
        kontakt = Kontakt(
            borger=borger,
            dato=dato,
            form=form,
            med_hvem=med_hvem,
            medarbejder=actor.medarbejder,
            note=note,
        )
        return save_and_record(actor=actor, obj=kontakt, borger=borger, before=None)


# --- CV and jobmål ------------------------------------------------------------------------------


def update_cv(
    *,
    actor: User,
    borger: Borger,
    senest_opdateret: date,
    kvalitetstjekket: date | None = None,
) -> CV:
    """Set the CV's dates as the form shows them; the citizen's one CV row is made on first use.

    A quality check older than the last update is allowed: it says the check is stale.
    """
    require_visible(actor, borger)
    refuse_future("senest_opdateret", senest_opdateret, what=_("CV'ets opdatering"))
    refuse_future("kvalitetstjekket", kvalitetstjekket, what=_("Kvalitetstjekket"))
    with transaction.atomic():
        cv = CV.objects.select_for_update().filter(borger=borger).first()
        before = snapshot(cv) if cv is not None else None
        if cv is None:
            cv = CV(borger=borger)
        cv.senest_opdateret = senest_opdateret
        cv.kvalitetstjekket = kvalitetstjekket
        return save_and_record(actor=actor, obj=cv, borger=borger, before=before)


def set_jobmaal(*, actor: User, borger: Borger, beskrivelse: str, start: date) -> Jobmaal:
    """Set a new job goal from `start`; the current goal ends that day and is kept as it was."""
    require_visible(actor, borger)
    refuse_future("start", start, what=_("Jobmålets dato"))
    beskrivelse = beskrivelse.strip()
    with transaction.atomic():
        current = (
            Jobmaal.objects.select_for_update()
            .filter(borger=borger, slut__isnull=True)
            .order_by("-start", "-id")
            .first()
        )
        if current is not None:
            if start < current.start:
                refuse(
                    "start",
                    _("Det nye jobmål kan ikke gælde fra før det nuværende (fastsat %(dato)s).")
                    % {"dato": fmt(current.start)},
                    code="before_current",
                )
            if beskrivelse == current.beskrivelse:
                refuse("beskrivelse", _("Borgeren har allerede dette jobmål."), code="unchanged")
        jobmaal = Jobmaal(borger=borger, beskrivelse=beskrivelse, start=start)
        # Checked before the current goal is touched, so a blank goal changes nothing.
        jobmaal.full_clean()
        before = snapshot(current) if current is not None else None
        if current is not None:
            current.slut = start
            current.full_clean()
            current.save(update_fields=["slut"])
        return save_and_record(
            actor=actor, obj=jobmaal, borger=borger, before=before, action=Action.CREATE
        )


# --- Delmål -------------------------------------------------------------------------------------


def add_delmaal(
    *,
    actor: User,
    borger: Borger,
    beskrivelse: str,
    oprettet: date,
    frist: date | None = None,
) -> Delmaal:
    require_visible(actor, borger)
    refuse_future("oprettet", oprettet, what=_("Oprettelsesdatoen"))
    if frist is not None and frist < oprettet:
        refuse("frist", _("Fristen ligger før delmålet blev oprettet."), code="before_start")
    with transaction.atomic():
        delmaal = Delmaal(
            borger=borger,
            beskrivelse=beskrivelse.strip(),
            oprettet=oprettet,
            frist=frist,
            status=DelmaalStatus.IKKE_STARTET,
            status_dato=oprettet,
        )
        return save_and_record(actor=actor, obj=delmaal, borger=borger, before=None)


def set_delmaal_status(*, actor: User, delmaal: Delmaal, status: str, dato: date) -> Delmaal:
    """Change a delmål's status as of `dato`; the audit log keeps the status history."""
    require_visible(actor, delmaal.borger)
    refuse_future("dato", dato, what=_("Statusdatoen"))
    with transaction.atomic():
        delmaal = Delmaal.objects.select_for_update().select_related("borger").get(pk=delmaal.pk)
        if status == delmaal.status:
            refuse(
                "status",
                _("Delmålet har allerede status %(status)s.")
                % {"status": delmaal.get_status_display()},
                code="unchanged",
            )
        if dato < delmaal.status_dato:
            refuse(
                "dato",
                _("Statusdatoen ligger før den nuværende status (%(dato)s).")
                % {"dato": fmt(delmaal.status_dato)},
                code="before_current",
            )
        before = snapshot(delmaal)
        delmaal.status = status
        delmaal.status_dato = dato
        return save_and_record(actor=actor, obj=delmaal, borger=delmaal.borger, before=before)


# --- Step-up and network ------------------------------------------------------------------------


def offer_step_up(
    *,
    actor: User,
    borger: Borger,
    forvaltning: str,
    beskrivelse: str,
    tilbudt: date,
) -> StepUpTilbud:
    require_visible(actor, borger)
    refuse_future("tilbudt", tilbudt, what=_("Tilbudsdatoen"))
    with transaction.atomic():
        tilbud = StepUpTilbud(
            borger=borger,
            forvaltning=forvaltning,
            beskrivelse=beskrivelse.strip(),
            tilbudt=tilbudt,
        )
        return save_and_record(actor=actor, obj=tilbud, borger=borger, before=None)


def record_step_up_participation(
    *,
    actor: User,
    tilbud: StepUpTilbud,
    start: date,
    slut: date | None = None,
) -> StepUpTilbud:
    """The citizen takes part from `start` (and until `slut`, which may be a planned end)."""
    require_visible(actor, tilbud.borger)
    refuse_future("start", start, what=_("Deltagelsens start"))
    with transaction.atomic():
        tilbud = StepUpTilbud.objects.select_for_update().select_related("borger").get(pk=tilbud.pk)
        if start < tilbud.tilbudt:
            refuse(
                "start",
                _("Deltagelsen kan ikke starte før tilbuddet blev givet (%(dato)s).")
                % {"dato": fmt(tilbud.tilbudt)},
                code="before_offer",
            )
        if slut is not None and slut < start:
            refuse("slut", _("Deltagelsen kan ikke slutte før den starter."), code="before_start")
        before = snapshot(tilbud)
        tilbud.start = start
        tilbud.slut = slut
        return save_and_record(actor=actor, obj=tilbud, borger=tilbud.borger, before=before)


def record_network_involvement(
    *,
    actor: User,
    borger: Borger,
    dato: date,
    hvem: str,
    beskrivelse: str = "",
) -> Netvaerksinddragelse:
    """The citizen's network took part (only where the citizen wants it: the form asks)."""
    require_visible(actor, borger)
    refuse_future("dato", dato, what=_("Datoen"))
    with transaction.atomic():
        inddragelse = Netvaerksinddragelse(
            borger=borger, dato=dato, hvem=hvem.strip(), beskrivelse=beskrivelse
        )
        return save_and_record(actor=actor, obj=inddragelse, borger=borger, before=None)
