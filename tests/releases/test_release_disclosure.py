"""A release of several municipalities: an attacker who knows every published cell (every
breakdown, the municipalities' rows and the national rows) and every sum between them cannot
recover a hidden count by subtraction. The attacker is tests/engine/test_disclosure.py's."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from fremdrift.engine.definitions import load_initiative
from fremdrift.releases.compute import published, release_frame
from fremdrift.synth.generate import generate
from tests.engine.test_disclosure import recovered_small_counts


@pytest.mark.parametrize(
    ("initiative", "seed"), [("fsm2", 3), ("fsm2", 4), ("ressourceforloeb", 4)]
)
def test_no_hidden_count_of_a_release_comes_back_by_subtraction(initiative: str, seed: int) -> None:
    delivery = generate(
        kommuner=["147", "766", "791"],
        seed=seed,
        persons=600 if initiative == "ressourceforloeb" else 300,
        first=date(2024, 7, 1),
        last=date(2025, 6, 1),
    )
    figures = release_frame(
        delivery, load_initiative(initiative), date(2025, 1, 1), date(2025, 6, 1)
    )
    assert figures["kommunekode"].n_unique() == 4  # three municipalities and the national rows
    small = figures.filter(
        pl.col("numerator").is_between(1, 4) | pl.col("denominator").is_between(1, 4)
    )
    assert small.height > 0, "the test data must contain small counts to protect"
    shown = published(figures)
    assert recovered_small_counts(figures.drop("suppressed"), shown) == []
