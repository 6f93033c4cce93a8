"""The Overblik's figures of a municipality are the engine's on its own database."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.leveringer.tables import for_kommune
from fremdrift.overblik.daily import figure_period
from fremdrift.overblik.selectors import kommune_figures
from tests.overblik.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_kommune_figures_are_the_engine_on_the_municipality_alone(imported: Delivery) -> None:
    figures = kommune_figures("147", today=TODAY)

    first, last = figure_period(TODAY)
    assert (first, last) == (date(2023, 12, 1), date(2025, 11, 30))
    expected = compute_indicators(
        for_kommune(imported, "147"), load_initiative("fsm2"), first, last
    ).filter(pl.col("level") == "kommune")
    assert figures.height > 100
    assert set(figures["kommunekode"]) == {"147"}
    assert figures["month"].min() == "2023-12" and figures["month"].max() == "2025-11"
    assert_frame_equal(figures, expected)
