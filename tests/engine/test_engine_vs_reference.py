"""Both engines against the day-by-day reference (tests/reference.py), on random deliveries built
to hit the edges of the counting rules (tests/strategies.py).

The engines are imported inside the tests: a missing engine is a failing test (ImportError), never
a skipped one.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from polars.testing import assert_frame_equal

from fremdrift.delivery.io import write_delivery
from fremdrift.delivery.schema import Delivery
from fremdrift.delivery.validate import validate_delivery
from fremdrift.engine.definitions import (
    INITIATIVE_KEYS,
    Initiative,
    load_initiative,
    parse_initiative,
)
from fremdrift.engine.output import OUTPUT_COLUMNS
from tests.reference import reference_indicators
from tests.strategies import deliveries, windows

# Definitions that use the vocabulary the shipped files leave out (`all`, `none`, populations
# and `fritaget` as facts, exemption of other populations, other ending reasons, a status of
# another course two months on), so that the engines are held to the generic rules too.
GENERIC_FORLOEB = """
key = "fsm2"
navn = "generisk, forloeb"
version = "test"
[maalgruppe]
source = "forloeb"
ending_reasons = ["fraflytning", "doed"]
[settings]
exempt_populations = ["gruppe2", "maalgruppe"]
[[indicator]]
key = "rehab_kontant"
navn = "a"
denominator = { population = "gruppe2" }
numerator = { all = ["markering:rehabilitering", "ydelse:kontanthjaelp"], none = ["fritaget"] }
[[indicator]]
key = "ikke_gruppe1"
navn = "b"
denominator = { population = "maalgruppe", none = ["gruppe1"] }
numerator = { any = ["ydelse_ved_indgang:integrationsydelse", "aktivitet:andet"] }
[[indicator]]
key = "kontant_sidste_dag"
navn = "c"
breakdowns = ["total", "alder", "fritaget"]
denominator = { population = "gruppe1", all = ["ydelse_sidste_dag:kontanthjaelp"] }
numerator = { any = ["markering_siden_start:jobformidler", "markering_siden_start:step_up"] }
[[indicator]]
key = "fritaget_andel"
navn = "d"
denominator = { population = "maalgruppe" }
numerator = { all = ["fritaget", "gruppe2"] }
[[indicator]]
key = "status_kontant"
navn = "e"
kind = "status_efter_forloeb"
course = "kontanthjaelp"
offset_months = 2
breakdowns = ["total"]
states = [
    { state = "job", when = ["aktivitet:loennede_timer", "ydelse:loenmodtagerbeskaeftigelse"] },
    { state = "ressourceforloeb", when = ["ydelse:ressourceforloeb"] },
    { state = "andet", when = [] },
]
"""
GENERIC_YDELSE = """
key = "ressourceforloeb"
navn = "generisk, ydelse"
version = "test"
[maalgruppe]
source = "ydelse"
ydelse = "ressourceforloeb"
[[indicator]]
key = "gruppe1_step_up"
navn = "a"
denominator = { population = "gruppe1" }
numerator = { any = ["markering_siden_start:step_up"] }
[[indicator]]
key = "gruppe2_uden_loen"
navn = "b"
denominator = { population = "gruppe2" }
numerator = { none = ["aktivitet:loennede_timer", "ydelse_ved_indgang:kontanthjaelp"] }
[[indicator]]
key = "forloeb_sidste_dag"
navn = "c"
denominator = { population = "maalgruppe", any = ["gruppe2", "fritaget"] }
numerator = { all = ["ydelse_sidste_dag:ressourceforloeb"] }
"""


def initiative_named(name: str) -> Initiative:
    if name == "generic_forloeb":
        return parse_initiative(GENERIC_FORLOEB, source="generic_forloeb")
    if name == "generic_ydelse":
        return parse_initiative(GENERIC_YDELSE, source="generic_ydelse")
    return load_initiative(name)


INITIATIVES = [*INITIATIVE_KEYS, "generic_forloeb", "generic_ydelse"]

COMPARE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_same_figures(engine: pl.DataFrame, reference: pl.DataFrame) -> None:
    """Frame-equal after sorting by every column: same rows, same types, same numbers."""
    key = list(OUTPUT_COLUMNS)
    assert_frame_equal(
        engine.sort(key, nulls_last=False), reference.sort(key, nulls_last=False), check_exact=True
    )


@pytest.mark.parametrize("key", INITIATIVES)
@COMPARE
@given(delivery=deliveries(), window=windows())
def test_mask_engine_equals_reference(
    key: str, delivery: Delivery, window: tuple[date, date]
) -> None:
    from fremdrift.engine.compute import compute_indicators

    initiative = initiative_named(key)
    assert_same_figures(
        compute_indicators(delivery, initiative, *window),
        reference_indicators(delivery, initiative, *window),
    )


@pytest.mark.parametrize("key", INITIATIVES)
@COMPARE
@given(delivery=deliveries(), window=windows())
def test_sql_equals_reference(key: str, delivery: Delivery, window: tuple[date, date]) -> None:
    from fremdrift.engine.sql import compute_indicators_sql

    initiative = initiative_named(key)
    assert_same_figures(
        compute_indicators_sql(delivery, initiative, *window),
        reference_indicators(delivery, initiative, *window),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(delivery=deliveries())
def test_generated_deliveries_pass_the_validator(delivery: Delivery) -> None:
    """The comparisons mean something only on deliveries the system accepts."""
    with tempfile.TemporaryDirectory(prefix="fremdrift-test-") as tmp:
        folder = Path(tmp) / "levering"
        write_delivery(delivery, folder)
        report = validate_delivery(folder)
    assert report.errors == 0, [str(p) for p in report if p.severity == "error"]
