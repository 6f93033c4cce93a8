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
    frame = frame.select(pl.col(c).cast(t) for c, t in OUTPUT_SCHEMA.items()).filter(
        pl.col("denominator") > 0
    )
    # Sorting hundreds of thousands of rows by six string columns is slow; the keys have few
    # distinct values, so sort by one integer made of each key's rank among its values.
    key = pl.lit(0, dtype=pl.Int64)
    for column in SORT_KEYS:
        values = frame[column].unique().sort(nulls_last=False)
        rank = dict(zip(values.drop_nulls().to_list(), range(1, values.len() + 1), strict=False))
        if values.null_count() == 0:
            rank = {v: i - 1 for v, i in rank.items()}
        code = pl.col(column).replace_strict(rank, default=0, return_dtype=pl.Int64)
        key = key * (values.len() + 1) + code
    return frame.sort(key)
