"""The Overblik's figures of a municipality are the engine's on its own database."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.months import add_months, format_month, last_day
from fremdrift.leveringer.tables import for_kommune
from fremdrift.overblik.daily import figure_period
from fremdrift.overblik.selectors import kommune_figures
from tests.overblik.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_kommune_figures_are_the_engine_on_the_municipality_alone(imported: Delivery) -> None:
    figures = kommune_figures("147", today=TODAY)

    first, last = figure_period(TODAY)
    assert first == add_months(TODAY, -23).replace(day=1)
    assert last == last_day(TODAY)
    expected = compute_indicators(
        for_kommune(imported, "147"), load_initiative("fsm2"), first, last
    ).filter(pl.col("level") == "kommune")
    assert figures.height > 100
    assert set(figures["kommunekode"]) == {"147"}
    assert figures["month"].min() == format_month(first)
    assert figures["month"].max() == format_month(TODAY)
    assert_frame_equal(figures, expected)
