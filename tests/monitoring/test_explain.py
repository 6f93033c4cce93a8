"""The forecast and the early warning in words: each case of the sentence, in Danish."""

from __future__ import annotations

import polars as pl
import pytest
from django.utils import translation

from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.early_warning import requirement_warnings
from fremdrift.engine.forecast import payout_outlook
from fremdrift.monitoring.explain import outlook_sentences, warning_sentence
from fremdrift.numbers import kroner, pct

from .conftest import figures_frame

FSM2 = load_initiative("fsm2")


@pytest.fixture(autouse=True)
def danish() -> None:
    translation.activate("da")


def sentences(kode: str, month: str = "2020-08", period_to: str = "2021-12") -> list[str]:
    outlook = payout_outlook(
        figures_frame(),
        FSM2,
        kommunekode=kode,
        month=month,
        period_from="2020-01",
        period_to=period_to,
    )
    return outlook_sentences(outlook, "Kommunen")


def test_a_rising_line_reaches_both_thresholds() -> None:
    assert sentences("791") == [
        "Med den nuværende udvikling når Kommunen 15,0 % i 2020-11 "
        "(usikkerhed: tidligst 2020-11, senest 2020-11).",
        "Med den nuværende udvikling når Kommunen 20,0 % i 2021-04 "
        "(usikkerhed: tidligst 2021-04, senest 2021-04).",
    ]


def test_a_flat_line_does_not_reach_15_percent() -> None:
    assert sentences("147")[0] == (
        "Med den nuværende udvikling når Kommunen ikke 15,0 % inden tilskudsperiodens "
        "udløb 2021-12."
    )


def test_a_threshold_reached_names_the_month_it_was_reached() -> None:
    frame = figures_frame()
    best = (
        (pl.col("kommunekode") == "147")
        & (pl.col("month") == "2020-05")
        & (pl.col("indicator") == "loentimer_eller_uddannelse")
    )
    frame = frame.with_columns(
        numerator=pl.when(best).then(31).otherwise(pl.col("numerator")),
        denominator=pl.when(best).then(150).otherwise(pl.col("denominator")),
    )
    outlook = payout_outlook(
        frame, FSM2, kommunekode="147", month="2020-08", period_from="2020-01", period_to="2021-12"
    )
    assert outlook_sentences(outlook, "Kommunen") == [
        "Kommunen nåede 15,0 % i 2020-05 (i tilskudsperioden).",
        "Kommunen nåede 20,0 % i 2020-05 (i tilskudsperioden).",
    ]


def test_after_the_period_it_is_reached_or_not() -> None:
    assert sentences("147", month="2020-08", period_to="2020-06")[0] == (
        "Kommunen nåede ikke 15,0 % inden tilskudsperiodens udløb 2020-06."
    )


def test_a_release_after_the_grant_period_without_its_months_says_so() -> None:
    outlook = payout_outlook(
        figures_frame(),
        FSM2,
        kommunekode="147",
        month="2020-08",
        period_from="2018-01",
        period_to="2019-12",
    )
    assert outlook_sentences(outlook, "Kommunen") == [
        "Udgivelsen har ingen tal fra tilskudsperioden 2018-01 til 2019-12."
    ]


def test_too_few_months_for_a_forecast() -> None:
    assert sentences("147", month="2020-05")[0] == (
        "Kommunen har endnu ikke nået 15,0 %; for få måneder med tal til en prognose (mindst 6)."
    )


def test_the_warning_names_indicator_requirement_run_and_latest_share() -> None:
    warnings = requirement_warnings(figures_frame(), FSM2, month="2020-08")
    warning = next(w for w in warnings if (w.kommunekode, w.indicator) == ("791", "jobformidler"))
    assert warning_sentence(warning, "Jobformidler") == (
        "Jobformidler: under kravet på 90,0 % i 8 måneder i træk (2020-01 til 2020-08; "
        "senest 80,0 %)."
    )


def test_danish_numbers() -> None:
    assert pct(0.125) == "12,5 %"
    assert pct(None) == "–"
    assert kroner(3_695_000) == "3.695.000 kr."
    assert kroner(3_500_000.5) == "3.500.000,50 kr."
