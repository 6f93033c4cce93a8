"""Reads of citizens. Every read for a screen goes through `visible_borgere` and is audit-logged."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.charts import BarChart, bar_chart
from fremdrift.borgere.labels import label
from fremdrift.borgere.models import Borger, Forloeb, Markering, Ydelse
from fremdrift.borgere.periods import not_ended_before, open_on
from fremdrift.borgere.services import caseload_cap
from fremdrift.indsats import cadence
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
from fremdrift.indsats.services import fmt
from fremdrift.indsats.workdays import working_days_between
from fremdrift.organisation.models import Medarbejder, User
from fremdrift.virksomheder.models import Aftale, Timer, Virksomhed
from fremdrift.virksomheder.selectors import MonthHours, aftale_timer_by_month


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


def holding_jobformidler(day: date) -> QuerySet[Markering]:
    """For a subquery on Borger: the open jobformidler markings of the outer citizen on `day`,
    the newest first (so `[:1]` is the one who holds the citizen now)."""
    return Markering.objects.filter(
        open_on(day), borger=OuterRef("pk"), markering="jobformidler"
    ).order_by("-start", "-id")


# The FSM2 target group (seed 003): activity-ready recipients of these benefits, aged 30 or
# more, outside the selvforsørgelses- og hjemrejseprogram and the introduktionsprogram.
MAALGRUPPE_YDELSER = ("kontanthjaelp", "integrationsydelse")
MAALGRUPPE_MIN_ALDER = 30


def in_maalgruppe(borgere: QuerySet[Borger], day: date) -> QuerySet[Borger]:
    """Those of `borgere` who are in the FSM2 target group on `day`, judged from their benefits."""
    benefit = Ydelse.objects.filter(
        open_on(day),
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
        not_ended_before(day) | Q(slutaarsag="")
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


# --- The Borgerside ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event of a citizen's course, as the timeline lists it."""

    dato: date
    kind: str  # what sort of event: "Kontakt", "Trin", ... (Danish)
    text: str
    detail: str = ""
    planned: bool = False  # dated after today (an agreement's planned end, say)


@dataclass(frozen=True)
class AftaleOverview:
    aftale: Aftale
    months: list[MonthHours]
    # The agreed hours per week as hours per month (52 weeks over 12 months), if agreed.
    maanedsmaal: Decimal | None
    registered_total: Decimal
    is_open: bool
    chart: BarChart | None


@dataclass(frozen=True)
class JobformidlerChoice:
    medarbejder: Medarbejder
    caseload: int
    cap: int

    @property
    def full(self) -> bool:
        return self.caseload >= self.cap


@dataclass(frozen=True)
class Borgerside:
    """Everything the citizen page shows, read in a fixed number of queries."""

    borger: Borger
    today: date
    initiativ: str  # the initiative the page works in (the open step's, else the period's)
    forloeb: list[Forloeb]
    markeringer: list[Markering]
    ydelser: list[Ydelse]
    steps: list[Step]
    current_step: Step | None
    days_left: int | None
    last_contact: date | None
    next_contact_due: date | None
    kontakter: list[Kontakt]
    cv: CV | None
    jobmaal: list[Jobmaal]
    delmaal: list[Delmaal]
    step_up: list[StepUpTilbud]
    netvaerk: list[Netvaerksinddragelse]
    aftaler: list[AftaleOverview]
    jobformidler: Markering | None
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def current_jobmaal(self) -> Jobmaal | None:
        return next((j for j in self.jobmaal if j.slut is None), None)

    @property
    def delmaal_naaet(self) -> int:
        return sum(1 for d in self.delmaal if d.status == DelmaalStatus.NAAET)

    @property
    def next_trin(self) -> int | None:
        """The step the citizen can move on to: trin 1 without an open step, none after 3."""
        if self.current_step is None:
            return Trin.STARTAFKLARING
        return self.current_step.trin + 1 if self.current_step.trin < max(Trin.values) else None

    @property
    def step_overdue(self) -> bool:
        step = self.current_step
        return step is not None and step.frist is not None and self.today > step.frist

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def contact_overdue(self) -> bool:
        return self.next_contact_due is not None and self.today > self.next_contact_due


MONTHLY_WEEKS = Decimal(52) / Decimal(12)
DEFAULT_INITIATIV = "fsm2"


def _open_now(period: Forloeb | Markering | Ydelse | Aftale, day: date) -> bool:
    return period.start <= day and (period.slut is None or period.slut >= day)


