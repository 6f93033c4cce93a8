"""The monthly report as plain data: what a municipality's and the national report say.

Built from a release's figures (the engine's long form plus the `suppressed` column of
engine.disclosure.suppress), with no Django, so the CLI, the web pages, the PDF, the XLSX and
the benchmark read one model. A suppressed figure has no numbers here (`Figure.suppressed`), so
no renderer can print the exact count by mistake; only the municipality named `exact` (its own
management's report) keeps its exact figures.

Comparisons with similar municipalities show the median and range of the peers' published
shares, never a sum: a sum of published rows is a new additive relation that secondary
suppression has not protected.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Final, Literal

import polars as pl

from fremdrift.delivery.schema import HERKOMST3, HERKOMST5
from fremdrift.engine.definitions import Indicator, Initiative
from fremdrift.engine.payout import compute_payout
from fremdrift.reference.kommuner import kommuner, navn

PEER_GROUPS: Final = 5  # quintiles of the national distribution of the target group's size
HERKOMST_BREAKDOWNS: Final = ("herkomst3", "herkomst")
FIGURE_COLUMNS: Final = (
    "month",
    "level",
    "kommunekode",
    "breakdown",
    "category",
    "indicator",
    "numerator",
    "denominator",
    "suppressed",
)


@dataclass(frozen=True)
class Figure:
    """A numerator/denominator pair as the reader may see it: no numbers when suppressed."""

    numerator: int | None
    denominator: int | None
    suppressed: bool = False

    @property
    def share(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator


MISSING_FIGURE: Final = Figure(None, None)


@dataclass(frozen=True)
class ReleaseInput:
    """One delivery version the release was computed from."""

    kommunekode: str
    description: str


@dataclass(frozen=True)
class ReleaseInfo:
    initiative: str
    month: str
    revision: int
    created_at: datetime
    definitions_version: str
    inputs: tuple[ReleaseInput, ...] = ()
    # Kommunekoder without a delivery for the month: shown as missing, never as zero.
    missing: tuple[str, ...] = ()

    def delivered(self, figures: Figures, kommunekode: str) -> bool:
        if kommunekode in self.missing:
            return False
        return kommunekode in figures.delivered or any(
            i.kommunekode == kommunekode for i in self.inputs
        )


@dataclass(frozen=True)
class IndicatorInfo:
    key: str
    navn: str
    numbers: str  # "3, 4", or "" for an indicator without a number in the seed
    kind: str


@dataclass(frozen=True)
class PayoutRule:
    indicator: str
    rate1: float
    thresholds: tuple[tuple[float, float], ...]  # (share, part of the grant it releases)


@dataclass(frozen=True)
class Definitions:
    initiative: str
    navn: str
    version: str
    indicators: tuple[IndicatorInfo, ...]
    exclude_exempt: bool
    payout: PayoutRule | None


@dataclass(frozen=True)
class PeerStats:
    """The published shares of the municipalities of similar size (the municipality left out)."""

    median: float | None
    low: float | None
    high: float | None
    shown: int  # peers with a published share
    peers: int


@dataclass(frozen=True)
class TrendPoint:
    month: str
    figure: Figure
    national: Figure


@dataclass(frozen=True)
class IndicatorLine:
    info: IndicatorInfo
    figure: Figure
    exempt: Figure | None  # numerator/denominator among the exempt (breakdown `fritaget`)
    national: Figure
    peers: PeerStats
    trend: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class CategoryLine:
    """One category of a breakdown (herkomst) or one state (status efter forløb)."""

    breakdown: str
    category: str
    figure: Figure
    national: Figure


@dataclass(frozen=True)
class GrantTerms:
    """A municipality's grant: the amount, its period (months, both included; None: the
    report's months) and the documented costs that cap the payout (None: none sent yet)."""

    amount: float
    period_from: str | None = None
    period_to: str | None = None
    costs: float | None = None


@dataclass(frozen=True)
class ThresholdStatus:
    share: float
    releases: float
    reached: bool


@dataclass(frozen=True)
class PayoutStatus:
    indicator: str
    period_from: str
    period_to: str
    best_month: str | None
    best: Figure
    thresholds: tuple[ThresholdStatus, ...]
    share_of_grant: float
    grant: float | None
    capped_by_costs: bool
    amount: float | None
    months_hidden: int  # months whose figure was suppressed and so could not count


