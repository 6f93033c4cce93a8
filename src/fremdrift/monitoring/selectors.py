"""Reads of STAR's follow-up, all from the latest frozen release of an initiative.

The rules (requirements, the early-warning setting, the payout rule) are the ones frozen with the
release (`Release.definitions_text`), so a queue, a forecast and a statement can be made again
from the release alone and agree with the report of the same release.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import polars as pl

from fremdrift.engine.definitions import Initiative, parse_initiative
from fremdrift.engine.early_warning import (
    MonthFigure,
    RequirementWarning,
    kommune_totals,
    requirement_series,
    requirement_warnings,
)
from fremdrift.engine.forecast import PayoutOutlook, payout_outlook
from fremdrift.engine.payout import PayoutResult, compute_payout
from fremdrift.monitoring.models import FollowUpNote, Grant
from fremdrift.organisation.models import Kommune
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import latest_release, release_figures

# The requirement indicators' months shown on a municipality's page.
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Released:
    release: Release
    initiative: Initiative
    figures: pl.DataFrame

    @property
    def month(self) -> str:
        return self.release.month


def released(initiative: str) -> Released | None:
    """The latest release of the initiative with the definitions it was made with."""
    release = latest_release(initiative=initiative)
    if release is None:
        return None
    definition = parse_initiative(release.definitions_text, source=f"{initiative}.toml")
    return Released(release, definition, release_figures(release))


def outlook(data: Released, grant: Grant) -> PayoutOutlook | None:
    """The grant's payout outlook; None when the initiative has no payout rule."""
    if data.initiative.payout is None:
        return None
    return payout_outlook(
        data.figures,
        data.initiative,
        kommunekode=grant.kommune_id,
        month=data.month,
        period_from=grant.period_from,
        period_to=grant.period_to,
    )


@dataclass(frozen=True)
class Flag:
    """A municipality on STAR's work queue and why."""

    kommune: Kommune
    warnings: list[RequirementWarning]
    at_risk: PayoutOutlook | None  # its grant's outlook, when a threshold is at risk
    last_note: FollowUpNote | None
    # It has a grant and no accepted delivery for the release's month (missing, not zero).
    missing: bool = False


def work_queue(data: Released) -> list[Flag]:
    """The municipalities flagged in the release's month, by kommunekode."""
    warnings: dict[str, list[RequirementWarning]] = {}
    for w in requirement_warnings(data.figures, data.initiative, month=data.month):
        warnings.setdefault(w.kommunekode, []).append(w)
    risks: dict[str, PayoutOutlook] = {}
    missing: set[str] = set()
    payout = data.initiative.payout
    # Every grant's outlook reads the payout indicator only: narrow the national frame once,
    # not once per grant.
    payout_data = (
        data
        if payout is None
        else replace(data, figures=data.figures.filter(pl.col("indicator") == payout.indicator))
    )
    for grant in Grant.objects.filter(initiative=data.initiative.key):
        if grant.kommune_id in data.release.missing:
            missing.add(grant.kommune_id)
        result = outlook(payout_data, grant)
        if result is not None and result.at_risk is not None:
            risks[grant.kommune_id] = result
    flagged = sorted(set(warnings) | set(risks) | missing)
    kommuner = Kommune.objects.in_bulk(flagged)
    notes: dict[str, FollowUpNote] = {}
    for note in FollowUpNote.objects.filter(
        initiative=data.initiative.key, kommune_id__in=flagged
    ).select_related("author"):
        notes.setdefault(note.kommune_id, note)  # newest first (the model's ordering)
    return [
        Flag(kommuner[k], warnings.get(k, []), risks.get(k), notes.get(k), k in missing)
        for k in flagged
    ]


@dataclass(frozen=True)
class IndicatorHistory:
    key: str
    navn: str
    requirement: float
    months: list[MonthFigure]  # the last MONTHS_SHOWN, oldest first
    warning: RequirementWarning | None


