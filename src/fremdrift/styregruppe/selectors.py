"""Reads for the steering group's status and the business case; aggregates only, no person.

The status goes to a steering group across administrations (social, health, family), outside
the job centre's duty of confidentiality, so every figure on it is disclosure-controlled as
figures leaving the municipality are (engine.disclosure): a count of 1-4, or a figure that would
reveal one by subtraction, shows as `<5`. The page shows exactly what the PDF carries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import polars as pl

from fremdrift.borgere.models import Forloeb, Ydelse
from fremdrift.borgere.periods import open_on
from fremdrift.engine.definitions import Indicator, Initiative
from fremdrift.engine.disclosure import SMALLEST_SHOWN, suppress
from fremdrift.engine.months import format_month, month_from_index, month_index, month_range
from fremdrift.engine.payout import PayoutResult, compute_payout
from fremdrift.indsats.models import Forvaltning, StepUpTilbud
from fremdrift.overblik.selectors import GrantTerms, figure_period, kommune_figures
from fremdrift.reports.content import MISSING_FIGURE, Figure
from fremdrift.styregruppe.business_case import (
    DEFAULT_RATES,
    LEFT_FROM,
    LEFT_TO,
    Investment,
    YearRow,
    business_case,
)
from fremdrift.styregruppe.cadence import Due, next_due
from fremdrift.styregruppe.models import GroupKind, Meeting, MeetingGroup, SavingRate
from fremdrift.styregruppe.models import Investment as InvestmentRow

# The status's initiative unless another is asked for; the business case's always (its
# benefits are FSM2's target group's).
INITIATIVE: Final = "fsm2"
# A new benefit starting this many days after the old one ended still follows it directly.
FOLLOWS_WITHIN: Final = timedelta(days=31)


NO_FIGURE: Final = MISSING_FIGURE
HIDDEN: Final = Figure(None, None, True)


@dataclass(frozen=True)
class IndicatorRow:
    key: str
    number: str  # "8", or "" for the payout condition
    navn: str
    months: tuple[Figure, ...]  # the quarter's months so far, oldest first

    @property
    def current(self) -> Figure:
        return self.months[-1]


@dataclass(frozen=True)
class TrendMonth:
    month: date
    figure: Figure


@dataclass(frozen=True)
class StepUpCount:
    forvaltning: str
    label: str
    deltager: Figure  # taking part today (numerator only)
    tilbudt: Figure  # offered, not started


@dataclass(frozen=True)
class GroupStatus:
    group: MeetingGroup
    last: Meeting | None
    due: Due


@dataclass(frozen=True)
class Status:
    kommunekode: str
    initiative: Initiative
    today: date
    quarter: str  # "2025K4"
    months: tuple[str, ...]  # the quarter's months so far, "2025-10"
    indicators: tuple[IndicatorRow, ...]
    trend_indicator: Indicator
    trend: tuple[TrendMonth, ...]
    payout: PayoutResult | None
    payout_best: Figure  # the best month's figure as the steering group may see it
    step_up_indicator: IndicatorRow | None
    step_up: tuple[StepUpCount, ...]
    groups: tuple[GroupStatus, ...]


def quarter_months(today: date) -> list[date]:
    """The months of `today`'s quarter up to and including its month."""
    first = month_index(today) - (today.month - 1) % 3
    return [month_from_index(i) for i in range(first, month_index(today) + 1)]


def _controlled(figures: pl.DataFrame) -> dict[tuple[str, str], Figure]:
    """(indicator, month) -> the total figure after primary and secondary suppression, which is
    decided on every breakdown so that no hidden breakdown cell can be recovered from a total."""
    if figures.is_empty():
        return {}
    rows = suppress(figures).filter(
        (pl.col("breakdown") == "total") & (pl.col("category") == "i_alt")
    )
    return {
        (ind, month): HIDDEN if hidden else Figure(num, den)
        for ind, month, num, den, hidden in rows.select(
            "indicator", "month", "numerator", "denominator", "suppressed"
        ).iter_rows()
    }


