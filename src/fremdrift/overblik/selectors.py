"""Reads of the Overblik: a municipality's indicator figures at job centre, team and jobformidler
level, its goals, the national figure beside them and the payout outlook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fremdrift.borgere.models import Ydelse
from fremdrift.engine.definitions import Indicator, Initiative, load_initiative
from fremdrift.engine.members import Level
from fremdrift.engine.months import add_months, format_month
from fremdrift.engine.payout import PayoutResult, compute_payout
from fremdrift.integrations.models import Benchmark
from fremdrift.integrations.selectors import benchmark
from fremdrift.monitoring.models import Grant
from fremdrift.organisation.models import Medarbejder, Role, User
from fremdrift.overblik import daily
from fremdrift.overblik.daily import MONTHS_SHOWN, figure_period
from fremdrift.overblik.models import Goal
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import latest_release, national_figures

__all__ = [
    "MONTHS_SHOWN",
    "Dashboard",
    "dashboard",
    "figure_period",
    "initiatives_of",
    "kommune_figures",
]

TREND_MONTHS: Final = 12
NONE_UNIT: Final = "-"  # in a URL: the citizens without a team or jobformidler


def kommune_figures(kommunekode: str, *, initiative: str = "fsm2", today: date) -> pl.DataFrame:
    """The engine's long-form figures (engine/output.py columns) of one municipality for the
    last MONTHS_SHOWN months up to `today`'s month, computed from its database; kommune level
    only (the national level of one municipality's data is the same numbers). Read from the
    day's stored figures unless the data changed since they were computed."""
    return daily.current(kommunekode, initiative=initiative, today=today).figures


def initiatives_of(kommunekode: str) -> list[Initiative]:
    """FSM2 always; ressourceforløb where the municipality has citizens in that target group."""
    out = [load_initiative("fsm2")]
    target = load_initiative("ressourceforloeb").maalgruppe.ydelse
    if Ydelse.objects.filter(borger__kommune_id=kommunekode, ydelse=target).exists():
        out.append(load_initiative("ressourceforloeb"))
    return out


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int
    exempt: int

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def uden(self) -> int:
        return self.denominator - self.numerator


NOBODY = Figure(0, 0, 0)


@dataclass(frozen=True)
class National:
    share: float | None  # None: published as suppressed or missing
    source: str  # where it comes from, for the reader


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    figure: Figure
    trend: list[tuple[date, Figure]]  # the last TREND_MONTHS months, oldest first
    goal: Decimal | None  # per cent
    national: National | None


@dataclass(frozen=True)
class Unit:
    """A team or jobformidler to choose on the page; `value` is what the URL carries."""

    value: str
    label: str


@dataclass(frozen=True)
class Payout:
    result: PayoutResult
    registered: bool  # False: the example grant of the settings
    grant_period: tuple[str, str] | None
    in_grant_period: bool  # False: the best month is sought in the months shown instead
    thresholds: list[tuple[float, bool, float]]  # share, reached, the kroner it releases
    rate1_amount: float


@dataclass(frozen=True)
class Dashboard:
    kommunekode: str
    initiative: Initiative
    month: date
    computed_at: datetime
    level: Level
    unit: str | None  # team name or medarbejder_id; None: without one (or the kommune)
    unit_label: str
    rows: list[IndicatorRow]
    teams: list[Unit]
    jobformidlere: list[Unit]
    payout: Payout | None

    @property
    def cache_key(self) -> str:
        """What the trend section shows depends on: the stored figures, the unit, the goals."""
        goals = ",".join(f"{r.indicator.key}={r.goal}" for r in self.rows)
        return (
            f"{self.kommunekode}|{self.initiative.key}|{self.computed_at.isoformat()}|"
            f"{self.level}|{self.unit}|{goals}"
        )

    @property
    def unit_value(self) -> str:
        if self.level == "kommune":
            return ""
        return NONE_UNIT if self.unit is None else self.unit


def own_unit(user: User, level: Level) -> str | None:
    """The team or jobformidler a login belongs to (None if none)."""
    medarbejder = user.medarbejder
    if medarbejder is None:
        return None
    if level == "jobformidler":
        return medarbejder.medarbejder_id
    return medarbejder.team.navn if medarbejder.team else None


def default_level(user: User) -> Level:
    if user.role == Role.JOBFORMIDLER:
        return "jobformidler"
    if user.role == Role.TEAMLEDER and own_unit(user, "team") is not None:
        return "team"
    return "kommune"


def unit_label(level: Level, unit: str | None, kommune_navn: str, names: dict[str, str]) -> str:
    if level == "kommune":
        return kommune_navn
    if unit is None:
        return _("Uden team") if level == "team" else _("Uden jobformidler")
    return names.get(unit, unit) if level == "jobformidler" else unit


def jobformidler_names(kommunekode: str) -> dict[str, str]:
    return dict(
        Medarbejder.objects.filter(kommune_id=kommunekode).values_list("medarbejder_id", "navn")
    )


def dashboard(
    *,
    kommunekode: str,
    initiative: Initiative,
    level: Level,
    unit: str | None,
    unit_given: bool = True,
    today: date,
    kommune_navn: str,
) -> Dashboard:
    names = jobformidler_names(kommunekode)
    stored = daily.current(kommunekode, initiative=initiative.key, today=today)
    month = today.replace(day=1)
    months = [add_months(month, -i) for i in range(TREND_MONTHS - 1, -1, -1)]
    units = stored.units.filter(pl.col("month") == format_month(month))
    teams = sorted(set(units.filter(pl.col("level") == "team")["unit"].drop_nulls().to_list()))
    staff = set(units.filter(pl.col("level") == "jobformidler")["unit"].drop_nulls().to_list())
    if level == "kommune":
        unit = kommunekode
    elif unit is None and not unit_given:
        # A leader without a team of their own starts at the first team or jobformidler.
        first = teams if level == "team" else sorted(staff, key=lambda s: names.get(s, s))
        unit = first[0] if first else None
    # The unit shown is among the choices even when nobody is in it this month.
    if unit is not None and level == "team":
        teams = sorted({*teams, unit})
    if unit is not None and level == "jobformidler":
        staff.add(unit)
    rows_of_unit = stored.units.filter(
        pl.col("level") == level,
        pl.col("unit").is_null() if unit is None else pl.col("unit") == unit,
    )
    figures = {
        (ind, m): Figure(num, den, ex)
        for ind, m, num, den, ex in rows_of_unit.select(
            "indicator", "month", "numerator", "denominator", "exempt"
        ).iter_rows()
    }
    goals = dict(
        Goal.objects.filter(kommune_id=kommunekode, initiative=initiative.key).values_list(
            "indicator", "target"
        )
    )
    national = _national(initiative, month)
    rows = [
        IndicatorRow(
            indicator=ind,
            figure=figures.get((ind.key, format_month(month)), NOBODY),
            trend=[(m, figures.get((ind.key, format_month(m)), NOBODY)) for m in months],
            goal=goals.get(ind.key),
            national=national.get(ind.key),
        )
        for ind in initiative.indicators
        if ind.ratio is not None
    ]
    return Dashboard(
        kommunekode=kommunekode,
        initiative=initiative,
        month=month,
        computed_at=stored.computed_at,
        level=level,
        unit=unit,
        unit_label=unit_label(level, unit, kommune_navn, names),
        rows=rows,
        teams=[Unit(NONE_UNIT, _("Uden team")), *(Unit(t, t) for t in teams)],
        jobformidlere=[
            Unit(NONE_UNIT, _("Uden jobformidler")),
            *sorted((Unit(s, names.get(s, s)) for s in staff), key=lambda u: u.label),
        ],
        payout=_payout(stored.figures, initiative, kommunekode, month),
    )


def _national(initiative: Initiative, month: date) -> dict[str, National]:
    """The country's figure per indicator: from the latest national release when there is one,
    else from the jobindsats.dk benchmarks when loaded. Kept in the cache until a release or a
    fetch of benchmarks changes them."""
    release = latest_release(initiative=initiative.key)
    fetched = Benchmark.objects.filter(initiative=initiative.key).aggregate(
        n=Count("pk"), top=Max("pk"), fetch=Max("fetch_id")
    )
    key = "overblik-national:" + ":".join(
        str(part)
        for part in (
            initiative.key,
            format_month(month),
            release.pk if release else "-",
            *fetched.values(),
            get_language(),
        )
    )
    found: dict[str, National] | None = cache.get(key)
    if found is None:
        found = _national_figures(initiative, month, release)
        cache.set(key, found, 24 * 60 * 60)
    return found


def _national_figures(
    initiative: Initiative, month: date, release: Release | None
) -> dict[str, National]:
    out: dict[str, National] = {}
    if release is not None:
        rows = national_figures(initiative=initiative.key, month=release.month)
        if rows is not None:
            source = _("STAR's opgørelse for %(month)s") % {"month": release.month}
            for ind, num, den in (
                rows.filter(pl.col("breakdown") == "total")
                .select("indicator", "numerator", "denominator")
                .iter_rows()
            ):
                share = num / den if num is not None and den else None
                out[ind] = National(share, source)
    for ind in initiative.indicators:
        if ind.ratio is None or ind.key in out:
            continue
        found = benchmark(initiative=initiative.key, indicator=ind.key, month=month)
        if found is not None:
            source = _("jobindsats.dk, %(period)s") % {"period": found.period_label}
            out[ind.key] = National(found.share, source)
    return out


@dataclass(frozen=True)
class GrantTerms:
    """The municipality's grant as the payout rule reads it (months YYYY-MM, both included)."""

    amount: float
    period_from: str
    period_to: str
    costs: float | None = None


def grant_terms(kommunekode: str, initiative: str) -> GrantTerms | None:
    """The municipality's grant from the initiative's pool as STAR recorded it
    (monitoring.Grant), if any."""
    grant = Grant.objects.filter(kommune_id=kommunekode, initiative=initiative).first()
    if grant is None:
        return None
    return GrantTerms(
        amount=float(grant.amount),
        period_from=grant.period_from,
        period_to=grant.period_to,
        costs=float(grant.costs_documented) if grant.costs_documented is not None else None,
    )


def _payout(
    figures: pl.DataFrame, initiative: Initiative, kommunekode: str, month: date
) -> Payout | None:
    if initiative.payout is None:
        return None
    grant = grant_terms(kommunekode, initiative.key)
    shown = (format_month(figure_period(month)[0]), format_month(month))
    period, in_grant_period = shown, False
    if grant is not None:
        amount, costs = grant.amount, grant.costs
        # "So far": the grant period's months up to this one, as far as they are shown.
        overlap = (max(grant.period_from, shown[0]), min(grant.period_to, shown[1]))
        if overlap[0] <= overlap[1]:
            period, in_grant_period = overlap, True
    else:
        amount = float(settings.OVERBLIK_EXAMPLE_GRANTS.get(initiative.key, 0))
        costs = None
    if amount <= 0:
        return None
    result = compute_payout(
        figures,
        initiative,
        kommunekode=kommunekode,
        grant=amount,
        costs=costs,
        period_from=period[0],
        period_to=period[1],
    )
    return Payout(
        result=result,
        registered=grant is not None,
        grant_period=(grant.period_from, grant.period_to) if grant is not None else None,
        in_grant_period=in_grant_period,
        thresholds=[
            (float(t["share"]), bool(t["reached"]), amount * float(t["releases"]))
            for t in result.thresholds
        ],
        rate1_amount=amount * result.rate1_share,
    )
