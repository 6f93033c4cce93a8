"""Indsatsmodellen for leaders: how many citizens are on each step and have each core element,
for how long, and who is overdue, with each count a list of exactly those citizens.

The population is the indsatsgruppe (an open group-1 period of the initiative) among the
citizens of the chosen team that the login may see. One read of `indsats.selectors.sagsstamme`
(one statement, with a few facts more) gives every citizen's row; the counts and the lists both
come from `Element.has` and `Element.overdue`, so a count and its list cannot disagree.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.models import Borger, Forloeb, Markering
from fremdrift.borgere.periods import open_on
from fremdrift.engine.definitions import load_initiative
from fremdrift.indsats.models import Jobmaal, Netvaerksinddragelse
from fremdrift.indsats.selectors import CvStatus, SagsstammeRow, sagsstamme
from fremdrift.indsats.workdays import working_days_between
from fremdrift.virksomheder.models import DELIVERY_AKTIVITET, Aftale

# Where a rule says the element must be in place: from trin 2 on (DOMAIN.md, trin 2).
WORKING_STEPS = (2, 3)


@cache
def paid_hours_kinds() -> frozenset[str]:
    """The agreement kinds that are paid hours, as the FSM2 indicator `loennede_timer` counts
    them, plus the kinds recorded here that a delivery reports as one of those (småjob)."""
    numerator = load_initiative("fsm2").indicator("loennede_timer").ratio
    assert numerator is not None
    kinds = {f.split(":", 1)[1] for f in numerator.numerator.any if f.startswith("aktivitet:")}
    kinds |= {own for own, delivered in DELIVERY_AKTIVITET.items() if delivered in kinds}
    return frozenset(kinds)


@dataclass(frozen=True)
class ModelRow:
    """One citizen of the indsatsgruppe with the dates the elements started."""

    sagsstamme: SagsstammeRow
    jobformidler_since: date | None
    jobmaal_since: date | None
    paid_hours_since: date | None
    paid_hours_company_id: int | None  # where the paid hours are, if at a company
    step_up_since: date | None
    network_since: date | None

    @property
    def borger(self) -> Borger:
        return self.sagsstamme.borger

    @property
    def trin(self) -> int | None:
        return self.sagsstamme.status.trin

    @property
    def on_working_step(self) -> bool:
        return self.trin in WORKING_STEPS

    @property
    def cv_and_jobmaal(self) -> bool:
        return self.sagsstamme.cv_status == CvStatus.OK and bool(self.sagsstamme.jobmaal)


@dataclass(frozen=True)
class Element:
    """A step or a core element: who is on it (`has`), since when, and who is overdue."""

    key: str
    label: Promise
    kind: str  # "trin" or "kerneelement"
    has: Callable[[ModelRow], bool]
    since: Callable[[ModelRow], date | None]
    overdue: Callable[[ModelRow], bool] | None
    overdue_rule: Promise


def _trin(n: int, label: Promise, rule: Promise) -> Element:
    return Element(
        key=f"trin{n}",
        label=label,
        kind="trin",
        has=lambda r: r.trin == n,
        since=lambda r: r.sagsstamme.status.step_start,
        overdue=(lambda r: r.trin == n and r.sagsstamme.status.step_overdue) if n < 3 else None,
        overdue_rule=rule,
    )


ELEMENTS: tuple[Element, ...] = (
    _trin(1, _("Trin 1: startafklaring"), _("Fristen for trinnet er passeret.")),
    _trin(2, _("Trin 2: på vej mod job"), _("Fristen for trinnet er passeret.")),
    _trin(3, _("Trin 3: virksomhedsforløb"), _("Trin 3 har ingen frist.")),
    Element(
        key="intet_trin",
        label=_("Uden trin"),
        kind="trin",
        has=lambda r: r.trin is None,
        since=lambda r: None,
        overdue=None,
        overdue_rule=_("Borgeren er i indsatsgruppen, men har intet trin registreret."),
    ),
    Element(
        key="jobformidler",
        label=_("Personlig jobformidler"),
        kind="kerneelement",
        has=lambda r: r.jobformidler_since is not None,
        since=lambda r: r.jobformidler_since,
        overdue=lambda r: r.on_working_step and r.jobformidler_since is None,
        overdue_rule=_("På trin 2 eller 3 uden personlig jobformidler."),
    ),
    Element(
        key="cv_jobmaal",
        label=_("CV og jobmål"),
        kind="kerneelement",
        has=lambda r: r.cv_and_jobmaal,
        since=lambda r: r.jobmaal_since,
        overdue=lambda r: r.on_working_step and not r.cv_and_jobmaal,
        overdue_rule=_(
            "På trin 2 eller 3 uden et CV i orden (højst 6 måneder gammelt) og et jobmål."
        ),
    ),
    Element(
        key="loennede_timer",
        label=_("Lønnede timer"),
        kind="kerneelement",
        has=lambda r: r.paid_hours_since is not None,
        since=lambda r: r.paid_hours_since,
        overdue=lambda r: r.trin == 3 and r.paid_hours_since is None,
        overdue_rule=_("På trin 3 uden en åben aftale med lønnede timer."),
    ),
    Element(
        key="step_up",
        label=_("Step-up"),
        kind="kerneelement",
        has=lambda r: r.sagsstamme.step_up,
        since=lambda r: r.step_up_since,
        overdue=None,
        overdue_rule=_("Ingen frist: step-up gives efter behov."),
    ),
    Element(
        key="netvaerk",
        label=_("Netværksinddragelse"),
        kind="kerneelement",
        has=lambda r: r.network_since is not None,
        since=lambda r: r.network_since,
        overdue=None,
        overdue_rule=_("Ingen frist: netværket inddrages, hvor borgeren ønsker det."),
    ),
)
ELEMENTS_BY_KEY = {e.key: e for e in ELEMENTS}
SELECTIONS = ("alle", "uden", "overskredet")


def selected(element: Element, selection: str, row: ModelRow) -> bool:
    """Whether a row belongs to an element's count: on it, without it, or overdue."""
    if selection == "alle":
        return element.has(row)
    if selection == "uden":
        return not element.has(row)
    if selection == "overskredet":
        return element.overdue is not None and element.overdue(row)
    raise ValueError(f"unknown selection {selection!r}")