def _indicator_row(
    indicator: Indicator, months: list[str], figures: dict[tuple[str, str], Figure]
) -> IndicatorRow:
    return IndicatorRow(
        key=indicator.key,
        number=", ".join(str(n) for n in indicator.numbers),
        navn=indicator.navn,
        months=tuple(figures.get((indicator.key, m), NO_FIGURE) for m in months),
    )


def _count(n: int) -> Figure:
    """A bare count (no share) under primary suppression: a hidden one keeps no number."""
    return HIDDEN if 0 < n < SMALLEST_SHOWN else Figure(n, None)


def step_up_counts(kommunekode: str, *, today: date) -> tuple[StepUpCount, ...]:
    """Citizens taking part in a step-up offer today, and those offered one not yet started,
    per administration: one query."""
    offers = StepUpTilbud.objects.filter(borger__kommune_id=kommunekode, tilbudt__lte=today)
    taking_part = Counter(
        offers.filter(open_on(today)).values_list("forvaltning", "borger_id").distinct()
    )
    waiting = Counter(
        offers.filter(start__isnull=True).values_list("forvaltning", "borger_id").distinct()
    )
    deltager = Counter(f for f, _b in taking_part)
    tilbudt = Counter(f for f, _b in waiting)
    return tuple(
        StepUpCount(
            forvaltning=value,
            label=str(label),
            deltager=_count(deltager[value]),
            tilbudt=_count(tilbudt[value]),
        )
        for value, label in Forvaltning.choices
    )


def group_statuses(kommunekode: str, *, today: date) -> tuple[GroupStatus, ...]:
    """Each meeting group of the municipality with its last meeting and when the next is due."""
    groups = list(MeetingGroup.objects.filter(kommune_id=kommunekode))
    latest: dict[int, Meeting] = {}
    for meeting in (
        Meeting.objects.filter(group__in=groups, held_on__lte=today)
        .select_related("author")
        .order_by("group_id", "-held_on", "-id")
    ):
        latest.setdefault(meeting.group_id, meeting)
    return tuple(
        GroupStatus(
            group=g,
            last=latest.get(g.pk),
            due=next_due(g.cadence, latest[g.pk].held_on if g.pk in latest else None, today=today),
        )
        for g in groups
    )


def trend_indicator(initiative: Initiative) -> Indicator:
    """The indicator whose trend the steering group follows: the payout condition where the
    initiative has one, else paid hours (ressourceforløb's job-directed goal)."""
    ratios = [i for i in initiative.indicators if i.kind == "ratio"]
    wanted = initiative.payout.indicator if initiative.payout else "loennede_timer"
    return next((i for i in ratios if i.key == wanted), ratios[0])


def status(
    kommunekode: str, *, initiative: Initiative, today: date, grant: GrantTerms | None
) -> Status:
    """The steering group's quarterly status of the municipality as of `today`: the
    initiative's ratio indicators (a distribution such as status after a ressourceforløb has
    no one figure to show here; the monthly report shows it)."""
    figures = kommune_figures(kommunekode, initiative=initiative.key, today=today)
    controlled = _controlled(figures)
    quarter = [format_month(m) for m in quarter_months(today)]
    rows = tuple(
        _indicator_row(i, quarter, controlled) for i in initiative.indicators if i.kind == "ratio"
    )
    followed = trend_indicator(initiative)
    payout_indicator = followed.key
    trend_months = [format_month(m) for m in month_range(*figure_period(today))]
    payout = None
    if grant is not None and initiative.payout is not None and not figures.is_empty():
        payout = compute_payout(
            figures,
            initiative,
            kommunekode=kommunekode,
            grant=grant.amount,
            costs=grant.costs,
            period_from=grant.period_from,
            period_to=grant.period_to,
        )
    return Status(
        kommunekode=kommunekode,
        initiative=initiative,
        today=today,
        quarter=f"{today.year}K{(today.month - 1) // 3 + 1}",
        months=tuple(quarter),
        indicators=rows,
        trend_indicator=followed,
        trend=tuple(
            TrendMonth(
                date.fromisoformat(f"{m}-01"), controlled.get((payout_indicator, m), NO_FIGURE)
            )
            for m in trend_months
        ),
        payout=payout,
        payout_best=controlled.get((payout_indicator, payout.best_month), NO_FIGURE)
        if payout is not None and payout.best_month
        else NO_FIGURE,
        step_up_indicator=next((r for r in rows if r.key == "step_up"), None),
        step_up=step_up_counts(kommunekode, today=today),
        groups=group_statuses(kommunekode, today=today),
    )


