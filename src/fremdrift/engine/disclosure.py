"""Disclosure control (diskretionering) for figures that leave the municipality.

Primary suppression hides every row whose numerator or denominator is 1-4. Secondary suppression
then hides more rows until no published sum reveals a hidden row by subtraction: whenever exactly
one row of an additive relation is hidden, the smallest visible row of that relation is hidden
too, and this repeats until nothing changes. The additive relations are:

- the categories of a breakdown add up to the total row (`i_alt`) of the same cell;
- the five herkomst categories add up to their three-valued fold (`herkomst3`);
- the municipalities add up to the national row;
- the states of `status_efter_forloeb` add up to the courses that ended (shown in every row).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from fremdrift.delivery.schema import HERKOMST_TO_3

SMALLEST_SHOWN: Final = 5
MARK: Final = "<5"

_CELL = ("initiative", "indicator", "month", "level", "kommunekode")


def primary(frame: pl.DataFrame) -> pl.Series:
    small = (pl.col("numerator").is_between(1, SMALLEST_SHOWN - 1)) | (
        pl.col("denominator").is_between(1, SMALLEST_SHOWN - 1)
    )
    return frame.select(small.alias("suppressed")).to_series()


def relations(frame: pl.DataFrame) -> pl.DataFrame:
    """Membership of rows (`row`) in additive relations (`relation`)."""
    rows = frame.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    totals = rows.filter(pl.col("breakdown") == "total", pl.col("category") == "i_alt").select(
        *_CELL, pl.col("row").alias("total_row")
    )
    parts = rows.filter(pl.col("breakdown") != "total")
    # Breakdown categories with their total; status states have no total row but still add up.
    by_breakdown = parts.join(totals, on=list(_CELL), how="left", nulls_equal=True)
    rel_a = pl.concat(
        [
            by_breakdown.select(pl.col("row"), pl.lit("B").alias("family"), *_CELL, "breakdown"),
            by_breakdown.filter(pl.col("total_row").is_not_null())
            .select(
                pl.col("total_row").alias("row"), pl.lit("B").alias("family"), *_CELL, "breakdown"
            )
            .unique(),
        ]
    )
    status = rows.filter(pl.col("breakdown") == "total", pl.col("category") != "i_alt").select(
        "row", pl.lit("S").alias("family"), *_CELL, pl.lit("status").alias("breakdown")
    )
    fold = pl.col("category").replace_strict(HERKOMST_TO_3, default=None)
    herkomst = pl.concat(
        [
            rows.filter(pl.col("breakdown") == "herkomst").select(
                "row", *_CELL, fold.alias("fold")
            ),
            rows.filter(pl.col("breakdown") == "herkomst3").select(
                "row", *_CELL, pl.col("category").alias("fold")
            ),
        ]
    ).select("row", pl.lit("H").alias("family"), *_CELL, pl.col("fold").alias("breakdown"))
    national = rows.select(
        "row",
        pl.lit("N").alias("family"),
        "initiative",
        "indicator",
        "month",
        pl.lit("").alias("level"),
        pl.lit("").alias("kommunekode"),
        pl.concat_str(["breakdown", "category"], separator="|").alias("breakdown"),
    )
    every = pl.concat(
        [
            rel_a.with_columns(pl.col("kommunekode").fill_null("")),
            status.with_columns(pl.col("kommunekode").fill_null("")),
            herkomst.with_columns(pl.col("kommunekode").fill_null("")),
            national,
        ],
        how="vertical_relaxed",
    )
    return every.select(
        "row",
        pl.concat_str(["family", *_CELL, "breakdown"], separator="|").alias("relation"),
    ).unique()


def suppress(frame: pl.DataFrame) -> pl.DataFrame:
    """Add a boolean `suppressed` column: primary and secondary suppression."""
    hidden = primary(frame).to_numpy().copy()
    if not hidden.any():
        return frame.with_columns(suppressed=pl.Series(hidden))
    members = relations(frame).join(
        frame.with_row_index("row").select(
            pl.col("row").cast(pl.Int64), "numerator", "denominator"
        ),
        on="row",
    )
    while True:
        state = members.with_columns(hidden=pl.Series(hidden)[members["row"]])
        lonely = (
            state.group_by("relation")
            .agg(pl.col("hidden").sum().alias("n"))
            .filter(pl.col("n") == 1)
        )
        if lonely.height == 0:
            break
        picks = (
            state.join(lonely, on="relation")
            .filter(~pl.col("hidden"))
            .sort("denominator", "numerator", "row")
            .group_by("relation", maintain_order=True)
            .first()["row"]
            .to_numpy()
        )
        if picks.size == 0 or hidden[picks].all():
            break
        hidden[picks] = True
    return frame.with_columns(suppressed=pl.Series(hidden))


def masked(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as published: suppressed numerators and denominators print as `<5`."""
    controlled = suppress(frame)
    text = {
        c: pl.when(pl.col("suppressed"))
        .then(pl.lit(MARK))
        .otherwise(pl.col(c).cast(pl.String))
        .alias(c)
        for c in ("numerator", "denominator")
    }
    return controlled.with_columns(*text.values()).drop("suppressed")
