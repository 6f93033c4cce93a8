"""Reads of the effort model for lists and screens.

The selectors take a queryset of citizens the caller has already limited with
`borgere.access.visible_borgere` (and logged, for a screen of one citizen); they add no rule of
their own about who sees what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.models import Borger, Markering
from fremdrift.borgere.periods import open_on
from fremdrift.indsats import cadence
from fremdrift.indsats.models import CV, Jobmaal, Kontakt, Step
from fremdrift.indsats.workdays import working_days_between
from fremdrift.organisation.models import Medarbejder, Role, User
from fremdrift.virksomheder.models import Aftale, Timer


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
    return [
        _caseload_row(b, today)
        for b in with_caseload_facts(borgere, today=today, initiativ=initiativ)
    ]


def _caseload_row(b: Borger, today: date) -> CaseloadRow:
    """The row of a citizen annotated by `with_caseload_facts`; no query."""
    trin: int | None = b.step_trin  # type: ignore[attr-defined]
    start: date | None = b.step_start  # type: ignore[attr-defined]
    frist: date | None = b.step_frist  # type: ignore[attr-defined]
    last: date | None = b.last_contact  # type: ignore[attr-defined]
    due = (
        cadence.next_contact_due(trin=trin, step_start=start, frist=frist, last_contact=last)
        if trin is not None and start is not None
        else None
    )
    return CaseloadRow(
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


def next_contact_due(
    *, borger: Borger, today: date | None = None, initiativ: str | None = None
) -> date | None:
    """When the citizen's next contact is due; the same rule as the caseload list."""
    rows = caseload_status(Borger.objects.filter(pk=borger.pk), today=today, initiativ=initiativ)
    return rows[0].next_contact_due if rows else None


# --- Min sagsstamme: a jobformidler's work list --------------------------------------------------

CV_MAX_AGE_MONTHS = 6  # an older CV is outdated
NO_ACTIVITY_DAYS = 30  # no contact for this long: the citizen has fallen out of sight


class CvStatus(StrEnum):
    MANGLER = "mangler"  # no CV, or one never dated
    FORAELDET = "foraeldet"  # last updated more than CV_MAX_AGE_MONTHS ago
    OK = "ok"


@dataclass(frozen=True)
class SagsstammeRow:
    """One citizen of a caseload: the step facts and what else the work list shows."""

    status: CaseloadRow
    cv_updated: date | None
    cv_status: CvStatus
    jobmaal: str | None
    agreement_kind: str | None  # an Aftaletype code
    agreement_company: str | None  # the company's name, or its CVR number without one
    hours_last_month: Decimal | None  # None: no hours registered for last month
    step_up: bool
    fritagelse: bool
    rehabilitering: bool
    contact_due_this_week: bool  # due by Sunday, or overdue already
    no_activity: bool  # no contact in the last NO_ACTIVITY_DAYS days

    @property
    def borger(self) -> Borger:
        return self.status.borger


def _open_marking(code: str, day: date) -> Exists:
    return Exists(Markering.objects.filter(open_on(day), borger=OuterRef("pk"), markering=code))


def with_sagsstamme_facts(borgers: QuerySet[Borger], *, today: date) -> QuerySet[Borger]:
    """`with_caseload_facts` plus CV, jobmål, agreement, last month's hours and markings.

    Still one statement: each fact is a correlated subquery, so no citizen costs a query.
    """
    last_month = cadence.add_months(today.replace(day=1), -1)
    jobmaal = Jobmaal.objects.filter(borger=OuterRef("pk"), start__lte=today).filter(
        Q(slut__isnull=True) | Q(slut__gt=today)  # a new goal ends the old one on its start
    )
    agreements = (
        Aftale.objects.filter(open_on(today), borger=OuterRef("pk"))
        .annotate(
            company=Coalesce(NullIf("virksomhed__navn", Value("")), "virksomhed__cvr"),
        )
        .order_by("-start", "-id")
    )
    hours = (
        Timer.objects.filter(aftale__borger=OuterRef("pk"), maaned=last_month)
        .order_by()
        .values("aftale__borger")
        .annotate(total=Sum("timer"))
        .values("total")
    )
    return with_caseload_facts(borgers, today=today).annotate(
        cv_updated=Subquery(CV.objects.filter(borger=OuterRef("pk")).values("senest_opdateret")),
        current_jobmaal=Subquery(jobmaal.order_by("-start", "-id").values("beskrivelse")[:1]),
        agreement_kind=Subquery(agreements.values("aktivitet")[:1]),
        agreement_company=Subquery(agreements.values("company")[:1]),
        hours_last_month=Subquery(hours, output_field=DecimalField()),
        step_up=_open_marking("step_up", today),
        fritagelse=_open_marking("fritagelse", today),
        rehabilitering=_open_marking("rehabilitering", today),
    )


def sagsstamme(borgers: QuerySet[Borger], *, today: date | None = None) -> list[SagsstammeRow]:
    """The work list of a caseload the caller has limited with `visible_borgere`: one query."""
    today = today or timezone.localdate()
    cv_outdated_before = cadence.add_months(today, -CV_MAX_AGE_MONTHS)
    week_end = today + timedelta(days=6 - today.weekday())
    active_since = today - timedelta(days=NO_ACTIVITY_DAYS)
    rows = []
    for b in with_sagsstamme_facts(borgers, today=today):
        status = _caseload_row(b, today)
        cv_updated: date | None = b.cv_updated  # type: ignore[attr-defined]
        if cv_updated is None:
            cv_status = CvStatus.MANGLER
        elif cv_updated < cv_outdated_before:
            cv_status = CvStatus.FORAELDET
        else:
            cv_status = CvStatus.OK
        due = status.next_contact_due
        last = status.last_contact
        rows.append(
            SagsstammeRow(
                status=status,
                cv_updated=cv_updated,
                cv_status=cv_status,
                jobmaal=b.current_jobmaal,  # type: ignore[attr-defined]
                agreement_kind=b.agreement_kind,  # type: ignore[attr-defined]
                agreement_company=b.agreement_company,  # type: ignore[attr-defined]
                hours_last_month=b.hours_last_month,  # type: ignore[attr-defined]
                step_up=b.step_up,  # type: ignore[attr-defined]
                fritagelse=b.fritagelse,  # type: ignore[attr-defined]
                rehabilitering=b.rehabilitering,  # type: ignore[attr-defined]
                contact_due_this_week=due is not None and due <= week_end,
                no_activity=last is None or last < active_since,
            )
        )
    return rows