@dataclass(frozen=True)
class KommuneReport:
    kommunekode: str
    navn: str
    month: str
    exact: bool  # the municipality's own exact figures (inside the municipality)
    delivered: bool
    release: ReleaseInfo
    definitions: Definitions
    size: Figure  # the target group's size, the ground of the peer group
    peer_group: int | None  # 1 (smallest) .. PEER_GROUPS
    peer_names: tuple[str, ...]
    indicators: tuple[IndicatorLine, ...]
    herkomst_indicator: IndicatorInfo | None
    herkomst: tuple[CategoryLine, ...]
    status_indicator: IndicatorInfo | None
    states: tuple[CategoryLine, ...]
    payout: PayoutStatus | None
    months: tuple[str, ...]  # the trend's months, oldest first
    # The same municipality and month in the other initiatives it has figures in (ressourceforløb
    # beside FSM2), each from its own release.
    companions: tuple[KommuneReport, ...] = ()


@dataclass(frozen=True)
class NationalRow:
    kommunekode: str
    navn: str
    delivered: bool
    size: Figure
    figures: dict[str, Figure]


@dataclass(frozen=True)
class NationalReport:
    month: str
    release: ReleaseInfo
    definitions: Definitions
    indicators: tuple[IndicatorInfo, ...]  # the columns of the table (ratio indicators)
    rows: tuple[NationalRow, ...]
    totals: dict[str, Figure]
    trend: tuple[tuple[str, dict[str, Figure]], ...]  # (month, indicator -> national figure)
    missing: tuple[str, ...]  # names of the municipalities without a delivery for the month


SortKey = Literal["navn", "kode", "stoerrelse"] | str


def definitions(initiative: Initiative) -> Definitions:
    payout = initiative.payout
    return Definitions(
        initiative=initiative.key,
        navn=initiative.navn,
        version=initiative.version,
        indicators=tuple(_info(i) for i in initiative.indicators),
        exclude_exempt=initiative.exclude_exempt,
        payout=PayoutRule(
            payout.indicator,
            payout.rate1,
            tuple((t.share, t.releases) for t in payout.thresholds),
        )
        if payout
        else None,
    )


def _info(ind: Indicator) -> IndicatorInfo:
    return IndicatorInfo(ind.key, ind.navn, ", ".join(str(n) for n in ind.numbers), ind.kind)


