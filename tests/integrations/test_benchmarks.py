"""Storing jobindsats.dk benchmarks and reading them beside our own months."""

from __future__ import annotations

from datetime import date

import pytest

from fremdrift.integrations.jobindsats.benchmarks import BenchmarkRow
from fremdrift.integrations.jobindsats.periods import Period
from fremdrift.integrations.models import Benchmark, BenchmarkFetch
from fremdrift.integrations.selectors import benchmark, benchmark_series
from fremdrift.integrations.services import store_benchmarks

pytestmark = pytest.mark.django_db


def _store(*rows: tuple[str | None, str, float | None], indicator: str = "loennede_timer") -> None:
    store_benchmarks(
        actor=None,
        api_version=2,
        base_url="http://127.0.0.1",
        table_id="ytest",
        table_name="Testtabel",
        request={"period": [p for _, p, _ in rows]},
        metadata={"Period": [p for _, p, _ in rows]},
        rows=[
            BenchmarkRow(
                initiative="ressourceforloeb",
                indicator=indicator,
                table_id="ytest",
                measure="andel",
                kommunekode=kommune,
                period=Period.parse(period),
                value=value,
            )
            for kommune, period, value in rows
        ],
    )


def test_the_national_figure_for_a_month_is_the_latest_period_ending_by_then() -> None:
    _store((None, "2024M01", 10.0), (None, "2024M02", 11.5), (None, "2024M03", 12.0))
    got = benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-02")
    assert got is not None
    assert (got.period, got.value, got.share, got.national) == ("2024M02", 11.5, 0.115, True)
    assert got.text() == "11,5 %"
    assert got.period_label == "februar 2024"
    # A month after the last published one still shows the latest, with its own period.
    later = benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-06")
    assert later is not None and later.period == "2024M03"


def test_no_benchmark_before_the_first_period_or_for_another_municipality() -> None:
    _store((None, "2024M03", 12.0), ("147", "2024M03", 9.0))
    assert (
        benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-02")
        is None
    )
    own = benchmark(
        initiative="ressourceforloeb",
        indicator="loennede_timer",
        kommunekode="147",
        month="2024-03",
    )
    assert own is not None and own.value == 9.0 and own.kommunekode == "147"
    assert (
        benchmark(
            initiative="ressourceforloeb",
            indicator="loennede_timer",
            kommunekode="791",
            month=date(2024, 3, 1),
        )
        is None
    )


def test_a_figure_published_as_missing_is_missing_not_zero() -> None:
    _store((None, "2024Q1", None))
    got = benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-03")
    assert got is not None
    assert got.value is None and got.share is None and got.text() == "–"


def test_a_quarter_lines_up_with_its_last_month_and_a_month_wins_over_it() -> None:
    _store((None, "2024Q1", 20.0), (None, "2024QMAT01", 18.0))
    got = benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-03")
    assert got is not None and got.period == "2024Q1"
    _store((None, "2024M03", 21.0))
    got = benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-03")
    assert got is not None and got.period == "2024M03"


def test_fetching_the_same_figures_again_changes_nothing_and_a_revision_replaces() -> None:
    _store((None, "2024M01", 10.0), (None, "2024M02", 11.0))
    _store((None, "2024M01", 10.0), (None, "2024M02", 11.0))
    assert Benchmark.objects.count() == 2
    assert BenchmarkFetch.objects.count() == 2  # every fetch is kept
    _store((None, "2024M02", 11.4))
    series = benchmark_series(initiative="ressourceforloeb", indicator="loennede_timer")
    assert [(b.period, b.value) for b in series] == [("2024M01", 10.0), ("2024M02", 11.4)]


def test_the_series_keeps_one_period_kind() -> None:
    _store((None, "2024Q1", 20.0), (None, "2024M01", 19.0), (None, "2024M02", 19.5))
    series = benchmark_series(
        initiative="ressourceforloeb", indicator="loennede_timer", first="2024-01", last="2024-03"
    )
    assert [b.period for b in series] == ["2024M01", "2024M02"]


def test_a_state_of_status_efter_forloeb_is_its_own_benchmark() -> None:
    store_benchmarks(
        actor=None,
        api_version=2,
        base_url="http://127.0.0.1",
        table_id="ystatus",
        table_name="Status",
        request={},
        metadata={},
        rows=[
            BenchmarkRow(
                initiative="ressourceforloeb",
                indicator="status_efter_forloeb",
                table_id="ystatus",
                measure="andel_loenmodtagerbeskaeftigelse",
                kommunekode=None,
                period=Period.parse("2024Q2"),
                value=7.5,
                category="loenmodtagerbeskaeftigelse",
            )
        ],
    )
    kwargs = {"initiative": "ressourceforloeb", "indicator": "status_efter_forloeb"}
    assert benchmark(**kwargs, month="2024-06") is None  # no total published
    got = benchmark(**kwargs, month="2024-06", category="loenmodtagerbeskaeftigelse")
    assert got is not None and got.category == "loenmodtagerbeskaeftigelse" and got.value == 7.5
