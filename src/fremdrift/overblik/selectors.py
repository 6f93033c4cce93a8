"""Reads of the Overblik: a municipality's indicator figures, from its own database."""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.months import last_day, month_from_index, month_index
from fremdrift.leveringer.selectors import database_delivery

# The trend shown and handed to the steering group: the current month and the 23 before it.
MONTHS_SHOWN: Final = 24


def figure_period(today: date) -> tuple[date, date]:
    """First and last day of the months shown as of `today`."""
    current = month_index(today)
    return month_from_index(current - MONTHS_SHOWN + 1), last_day(month_from_index(current))


def kommune_figures(kommunekode: str, *, initiative: str = "fsm2", today: date) -> pl.DataFrame:
    """The engine's long-form figures (engine/output.py columns) of one municipality for the
    last MONTHS_SHOWN months up to `today`'s month, computed from its database; kommune level
    only (the national level of one municipality's data is the same numbers)."""
    first, last = figure_period(today)
    figures = compute_indicators(
        database_delivery([kommunekode]), load_initiative(initiative), first, last
    )
    return figures.filter(pl.col("level") == "kommune")
