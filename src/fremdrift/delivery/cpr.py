"""person_id: a CPR number (checked like python-stdnum's `stdnum.dk.cpr`) or a pseudonym.

The check is vectorised so that millions of ids are checked in a fraction of a second; it agrees
with `stdnum.dk.cpr.is_valid` (a property test holds them together): ten digits, with or without a
dash after the sixth, whose date part is a real day not in the future, the century taken from the
seventh digit. The modulus-11 checksum is not demanded: Denmark dropped it in 2007.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

CPR_SHAPE: Final = r"^\d{6}-?\d{4}$"
# A dash after six digits but not four digits after it: a CPR number of the wrong length.
CPR_WRONG_LENGTH: Final = r"^\d{6}-(\d{1,3}|\d{5,})$"
# Nine digits: a CPR number that lost its leading zero (Excel stores it as a number).
CPR_LOST_ZERO: Final = r"^\d{9}$"
PSEUDONYM: Final = r"^[A-Za-z0-9_-]{1,64}$"


def is_cpr_shaped(value: pl.Expr) -> pl.Expr:
    return value.str.contains(CPR_SHAPE)


def is_pseudonym(value: pl.Expr) -> pl.Expr:
    return value.str.contains(PSEUDONYM)


def valid_cpr(values: pl.Series, today: date | None = None) -> pl.Series:
    """For each text: is it a valid CPR number? False for anything else, null included.

    Computed step by step in integers (day, month, two-digit year, century digit), which is
    several times faster than one nested expression or than parsing dates.
    """
    limit = today or date.today()  # noqa: DTZ011 - a birth date is a local calendar day
    frame = pl.DataFrame({"v": values}).select(
        shaped=is_cpr_shaped(pl.col("v")),
        n=pl.col("v").str.replace("-", "", literal=True).cast(pl.Int64, strict=False),
    )
    n = pl.col("n")
    frame = frame.with_columns(
        day=n // 10**8, month=n // 10**6 % 100, yy=n // 10**4 % 100, seventh=n // 1000 % 10
    )
    seventh, yy = pl.col("seventh"), pl.col("yy")
    frame = frame.with_columns(
        year=pl.when(seventh.is_between(5, 8) & (yy >= 58))
        .then(1800)
        .when((seventh <= 3) | (seventh.is_in([4, 9]) & (yy >= 37)))
        .then(1900)
        .otherwise(2000)
        + yy
    )
    year, month, day = pl.col("year"), pl.col("month"), pl.col("day")
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    born = year * 10000 + month * 100 + day
    return frame.select(
        (
            pl.col("shaped")
            & month.is_between(1, 12)
            & day.is_between(1, days)
            & (born <= limit.year * 10000 + limit.month * 100 + limit.day)
        )
        .fill_null(False)
        .alias(values.name)
    ).to_series()
