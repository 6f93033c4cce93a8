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

import numpy as np
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
    """Membership of rows (`row`) in additive relations (`relation`, an integer id).

    Every key is an integer code, not text: the national frame has millions of memberships.
    """
    codes = _category_codes(frame)
    text = ("breakdown", *_CELL)
    coded = frame.with_row_index("row").select(
        pl.col("row").cast(pl.Int64),
        *(_column_code(c).alias(f"{c}_code") for c in text),
        pl.col("category").replace_strict(codes, return_dtype=pl.Int64).alias("cat"),
        pl.col("breakdown").alias("breakdown_name"),
        pl.col("category").alias("category_name"),
    )
    rows = coded.select(
        "row",
        _combined_code(*(f"{c}_code" for c in _CELL)).alias("cell"),
        _combined_code("initiative_code", "indicator_code", "month_code").alias("nat"),
        pl.col("breakdown_code").alias("bd"),
        "cat",
        "breakdown_name",
        "category_name",
    )
    is_total = pl.col("breakdown_name") == "total"
    totals = rows.filter(is_total, pl.col("category_name") == "i_alt").select(
        "cell", pl.col("row").alias("total_row")
    )
    parts = rows.filter(~is_total)
    # Breakdown categories with their total; status states have no total row but still add up.
    by_breakdown = parts.join(totals, on="cell", how="left")
    family = {"B": 0, "S": 1, "H": 2, "N": 3}

    def member(row: pl.Expr, fam: str, a: pl.Expr, b: pl.Expr, c: pl.Expr) -> list[pl.Expr]:
        return [
            row.alias("row"),
            pl.lit(family[fam], dtype=pl.Int64).alias("family"),
            a.alias("a"),
            b.alias("b"),
            c.alias("c"),
        ]

    zero = pl.lit(0, dtype=pl.Int64)
    fold = pl.col("category_name").replace_strict(
        {k: codes[v] for k, v in HERKOMST_TO_3.items()}, default=None, return_dtype=pl.Int64
    )
    every = pl.concat(
        [
            by_breakdown.select(member(pl.col("row"), "B", pl.col("cell"), pl.col("bd"), zero)),
            by_breakdown.filter(pl.col("total_row").is_not_null())
            .select(member(pl.col("total_row"), "B", pl.col("cell"), pl.col("bd"), zero))
            .unique(),
            rows.filter(is_total, pl.col("category_name") != "i_alt").select(
                member(pl.col("row"), "S", pl.col("cell"), zero, zero)
            ),
            rows.filter(pl.col("breakdown_name") == "herkomst").select(
                member(pl.col("row"), "H", pl.col("cell"), fold, zero)
            ),
            rows.filter(pl.col("breakdown_name") == "herkomst3").select(
                member(pl.col("row"), "H", pl.col("cell"), pl.col("cat"), zero)
            ),
            rows.select(member(pl.col("row"), "N", pl.col("nat"), pl.col("bd"), pl.col("cat"))),
        ]
    ).drop_nulls()
    key = _combined_code("family", "a", "b", "c")
    relation = np.unique(every.select(key).to_series().to_numpy(), return_inverse=True)[1]
    return every.select("row").with_columns(relation=pl.Series(relation, dtype=pl.Int64))


def _column_code(column: str) -> pl.Expr:
    """A dense integer code for the values of one column (nulls included); through the
    categorical codes, since ranking the text itself is ten times slower."""
    physical = pl.col(column).cast(pl.String).cast(pl.Categorical).to_physical()
    return physical.rank("dense").fill_null(0).cast(pl.Int64)


def _combined_code(*columns: str) -> pl.Expr:
    """One integer per distinct combination of integer columns, combined positionally (the
    figures have few distinct values per column, so it fits in 64 bits)."""
    code = pl.lit(0, dtype=pl.Int64)
    for column in columns:
        code = code * (pl.col(column).max() + 1) + pl.col(column)
    return code


def _category_codes(frame: pl.DataFrame) -> dict[str, int]:
    """One integer per category, the herkomst3 folds included, so folds compare as codes."""
    names = {*frame["category"].unique().to_list(), *HERKOMST_TO_3.values()}
    return {name: code for code, name in enumerate(sorted(names))}


def suppress(frame: pl.DataFrame) -> pl.DataFrame:
    """Add a boolean `suppressed` column: primary and secondary suppression."""
    hidden = primary(frame).to_numpy().copy()
    if not hidden.any():
        return frame.with_columns(suppressed=pl.Series(hidden))
    members = relations(frame)
    row = members["row"].to_numpy()
    relation = members["relation"].to_numpy()
    numerator = frame["numerator"].to_numpy()[row]
    denominator = frame["denominator"].to_numpy()[row]
    # Within each relation the candidates come smallest first (denominator, numerator, row), so
    # the first visible member of a relation is the one to hide.
    order = np.lexsort((row, numerator, denominator, relation))
    row, relation = row[order], relation[order]
    size = int(relation.max()) + 1
    while True:
        hidden_in = np.bincount(relation, weights=hidden[row], minlength=size)
        candidate = (hidden_in[relation] == 1) & ~hidden[row]
        if not candidate.any():
            break
        _, first = np.unique(relation[candidate], return_index=True)
        hidden[row[candidate][first]] = True
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
