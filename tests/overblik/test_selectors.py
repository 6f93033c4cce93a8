"""The Overblik's figures of a municipality are the engine's on its own database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.delivery.io import write_delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.leveringer.services import import_delivery
from fremdrift.leveringer.tables import for_kommune
from fremdrift.overblik.selectors import figure_period, kommune_figures
from fremdrift.synth.generate import generate

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


def test_kommune_figures_are_the_engine_on_the_municipality_alone(tmp_path: Path) -> None:
    delivery = generate(
        kommuner=["147", "791"], seed=3, persons=120, first=date(2023, 6, 1), last=TODAY, cpr=True
    )
    path = tmp_path / "levering.zip"
    write_delivery(delivery, path, as_zip=True)
    import_delivery(path=path, kommune="147")
    import_delivery(path=path, kommune="791")

    figures = kommune_figures("147", today=TODAY)

    first, last = figure_period(TODAY)
    assert (first, last) == (date(2023, 12, 1), date(2025, 11, 30))
    expected = compute_indicators(
        for_kommune(delivery, "147"), load_initiative("fsm2"), first, last
    ).filter(pl.col("level") == "kommune")
    assert figures.height > 100
    assert set(figures["kommunekode"]) == {"147"}
    assert figures["month"].min() == "2023-12" and figures["month"].max() == "2025-11"
    assert_frame_equal(figures, expected)
