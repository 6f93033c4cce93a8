"""The long-form result every engine returns and every surface reads."""

from __future__ import annotations

from typing import Final

import polars as pl

OUTPUT_SCHEMA: Final[dict[str, pl.DataType]] = {
    "initiative": pl.String(),
    "month": pl.String(),  # YYYY-MM
    "level": pl.String(),  # kommune | national
    "kommunekode": pl.String(),  # null on the national level
    "breakdown": pl.String(),
    "category": pl.String(),
    "indicator": pl.String(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
}
OUTPUT_COLUMNS: Final = tuple(OUTPUT_SCHEMA)
SORT_KEYS: Final = ("month", "level", "kommunekode", "indicator", "breakdown", "category")


def finish(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast to the output schema, drop rows with a zero denominator, sort canonically."""
    return (
        frame.select(pl.col(c).cast(t) for c, t in OUTPUT_SCHEMA.items())
        .filter(pl.col("denominator") > 0)
        .sort(SORT_KEYS, nulls_last=False)
    )
