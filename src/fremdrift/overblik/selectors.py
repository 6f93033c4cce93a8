"""Reads of the Overblik: a municipality's indicator figures, from its own database."""

from __future__ import annotations

from datetime import date

import polars as pl

from fremdrift.overblik import daily
from fremdrift.overblik.daily import MONTHS_SHOWN, figure_period

__all__ = ["MONTHS_SHOWN", "figure_period", "kommune_figures"]


def kommune_figures(kommunekode: str, *, initiative: str = "fsm2", today: date) -> pl.DataFrame:
    """The engine's long-form figures (engine/output.py columns) of one municipality for the
    last daily.MONTHS_SHOWN months up to `today`'s month, computed from its database; kommune
    level only (the national level of one municipality's data is the same numbers). Read from
    the day's stored figures unless the data changed since they were computed."""
    return daily.current(kommunekode, initiative=initiative, today=today).figures