def borgerside(*, borger: Borger, today: date | None = None) -> Borgerside:
    """The citizen's whole course for the page. Call after `borger_for_view` (access and log).

    Every relation is prefetched once, so the page costs the same number of queries for a
    citizen with one contact as for one with hundreds; the rest is worked out in Python.
    """
    today = today or timezone.localdate()
    prefetch_related_objects(
        [borger],
        Prefetch("forloeb", Forloeb.objects.order_by("-start", "-id")),
        Prefetch(
            "markeringer",
            Markering.objects.select_related("medarbejder").order_by("-start", "-id"),
        ),
        Prefetch("ydelser", Ydelse.objects.order_by("-start", "-id")),
        Prefetch("steps", Step.objects.order_by("-start", "-trin", "-id")),
        Prefetch(
            "kontakter", Kontakt.objects.select_related("medarbejder").order_by("-dato", "-id")
        ),
        "cv",
        Prefetch("jobmaal", Jobmaal.objects.order_by("-start", "-id")),
        Prefetch("delmaal", Delmaal.objects.order_by("oprettet", "id")),
        Prefetch("step_up_tilbud", StepUpTilbud.objects.order_by("-tilbudt", "-id")),
        Prefetch("netvaerk", Netvaerksinddragelse.objects.order_by("-dato", "-id")),
        Prefetch(
            "aftaler",
            Aftale.objects.select_related("virksomhed")
            .prefetch_related(Prefetch("timer", Timer.objects.order_by("maaned")))
            .order_by("-start", "-id"),
        ),
    )
    forloeb = list(borger.forloeb.all())
    markeringer = list(borger.markeringer.all())
    steps = list(borger.steps.all())
    kontakter = list(borger.kontakter.all())
    # The open step (the services keep at most one per initiative); the latest started first.
    current_step = next((s for s in steps if s.afsluttet is None), None)
    initiativ = _working_initiativ(current_step, forloeb, today)
    last_contact = next((k.dato for k in kontakter if k.dato <= today), None)
    due = (
        cadence.next_contact_due(
            trin=current_step.trin,
            step_start=current_step.start,
            frist=current_step.frist,
            last_contact=last_contact,
        )
        if current_step is not None
        else None
    )
    aftaler = [aftale_overview(a, today) for a in borger.aftaler.all()]
    try:
        cv: CV | None = borger.cv
    except CV.DoesNotExist:
        cv = None
    page = Borgerside(
        borger=borger,
        today=today,
        initiativ=initiativ,
        forloeb=forloeb,
        markeringer=markeringer,
        ydelser=list(borger.ydelser.all()),
        steps=steps,
        current_step=current_step,
        days_left=(
            working_days_between(today, current_step.frist)
            if current_step is not None and current_step.frist is not None
            else None
        ),
        last_contact=last_contact,
        next_contact_due=due,
        kontakter=kontakter,
        cv=cv,
        jobmaal=list(borger.jobmaal.all()),
        delmaal=list(borger.delmaal.all()),
        step_up=list(borger.step_up_tilbud.all()),
        netvaerk=list(borger.netvaerk.all()),
        aftaler=aftaler,
        jobformidler=next(
            (m for m in markeringer if m.markering == "jobformidler" and _open_now(m, today)),
            None,
        ),
    )
    page.timeline.extend(_timeline(page))
    return page


def registrable_months(overview: AftaleOverview, today: date) -> list[date]:
    """The months hours can be registered for: the agreement's, up to this month."""
    return [m.maaned for m in overview.months if m.maaned <= today.replace(day=1)]


def _working_initiativ(step: Step | None, forloeb: list[Forloeb], today: date) -> str:
    if step is not None:
        return step.initiativ
    open_forloeb = next((f for f in forloeb if _open_now(f, today)), None)
    return open_forloeb.initiativ if open_forloeb is not None else DEFAULT_INITIATIV


def working_initiativ(*, borger: Borger, today: date) -> str:
    """The initiative a step or a caseload cap concerns: the open step's, else the open
    period's, else FSM2."""
    step = (
        Step.objects.filter(borger=borger, afsluttet__isnull=True).order_by("-start", "-id").first()
    )
    return _working_initiativ(step, list(borger.forloeb.order_by("-start", "-id")), today)


def aftale_overview(aftale: Aftale, today: date) -> AftaleOverview:
    months = aftale_timer_by_month(aftale=aftale, today=today)
    maal = (
        (Decimal(str(aftale.timer_pr_uge)) * MONTHLY_WEEKS).quantize(Decimal("0.1"))
        if aftale.timer_pr_uge
        else None
    )
    return AftaleOverview(
        aftale=aftale,
        months=months,
        maanedsmaal=maal,
        registered_total=sum((m.timer for m in months if m.timer is not None), Decimal(0)),
        is_open=aftale.slut is None or aftale.slut >= today,
        chart=(
            bar_chart(
                [(m.maaned, m.timer) for m in months],
                target=maal,
                unit=_("timer"),
                missing_text=_("ikke registreret"),
                target_text=_("Aftalt: %s t/md."),
                number=number,
            )
            if months
            else None
        ),
    )