class Figures:
    """A release's figures, indexed for the reports: the rows a report reads, each once.

    `frame` is the long form with `suppressed`; only the rows the reports show are kept (every
    month's totals for the trends, the report month's breakdowns), so building all 98
    municipalities' reports reads a dictionary, not the frame.
    """

    def __init__(self, frame: pl.DataFrame, initiative: Initiative, month: str) -> None:
        self.initiative = initiative
        self.month = month
        wanted = frame.filter(
            (pl.col("initiative") == initiative.key)
            & (pl.col("month") <= month)
            & (
                (pl.col("breakdown") == "total")
                | (
                    (pl.col("month") == month)
                    & pl.col("breakdown").is_in(["fritaget", *HERKOMST_BREAKDOWNS])
                )
            )
        )
        self.months: tuple[str, ...] = tuple(sorted(wanted["month"].unique().to_list()))
        self._exact: dict[tuple[str | None, str, str, str, str], tuple[int, int, bool]] = {
            (k, i, b, c, m): (n, d, s)
            for m, k, b, c, i, n, d, s in wanted.select(
                "month",
                "kommunekode",
                "breakdown",
                "category",
                "indicator",
                "numerator",
                "denominator",
                "suppressed",
            ).iter_rows()
        }
        self.delivered: frozenset[str] = frozenset(
            wanted.filter((pl.col("month") == month) & (pl.col("level") == "kommune"))[
                "kommunekode"
            ].to_list()
        )
        self.participants: tuple[str, ...] = tuple(
            sorted(wanted["kommunekode"].drop_nulls().unique().to_list())
        )
        self.size_indicator = next(
            (i.key for i in initiative.indicators if i.kind == "ratio"), None
        )

    def get(
        self,
        kommunekode: str | None,
        indicator: str,
        *,
        breakdown: str = "total",
        category: str = "i_alt",
        month: str | None = None,
        exact: bool = False,
    ) -> Figure:
        row = self._exact.get((kommunekode, indicator, breakdown, category, month or self.month))
        if row is None:
            return MISSING_FIGURE
        num, den, suppressed = row
        if suppressed and not exact:
            return Figure(None, None, True)
        return Figure(num, den)

    def categories(self, kommunekode: str | None, indicator: str, breakdown: str) -> list[str]:
        """The categories with a figure, in the order of delivery.schema (herkomst)."""
        found = {
            c
            for (k, i, b, c, m) in self._exact
            if k == kommunekode and i == indicator and b == breakdown and m == self.month
        }
        order = {c: n for n, c in enumerate((*HERKOMST5, *HERKOMST3))}
        return sorted(found, key=lambda c: (order.get(c, len(order)), c))

    def size(self, kommunekode: str) -> Figure:
        if self.size_indicator is None:
            return MISSING_FIGURE
        return self.get(kommunekode, self.size_indicator)

    def peer_groups(self) -> dict[str, int]:
        """Quintile (1 smallest .. 5) of each delivering municipality by its published target
        group size; a suppressed size (1-4) is among the smallest."""
        sizes = sorted(
            (self.size(k).denominator or 0, k) for k in self.participants if k in self.delivered
        )
        n = len(sizes)
        return {k: rank * PEER_GROUPS // n + 1 for rank, (_, k) in enumerate(sizes)}


def kommune_report(
    figures: Figures,
    release: ReleaseInfo,
    kommunekode: str,
    *,
    exact: bool = False,
    grant: GrantTerms | None = None,
    peer_groups: dict[str, int] | None = None,
) -> KommuneReport:
    """A municipality's report; `exact` for its own management (inside the municipality)."""
    initiative = figures.initiative
    groups = figures.peer_groups() if peer_groups is None else peer_groups
    group = groups.get(kommunekode)
    peers = sorted(k for k, g in groups.items() if g == group and k != kommunekode)
    lines = []
    for ind in initiative.indicators:
        if ind.kind != "ratio":
            continue
        lines.append(
            IndicatorLine(
                info=_info(ind),
                figure=figures.get(kommunekode, ind.key, exact=exact),
                exempt=figures.get(
                    kommunekode, ind.key, breakdown="fritaget", category="fritaget", exact=exact
                )
                if initiative.excludes_exempt(ind.ratio)  # type: ignore[arg-type]
                and "fritaget" in ind.breakdowns
                else None,
                national=figures.get(None, ind.key),
                peers=_peer_stats(figures.get(k, ind.key).share for k in peers),
                trend=tuple(
                    TrendPoint(
                        m,
                        figures.get(kommunekode, ind.key, month=m, exact=exact),
                        figures.get(None, ind.key, month=m),
                    )
                    for m in figures.months
                ),
            )
        )
    herkomst_ind = next((i for i in initiative.indicators if 4 in i.numbers), None)
    herkomst = (
        tuple(
            CategoryLine(
                b,
                c,
                figures.get(kommunekode, herkomst_ind.key, breakdown=b, category=c, exact=exact),
                figures.get(None, herkomst_ind.key, breakdown=b, category=c),
            )
            for b in HERKOMST_BREAKDOWNS
            if b in herkomst_ind.breakdowns
            for c in figures.categories(None, herkomst_ind.key, b)
        )
        if herkomst_ind
        else ()
    )
    status_ind = next((i for i in initiative.indicators if i.kind == "status_efter_forloeb"), None)
    states = (
        tuple(
            CategoryLine(
                "status",
                s.state,
                figures.get(kommunekode, status_ind.key, category=s.state, exact=exact),
                figures.get(None, status_ind.key, category=s.state),
            )
            for s in status_ind.states
        )
        if status_ind
        else ()
    )
    return KommuneReport(
        kommunekode=kommunekode,
        navn=navn(kommunekode),
        month=figures.month,
        exact=exact,
        delivered=release.delivered(figures, kommunekode),
        release=release,
        definitions=definitions(initiative),
        size=figures.size(kommunekode)
        if not exact
        else figures.get(kommunekode, figures.size_indicator or "", exact=True),
        peer_group=group,
        peer_names=tuple(navn(k) for k in peers),
        indicators=tuple(lines),
        herkomst_indicator=_info(herkomst_ind) if herkomst_ind else None,
        herkomst=herkomst,
        status_indicator=_info(status_ind) if status_ind else None,
        states=states,
        payout=payout_status(figures, kommunekode, exact=exact, grant=grant),
        months=figures.months,
    )


def _peer_stats(shares: Iterable[float | None]) -> PeerStats:
    every = list(shares)
    shown = sorted(s for s in every if s is not None)
    return PeerStats(
        median=statistics.median(shown) if shown else None,
        low=shown[0] if shown else None,
        high=shown[-1] if shown else None,
        shown=len(shown),
        peers=len(every),
    )


def payout_status(
    figures: Figures, kommunekode: str, *, exact: bool, grant: GrantTerms | None
) -> PayoutStatus | None:
    """The payout condition so far: the best month from the first month (or the grant's) up
    to the report's (or the end of the grant period).

    engine.payout decides (one rule for every surface); published figures leave out the months
    whose figure is suppressed, and the report says how many.
    """
    initiative = figures.initiative
    rule = initiative.payout
    if rule is None or not figures.months:
        return None
    first, last = figures.months[0], figures.months[-1]
    if grant is not None:
        first = max(first, grant.period_from or first)
        last = min(last, grant.period_to or last)
        if first > last:
            # The grant period lies outside the released months: the status, without kroner.
            return payout_status(figures, kommunekode, exact=exact, grant=None)
    months = [
        (m, figures.get(kommunekode, rule.indicator, month=m, exact=exact))
        for m in figures.months
        if first <= m <= last
    ]
    visible = [(m, f) for m, f in months if f.numerator is not None and f.denominator]
    frame = pl.DataFrame(
        {
            "indicator": [rule.indicator] * len(visible),
            "level": ["kommune"] * len(visible),
            "kommunekode": [kommunekode] * len(visible),
            "breakdown": ["total"] * len(visible),
            "month": [m for m, _ in visible],
            "numerator": [f.numerator for _, f in visible],
            "denominator": [f.denominator for _, f in visible],
        },
        schema={
            "indicator": pl.String,
            "level": pl.String,
            "kommunekode": pl.String,
            "breakdown": pl.String,
            "month": pl.String,
            "numerator": pl.Int64,
            "denominator": pl.Int64,
        },
    )
    # The rule's share of the grant does not depend on the grant: 1 kr. stands in for none.
    result = compute_payout(
        frame,
        initiative,
        kommunekode=kommunekode,
        grant=grant.amount if grant else 1.0,
        costs=grant.costs if grant else None,
        period_from=first,
        period_to=last,
    )
    return PayoutStatus(
        indicator=rule.indicator,
        period_from=result.period_from,
        period_to=result.period_to,
        best_month=result.best_month,
        best=Figure(result.best_numerator, result.best_denominator)
        if result.best_month
        else MISSING_FIGURE,
        thresholds=tuple(
            ThresholdStatus(float(t["share"]), float(t["releases"]), bool(t["reached"]))
            for t in result.thresholds
        ),
        share_of_grant=result.share_of_grant,
        grant=grant.amount if grant else None,
        capped_by_costs=result.capped_by_costs,
        amount=result.amount if grant else None,
        months_hidden=sum(1 for _, f in months if f.suppressed),
    )


def national_report(figures: Figures, release: ReleaseInfo) -> NationalReport:
    """Every participating municipality in one table with the national totals (published)."""
    columns = tuple(_info(i) for i in figures.initiative.indicators if i.kind == "ratio")
    expected = sorted(
        {*figures.participants, *(i.kommunekode for i in release.inputs), *release.missing}
    )
    rows = tuple(
        NationalRow(
            kommunekode=k,
            navn=navn(k) if k in kommuner() else k,
            delivered=release.delivered(figures, k),
            size=figures.size(k),
            figures={c.key: figures.get(k, c.key) for c in columns},
        )
        for k in expected
    )
    return NationalReport(
        month=figures.month,
        release=release,
        definitions=definitions(figures.initiative),
        indicators=columns,
        rows=sort_rows(rows, "navn"),
        totals={c.key: figures.get(None, c.key) for c in columns},
        trend=tuple(
            (m, {c.key: figures.get(None, c.key, month=m) for c in columns}) for m in figures.months
        ),
        missing=tuple(r.navn for r in sort_rows(rows, "navn") if not r.delivered),
    )


def sort_rows(
    rows: Sequence[NationalRow], key: SortKey, *, descending: bool = False
) -> tuple[NationalRow, ...]:
    """The national table sorted by name, code, size or an indicator's share; a municipality
    without a figure (suppressed or missing) comes last either way."""

    def value(row: NationalRow) -> Fraction | str | None:
        if key == "navn":
            return row.navn
        if key == "kode":
            return row.kommunekode
        figure = row.size if key == "stoerrelse" else row.figures.get(key, MISSING_FIGURE)
        if key == "stoerrelse":
            return Fraction(figure.denominator) if figure.denominator is not None else None
        if figure.numerator is None or not figure.denominator:
            return None
        return Fraction(figure.numerator, figure.denominator)

    known = [r for r in rows if value(r) is not None]
    unknown = [r for r in rows if value(r) is None]
    known.sort(key=lambda r: (value(r), r.navn), reverse=descending)
    return (*known, *sorted(unknown, key=lambda r: r.navn))
