"""The report model: the figures are the release's, suppressed ones carry no number outside the
municipality, peers are compared by median and range, a missing delivery is missing."""

from __future__ import annotations

from dataclasses import replace
from statistics import median

import polars as pl

from fremdrift.engine.definitions import load_initiative
from fremdrift.reference.kommuner import navn
from fremdrift.reports.content import (
    Figures,
    GrantTerms,
    kommune_report,
    national_report,
    sort_rows,
)

from .conftest import KOMMUNER, MONTH, RELEASE, row, suppressed_total


def test_every_indicator_is_the_release_figure_and_the_national_one(
    figures: Figures, frame: pl.DataFrame
) -> None:
    report = kommune_report(figures, RELEASE, "791")
    keys = [line.info.key for line in report.indicators]
    assert keys[:7] == [
        "jobformidler",
        "rehabilitering",
        "virksomhedsrettet",
        "job_og_uddannelse",
        "loennede_timer",
        "ydelsesskift",
        "step_up",
    ]
    for line in report.indicators:
        own, country = row(frame, "791", line.info.key), row(frame, None, line.info.key)
        shown = (None, None) if own["suppressed"] else (own["numerator"], own["denominator"])
        assert (line.figure.numerator, line.figure.denominator) == shown
        assert line.figure.suppressed == own["suppressed"]
        assert (line.national.numerator, line.national.denominator) == (
            country["numerator"],
            country["denominator"],
        )
        assert [p.month for p in line.trend][-1] == MONTH
        assert len(line.trend) == 12  # 2024-07 .. 2025-06, the trend since start


def test_a_suppressed_figure_has_no_number_outside_the_municipality_but_inside(
    figures: Figures, frame: pl.DataFrame
) -> None:
    hidden = suppressed_total(frame, "147")
    published = kommune_report(figures, RELEASE, "147")
    own = kommune_report(figures, RELEASE, "147", exact=True)
    line = next(x for x in published.indicators if x.info.key == hidden["indicator"])
    assert line.figure.suppressed and line.figure.numerator is None and line.figure.share is None
    exact = next(x for x in own.indicators if x.info.key == hidden["indicator"])
    assert (exact.figure.numerator, exact.figure.denominator) == (
        hidden["numerator"],
        hidden["denominator"],
    )
    # The exact report keeps the comparisons published: the national figure is the same.
    assert exact.national == line.national


def test_exempt_counts_and_herkomst_for_indicators_3_and_4(
    figures: Figures, frame: pl.DataFrame
) -> None:
    report = kommune_report(figures, RELEASE, "791", exact=True)
    line = report.indicators[0]
    exempt = row(frame, "791", "jobformidler", breakdown="fritaget", category="fritaget")
    assert line.exempt is not None and line.exempt.denominator == exempt["denominator"]
    # Indicator 2's denominator counts the exempt too: no exempt count beside it.
    assert report.indicators[1].exempt is None
    assert report.herkomst_indicator is not None
    assert report.herkomst_indicator.key == "virksomhedsrettet"
    three = [c.category for c in report.herkomst if c.breakdown == "herkomst3"]
    assert three == [c for c in ("dansk", "vestlig", "ikke_vestlig") if c in three]
    for c in report.herkomst:
        national = row(frame, None, "virksomhedsrettet", breakdown=c.breakdown, category=c.category)
        if not national["suppressed"]:
            assert c.national.numerator == national["numerator"]


def test_payout_status_is_the_best_published_month_against_15_and_20_percent(
    figures: Figures, frame: pl.DataFrame
) -> None:
    report = kommune_report(figures, RELEASE, "791")
    payout = report.payout
    assert payout is not None and payout.period_to == MONTH
    months = frame.filter(
        pl.col("kommunekode") == "791",
        pl.col("indicator") == "loentimer_eller_uddannelse",
        pl.col("breakdown") == "total",
        ~pl.col("suppressed"),
    )
    best = max(n / d for n, d in months.select("numerator", "denominator").iter_rows())
    assert payout.best.share == best
    assert [t.share for t in payout.thresholds] == [0.15, 0.20]
    assert [t.reached for t in payout.thresholds] == [best >= 0.15, best >= 0.20]
    assert payout.share_of_grant == 0.5 + 0.4 * (best >= 0.15) + 0.1 * (best >= 0.20)
    assert payout.amount is None  # no grant given: the status, not kroner
    with_grant = kommune_report(figures, RELEASE, "791", grant=GrantTerms(1_000_000))
    assert with_grant.payout is not None
    assert with_grant.payout.amount == round(1_000_000 * payout.share_of_grant, 2)
    # A grant's own period bounds the months read, and its documented costs cap the amount.
    late = kommune_report(
        figures, RELEASE, "791", grant=GrantTerms(1_000_000, "2025-04", "2025-12", costs=1000.0)
    ).payout
    assert late is not None and (late.period_from, late.period_to) == ("2025-04", MONTH)
    assert late.best_month is not None and late.best_month >= "2025-04"
    assert late.amount == 1000.0 and late.capped_by_costs


def _sized(frame: pl.DataFrame, sizes: dict[str, int]) -> pl.DataFrame:
    """Municipalities of the given group-1 sizes, each with a published jobformidler share."""
    rows = [
        {
            "initiative": "fsm2",
            "month": MONTH,
            "level": "kommune",
            "kommunekode": k,
            "breakdown": "total",
            "category": "i_alt",
            "indicator": "jobformidler",
            "numerator": size // 2 + i,
            "denominator": size,
            "suppressed": False,
        }
        for i, (k, size) in enumerate(sizes.items())
    ]
    return pl.DataFrame(rows, schema=frame.schema)


def test_peers_are_the_same_fifth_by_size_shown_by_median_and_range(frame: pl.DataFrame) -> None:
    codes = ["101", "147", "151", "153", "155", "157", "159", "161", "163", "165"]
    sized = _sized(frame, {k: 100 * (n + 1) for n, k in enumerate(codes)})
    figures = Figures(sized, load_initiative("fsm2"), MONTH)
    groups = figures.peer_groups()
    assert [groups[k] for k in codes] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    report = kommune_report(figures, RELEASE, "153")
    peers = report.indicators[0].peers
    shares = [(size // 2 + 2) / size for size in (300,)]  # 151 is the only other in fifth 2
    assert report.peer_names == (navn("151"),)
    assert (peers.median, peers.low, peers.high, peers.peers) == (
        median(shares),
        shares[0],
        shares[0],
        1,
    )


def test_a_municipality_without_a_delivery_is_missing_not_zero(figures: Figures) -> None:
    release = replace(RELEASE, missing=("101",))
    report = national_report(figures, release)
    by_code = {r.kommunekode: r for r in report.rows}
    assert sorted(by_code) == ["101", *KOMMUNER]
    assert not by_code["101"].delivered
    assert all(f.numerator is None for f in by_code["101"].figures.values())
    assert report.missing == ("København",)
    assert not kommune_report(figures, release, "101").delivered


def test_the_national_table_sorts_by_share_with_hidden_figures_last(figures: Figures) -> None:
    report = national_report(figures, RELEASE)
    for key in ("jobformidler", "step_up"):
        for descending in (False, True):
            rows = sort_rows(report.rows, key, descending=descending)
            shares = [r.figures[key].share for r in rows]
            known = [s for s in shares if s is not None]
            assert shares == known + [None] * (len(shares) - len(known))
            assert known == sorted(known, reverse=descending)
    assert report.totals["jobformidler"].numerator == sum(
        r.figures["jobformidler"].numerator or 0 for r in report.rows
    )
