"""The payout rule (rate 1 and rate 2) of an initiative, applied to a municipality's figures."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction

import polars as pl

from fremdrift.engine.definitions import Initiative, Payout
from fremdrift.errors import UserError


@dataclass(frozen=True)
class PayoutResult:
    initiative: str
    definitions_version: str
    kommunekode: str
    rule: str
    indicator: str
    period_from: str
    period_to: str
    best_month: str | None
    best_numerator: int
    best_denominator: int
    best_share: float
    thresholds: list[dict[str, float | bool]]
    grant: float
    costs: float | None
    rate1_share: float
    rate2_share: float
    share_of_grant: float
    amount: float
    capped_by_costs: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def payout_rule(initiative: Initiative) -> Payout:
    if initiative.payout is None:
        raise UserError(
            f"initiativet {initiative.key} har ingen udbetalingsregel i sin definition; "
            "kun fsm2 har resultatkrav for udbetaling"
        )
    return initiative.payout


def compute_payout(
    figures: pl.DataFrame,
    initiative: Initiative,
    *,
    kommunekode: str,
    grant: float,
    costs: float | None,
    period_from: str,
    period_to: str,
) -> PayoutResult:
    """`figures` is compute_indicators' output; the best month is the highest share of the
    payout indicator (kommune level, total) in the period, the earliest on a tie."""
    rule = payout_rule(initiative)
    if grant <= 0:
        raise UserError("tilskuddet (--grant) skal være et positivt beløb i kroner")
    if costs is not None and costs < 0:
        raise UserError("de dokumenterede udgifter (--costs) kan ikke være negative")
    months = figures.filter(
        (pl.col("indicator") == rule.indicator)
        & (pl.col("level") == "kommune")
        & (pl.col("kommunekode") == kommunekode)
        & (pl.col("breakdown") == "total")
        & pl.col("month").is_between(pl.lit(period_from), pl.lit(period_to))
    ).sort("month")
    best: tuple[Fraction, str, int, int] | None = None
    for month, num, den in months.select("month", "numerator", "denominator").iter_rows():
        share = Fraction(num, den)
        if best is None or share > best[0]:
            best = (share, month, num, den)
    best_share = best[0] if best else Fraction(0)
    reached = [best_share >= Fraction(str(t.share)) for t in rule.thresholds]
    rate2 = sum(
        (Fraction(str(t.releases)) for t, ok in zip(rule.thresholds, reached, strict=True) if ok),
        Fraction(0),
    )
    share_of_grant = Fraction(str(rule.rate1)) + rate2
    amount = Fraction(str(grant)) * share_of_grant
    capped = costs is not None and amount > Fraction(str(costs))
    if capped and costs is not None:
        amount = Fraction(str(costs))
    return PayoutResult(
        initiative=initiative.key,
        definitions_version=initiative.version,
        kommunekode=kommunekode,
        rule=rule.rule,
        indicator=rule.indicator,
        period_from=period_from,
        period_to=period_to,
        best_month=best[1] if best else None,
        best_numerator=best[2] if best else 0,
        best_denominator=best[3] if best else 0,
        best_share=float(best_share),
        thresholds=[
            {"share": t.share, "releases": t.releases, "reached": ok}
            for t, ok in zip(rule.thresholds, reached, strict=True)
        ],
        grant=grant,
        costs=costs,
        rate1_share=rule.rate1,
        rate2_share=float(rate2),
        share_of_grant=float(share_of_grant),
        amount=round(float(amount), 2),
        capped_by_costs=capped,
    )