@dataclass(frozen=True)
class KommuneFollowUp:
    kommune: Kommune
    data: Released
    indicators: list[IndicatorHistory]
    grant: Grant | None
    outlook: PayoutOutlook | None
    notes: list[FollowUpNote]

    @property
    def missing(self) -> bool:
        """No accepted delivery for the release's month: its figures are missing, not zero."""
        return self.kommune.kode in self.data.release.missing

    @property
    def flagged(self) -> bool:
        return (
            any(i.warning for i in self.indicators)
            or bool(self.outlook and self.outlook.at_risk)
            or (self.missing and self.grant is not None)
        )


def kommune_follow_up(data: Released, kommune: Kommune) -> KommuneFollowUp:
    figures = data.figures.filter(pl.col("kommunekode") == kommune.kode)
    series = requirement_series(figures, data.initiative, month=data.month)
    warnings = {
        w.indicator: w for w in requirement_warnings(figures, data.initiative, month=data.month)
    }
    indicators = [
        IndicatorHistory(
            key=ind.key,
            navn=ind.navn,
            requirement=ind.requirement,
            months=series.get((kommune.kode, ind.key), [])[-MONTHS_SHOWN:],
            warning=warnings.get(ind.key),
        )
        for ind in data.initiative.indicators
        if ind.requirement is not None
    ]
    grant = Grant.objects.filter(initiative=data.initiative.key, kommune=kommune).first()
    notes = list(
        FollowUpNote.objects.filter(initiative=data.initiative.key, kommune=kommune).select_related(
            "author"
        )
    )
    return KommuneFollowUp(
        kommune=kommune,
        data=data,
        indicators=indicators,
        grant=grant,
        outlook=outlook(data, grant) if grant else None,
        notes=notes,
    )


@dataclass(frozen=True)
class Statement:
    """What a grant pays out under the initiative's rule, as the municipality can check it.

    `result` is None when there is no release yet or the initiative has no payout rule (then
    only rate 1 can be stated). `hidden` is true when the best month's counts are hidden by
    disclosure control for this reader (STAR); the municipality's leaders see their own.
    """

    grant: Grant
    release: Release | None
    initiative: Initiative | None
    result: PayoutResult | None
    hidden: bool

    @property
    def rate1_amount(self) -> Decimal | None:
        if self.result is None:
            return None
        amount = self.grant.amount * Decimal(str(self.result.rate1_share))
        costs = self.grant.costs_documented
        return min(amount, costs) if costs is not None else amount

    @property
    def rate2_amount(self) -> Decimal | None:
        if self.result is None or self.rate1_amount is None:
            return None
        return Decimal(str(self.result.amount)) - self.rate1_amount

    @property
    def preliminary(self) -> bool:
        """The release ends before the grant period does: the best month may still come."""
        return self.release is not None and self.release.month < self.grant.period_to


def statement(grant: Grant, data: Released | None, *, own_figures: bool) -> Statement:
    """The grant's statement from `data`, the latest release of its initiative (`released`).
    `own_figures`: the reader is the municipality itself, who may see its exact counts."""
    if data is None or data.initiative.payout is None:
        return Statement(grant, data.release if data else None, None, None, hidden=False)
    result = compute_payout(
        data.figures,
        data.initiative,
        kommunekode=grant.kommune_id,
        grant=float(grant.amount),
        costs=float(grant.costs_documented) if grant.costs_documented is not None else None,
        period_from=grant.period_from,
        period_to=grant.period_to,
    )
    hidden = False
    if result.best_month is not None and not own_figures:
        row = kommune_totals(data.figures, [result.indicator]).filter(
            (pl.col("kommunekode") == grant.kommune_id) & (pl.col("month") == result.best_month)
        )
        hidden = bool(row["suppressed"].any())
    return Statement(grant, data.release, data.initiative, result, hidden)