def leavers(kommunekode: str) -> dict[tuple[int, str], int]:
    """(year, benefit) -> citizens of the target group who left kontanthjælp or
    integrationsydelse that year for employment or self-support: the benefit period ended, the
    next one began within FOLLOWS_WITHIN and is of a LEFT_TO kind, and the citizen was in the
    initiative (group 1 or 2) while on the benefit. A citizen counts once a year and benefit."""
    ended = Ydelse.objects.filter(
        borger__kommune_id=kommunekode, ydelse__in=LEFT_FROM, slut__isnull=False
    ).values_list("borger_id", "ydelse", "start", "slut")
    following = Ydelse.objects.filter(
        borger__kommune_id=kommunekode, ydelse__in=LEFT_TO
    ).values_list("borger_id", "start")
    in_initiative = Forloeb.objects.filter(
        borger__kommune_id=kommunekode, initiativ=INITIATIVE
    ).values_list("borger_id", "start", "slut")
    next_starts: dict[int, list[date]] = {}
    for borger_id, start in following:
        next_starts.setdefault(borger_id, []).append(start)
    periods: dict[int, list[tuple[date, date | None]]] = {}
    for borger_id, start, slut in in_initiative:
        periods.setdefault(borger_id, []).append((start, slut))
    counted: set[tuple[int, str, int]] = set()
    for borger_id, ydelse, start, slut in ended:
        assert slut is not None  # filtered on
        left = any(slut < s <= slut + FOLLOWS_WITHIN for s in next_starts.get(borger_id, ()))
        member = any(
            f_start <= slut and (f_slut is None or f_slut >= start)
            for f_start, f_slut in periods.get(borger_id, ())
        )
        if left and member:
            counted.add((slut.year, ydelse, borger_id))
    return dict(Counter((year, ydelse) for year, ydelse, _b in counted))


@dataclass(frozen=True)
class BusinessCase:
    rows: tuple[YearRow, ...]
    rates: dict[str, int]
    defaults: frozenset[str]  # the benefits whose rate is our default, not the municipality's


def rates_for(kommunekode: str) -> tuple[dict[str, int], frozenset[str]]:
    """The municipality's saving per citizen a year per benefit, and which are our defaults."""
    stored = dict(
        SavingRate.objects.filter(kommune_id=kommunekode).values_list("ydelse", "kroner_per_year")
    )
    return (
        {y: stored.get(y, DEFAULT_RATES[y]) for y in LEFT_FROM},
        frozenset(y for y in LEFT_FROM if y not in stored),
    )


def business_case_for(kommunekode: str, *, today: date) -> BusinessCase:
    """The business case from the first year with an investment or a citizen who left benefits
    to this year."""
    investments = {
        row.year: Investment(personale=row.staff, oevrige=row.other)
        for row in InvestmentRow.objects.filter(kommune_id=kommunekode)
    }
    counts = leavers(kommunekode)
    rates, defaults = rates_for(kommunekode)
    years = [*investments, *(y for y, _ in counts)]
    first = min(years, default=today.year)
    last = max([*years, today.year])
    rows = business_case(
        range(first, last + 1), investments=investments, leavers=counts, rates=rates
    )
    return BusinessCase(rows=tuple(rows), rates=rates, defaults=defaults)


def steering_group(kommunekode: str) -> MeetingGroup | None:
    """The municipality's steering group (the first, if it has set up more)."""
    return MeetingGroup.objects.filter(kommune_id=kommunekode, kind=GroupKind.STYREGRUPPE).first()
