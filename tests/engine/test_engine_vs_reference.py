"""Both engines against the day-by-day reference, on random deliveries built to hit the edges."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from polars.testing import assert_frame_equal

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import INITIATIVE_KEYS, load_initiative
from fremdrift.engine.sql import compute_indicators_sql
from tests.reference import reference_indicators
from tests.strategies import deliveries, windows

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(engine_result: pl.DataFrame, expected: pl.DataFrame) -> None:
    assert_frame_equal(engine_result, expected, check_row_order=True)


@pytest.mark.parametrize("key", INITIATIVE_KEYS)
@SETTINGS
@given(delivery=deliveries(), window=windows())
def test_mask_engine_equals_reference(
    key: str, delivery: Delivery, window: tuple[date, date]
) -> None:
    initiative = load_initiative(key)
    check(
        compute_indicators(delivery, initiative, *window),
        reference_indicators(delivery, initiative, *window),
    )


@pytest.mark.parametrize("key", INITIATIVE_KEYS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(delivery=deliveries(), window=windows())
def test_sql_equals_reference(key: str, delivery: Delivery, window: tuple[date, date]) -> None:
    initiative = load_initiative(key)
    check(
        compute_indicators_sql(delivery, initiative, *window),
        reference_indicators(delivery, initiative, *window),
    )