def indsatsgruppe(borgere: QuerySet[Borger], *, initiativ: str, day: date) -> QuerySet[Borger]:
    """Those of `borgere` in group 1 of the initiative on `day`."""
    group1 = Forloeb.objects.filter(
        open_on(day), borger=OuterRef("pk"), initiativ=initiativ, gruppe=1
    )
    return borgere.filter(Exists(group1))


def model_rows(borgere: QuerySet[Borger], *, today: date) -> list[ModelRow]:
    """The rows of the citizens the caller has limited with `visible_borgere`: one query."""

    def marking_start(code: str) -> Subquery:
        found = Markering.objects.filter(open_on(today), borger=OuterRef("pk"), markering=code)
        return Subquery(found.order_by("start", "id").values("start")[:1])

    jobmaal = Jobmaal.objects.filter(borger=OuterRef("pk"), start__lte=today).filter(
        Q(slut__isnull=True) | Q(slut__gt=today)
    )
    paid = Aftale.objects.filter(
        open_on(today), borger=OuterRef("pk"), aktivitet__in=sorted(paid_hours_kinds())
    )
    network = Netvaerksinddragelse.objects.filter(borger=OuterRef("pk"), dato__lte=today)
    annotated = borgere.annotate(
        jf_since=marking_start("jobformidler"),
        step_up_since=marking_start("step_up"),
        jobmaal_since=Subquery(jobmaal.order_by("-start", "-id").values("start")[:1]),
        paid_since=Subquery(paid.order_by("start", "id").values("start")[:1]),
        paid_company=Subquery(paid.order_by("start", "id").values("virksomhed_id")[:1]),
        network_since=Subquery(network.order_by("dato", "id").values("dato")[:1]),
    )
    return [
        ModelRow(
            sagsstamme=row,
            jobformidler_since=row.borger.jf_since,  # type: ignore[attr-defined]
            jobmaal_since=row.borger.jobmaal_since,  # type: ignore[attr-defined]
            paid_hours_since=row.borger.paid_since,  # type: ignore[attr-defined]
            paid_hours_company_id=row.borger.paid_company,  # type: ignore[attr-defined]
            step_up_since=row.borger.step_up_since,  # type: ignore[attr-defined]
            network_since=row.borger.network_since,  # type: ignore[attr-defined]
        )
        for row in sagsstamme(annotated, today=today)
    ]


@dataclass(frozen=True)
class ElementFigures:
    element: Element
    count: int
    without: int
    overdue: int | None  # None: the element has no rule that can be overdue
    median_days: float | None  # working days on the element, among those on it
    longest_days: int | None


def figures(rows: list[ModelRow], *, today: date) -> list[ElementFigures]:
    out = []
    for element in ELEMENTS:
        members = [r for r in rows if element.has(r)]
        days = [
            working_days_between(since, today)
            for r in members
            if (since := element.since(r)) is not None and since <= today
        ]
        out.append(
            ElementFigures(
                element=element,
                count=len(members),
                without=len(rows) - len(members),
                overdue=sum(1 for r in rows if selected(element, "overskredet", r))
                if element.overdue is not None
                else None,
                median_days=statistics.median(days) if days else None,
                longest_days=max(days) if days else None,
            )
        )
    return out