def caseload_of(*, user: User, medarbejder_id: int, today: date) -> QuerySet[Borger]:
    """The citizens `medarbejder_id` holds today (an open jobformidler marking) that `user` may
    see: the access rule first, so a caseload never shows more than the login may."""
    held = Markering.objects.filter(
        open_on(today),
        borger=OuterRef("pk"),
        markering="jobformidler",
        medarbejder_id=medarbejder_id,
    )
    return visible_borgere(user, day=today).filter(Exists(held))


def sagsstamme_medarbejdere(user: User) -> QuerySet[Medarbejder]:
    """Whose caseload `user` may open: a jobformidler their own, a team leader their team's
    members, a project leader every member of staff in the municipality; STAR nobody."""
    if user.kommune_id is None:
        return Medarbejder.objects.none()
    staff = Medarbejder.objects.filter(kommune_id=user.kommune_id).order_by(
        "navn", "medarbejder_id"
    )
    if user.role == Role.PROJEKTLEDER:
        return staff
    if user.medarbejder_id is None:
        return Medarbejder.objects.none()
    if user.role == Role.TEAMLEDER:
        # The members of the leader's own team, in the same query.
        return staff.filter(team__isnull=False, team__medarbejdere__pk=user.medarbejder_id)
    if user.role == Role.JOBFORMIDLER:
        return staff.filter(pk=user.medarbejder_id)
    return Medarbejder.objects.none()


@dataclass(frozen=True)
class SagsstammeFilter:
    """A filter of the work list; each field is a GET parameter and "" or False means "all".

    The counters at the top of the screen are filters too, so a counter and the list it opens
    always agree: both come from `matches`.
    """

    trin: str = ""  # "1", "2", "3", or "ingen" (no current step)
    overskredet: bool = False  # the step's deadline has passed
    kontakt: str = ""  # "uge": due by Sunday (overdue included); "forfalden": overdue
    inaktiv: bool = False  # no contact for NO_ACTIVITY_DAYS days
    stepup: bool = False
    fritaget: bool = False
    cv: str = ""  # a CvStatus
    jobmaal: str = ""  # "mangler"
    aftale: str = ""  # "ingen": no open agreement, "har": one

    def matches(self, row: SagsstammeRow) -> bool:
        s = row.status
        checks = (
            not self.trin or self.trin == (str(s.trin) if s.trin is not None else "ingen"),
            not self.overskredet or s.step_overdue,
            not self.kontakt
            or (self.kontakt == "uge" and row.contact_due_this_week)
            or (self.kontakt == "forfalden" and s.contact_overdue),
            not self.inaktiv or row.no_activity,
            not self.stepup or row.step_up,
            not self.fritaget or row.fritagelse,
            not self.cv or self.cv == row.cv_status,
            not self.jobmaal or (self.jobmaal == "mangler" and not row.jobmaal),
            not self.aftale or (self.aftale == "ingen") == (row.agreement_kind is None),
        )
        return all(checks)

    def apply(self, rows: Iterable[SagsstammeRow]) -> list[SagsstammeRow]:
        return [row for row in rows if self.matches(row)]

    def count(self, rows: Iterable[SagsstammeRow]) -> int:
        return sum(1 for row in rows if self.matches(row))

    def params(self) -> dict[str, str]:
        """The GET parameters that give this filter (the ones that narrow the list)."""
        out: dict[str, str] = {}
        for name, value in asdict(self).items():
            if value is True:
                out[name] = "1"
            elif value:
                out[name] = str(value)
        return out

    @property
    def active(self) -> bool:
        return bool(self.params())


FILTER_FIELDS = tuple(f.name for f in fields(SagsstammeFilter))
SORT_KEYS = ("frist", "kontakt", "navn")


def _name_key(row: SagsstammeRow) -> tuple[bool, str, int]:
    b = row.borger
    # Citizens without a name (known by masked CPR number) after the named ones.
    return (not b.navn, b.navn.casefold(), b.pk)


_DATE_SORTS: dict[str, Callable[[SagsstammeRow], date | None]] = {
    "frist": lambda row: row.status.frist,
    "kontakt": lambda row: row.status.next_contact_due,
}


def sort_rows(
    rows: Iterable[SagsstammeRow], *, key: str, descending: bool = False
) -> list[SagsstammeRow]:
    """By deadline (`frist`), next contact due (`kontakt`) or name (`navn`); rows without the
    date come last in either direction, by name."""
    by_name = sorted(rows, key=_name_key)
    if key == "navn":
        return by_name[::-1] if descending else by_name
    value = _DATE_SORTS[key]
    dated = [r for r in by_name if value(r) is not None]
    undated = [r for r in by_name if value(r) is None]
    # Stable: rows due the same day keep the name order in either direction.
    dated.sort(key=lambda r: value(r) or date.min, reverse=descending)
    return dated + undated