def _timeline(page: Borgerside) -> list[TimelineEntry]:
    """Every dated event of the course, newest first (later-dated plans at the top)."""
    today = page.today
    entries: list[TimelineEntry] = []

    def add(dato: date, kind: str, text: str, detail: str = "") -> None:
        entries.append(TimelineEntry(dato, kind, text, detail, planned=dato > today))

    for f in page.forloeb:
        gruppe = _("gruppe 1 (indsatsgruppen)") if f.gruppe == 1 else _("gruppe 2 (rehabilitering)")
        add(
            f.start,
            _("Forløb"),
            _("Start i %(initiativ)s, %(gruppe)s")
            % {"initiativ": label(f.initiativ), "gruppe": gruppe},
        )
        if f.slut is not None:
            add(
                f.slut,
                _("Forløb"),
                _("Forløbet i %(initiativ)s sluttede") % {"initiativ": label(f.initiativ)},
                str(label(f.slutaarsag)) if f.slutaarsag else "",
            )
    for s in page.steps:
        add(
            s.start,
            _("Trin"),
            _("%(trin)s begyndte") % {"trin": Trin(s.trin).label},
            _("Frist %(dato)s") % {"dato": fmt(s.frist)} if s.frist else "",
        )
    for m in page.markeringer:
        if m.markering == "jobformidler":
            navn = str(m.medarbejder or _("En jobformidler uden navn"))
            add(m.start, _("Jobformidler"), _("%(navn)s fik sagen") % {"navn": navn})
            if m.slut is not None:
                add(m.slut, _("Jobformidler"), _("%(navn)s slap sagen") % {"navn": navn})
            continue
        what = label(m.markering)
        add(m.start, _("Markering"), _("%(m)s begyndte") % {"m": what}, m.fritagelsesgrund)
        if m.slut is not None:
            add(m.slut, _("Markering"), _("%(m)s sluttede") % {"m": what})
    for y in page.ydelser:
        visitation = f" ({label(y.visitation)})" if y.visitation else ""
        add(
            y.start,
            _("Ydelse"),
            _("%(ydelse)s begyndte") % {"ydelse": label(y.ydelse)} + visitation,
        )
        if y.slut is not None:
            add(y.slut, _("Ydelse"), _("%(ydelse)s sluttede") % {"ydelse": label(y.ydelse)})
    for overview in page.aftaler:
        a = overview.aftale
        hvad = str(a.get_aktivitet_display())
        if a.virksomhed is not None:
            hvad = _("%(type)s hos %(virksomhed)s") % {
                "type": hvad,
                "virksomhed": virksomhed_navn(a.virksomhed),
            }
        hours = (
            _("%(timer)s timer pr. uge") % {"timer": number(a.timer_pr_uge)}
            if a.timer_pr_uge is not None
            else ""
        )
        add(a.start, _("Aftale"), _("%(hvad)s begyndte") % {"hvad": hvad}, hours)
        if a.slut is not None:
            ends = _("%(hvad)s slutter") if a.slut > today else _("%(hvad)s sluttede")
            add(a.slut, _("Aftale"), ends % {"hvad": hvad})
    for k in page.kontakter:
        who = ", ".join(str(x) for x in (k.med_hvem, k.medarbejder) if x)
        add(k.dato, _("Kontakt"), str(k.get_form_display()), who)
    for j in page.jobmaal:
        add(j.start, _("Jobmål"), j.beskrivelse)
    for t in page.step_up:
        add(
            t.tilbudt,
            _("Step-up"),
            _("Tilbud fra %(forvaltning)s: %(tilbud)s")
            % {"forvaltning": t.get_forvaltning_display().lower(), "tilbud": t.beskrivelse},
        )
        if t.start is not None:
            add(t.start, _("Step-up"), _("Deltager i %(tilbud)s") % {"tilbud": t.beskrivelse})
    for n in page.netvaerk:
        add(n.dato, _("Netværk"), _("Inddraget: %(hvem)s") % {"hvem": n.hvem}, n.beskrivelse)
    # Stable newest-first: the order the events were added breaks ties within a day.
    return sorted(entries, key=lambda e: e.dato, reverse=True)


def virksomhed_navn(virksomhed: Virksomhed) -> str:
    """A company as a screen names it: its name, else its CVR number said to be one."""
    return virksomhed.navn or _("CVR %(cvr)s") % {"cvr": virksomhed.cvr}


def number(value: float | Decimal | int | None) -> str:
    """A number as a Danish screen writes it: 12,5 and 10 (no trailing zeros)."""
    if value is None:
        return ""
    exact = Decimal(str(value)).normalize()
    return formats.number_format(Decimal(f"{exact:f}"), use_l10n=True)


def jobformidler_choices(
    *, kommune_id: str, initiativ: str, today: date
) -> list[JobformidlerChoice]:
    """The municipality's staff with their caseload today and their cap: one query.

    Each caseload is counted in the index of markings by medarbejder, so the query reads the
    municipality's staff and their open cases, not every marking of every municipality.
    """
    caseload = (
        Markering.objects.filter(
            open_on(today), medarbejder=OuterRef("pk"), markering="jobformidler"
        )
        .order_by()
        .values("medarbejder")
        .annotate(n=Count("pk"))
        .values("n")
    )
    staff = (
        Medarbejder.objects.filter(kommune_id=kommune_id)
        .annotate(caseload=Coalesce(Subquery(caseload, output_field=IntegerField()), 0))
        .order_by("navn", "medarbejder_id")
    )
    return [JobformidlerChoice(m, m.caseload, caseload_cap(m, initiativ)) for m in staff]
