"""person_id: a CPR number (checked like python-stdnum's `stdnum.dk.cpr`) or a pseudonym.

The check is vectorised so that millions of ids are checked in well under a second; it agrees
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


def birth_date(value: pl.Expr) -> pl.Expr:
    """The birth date of a CPR-shaped text (null when the date part is no real day)."""
    digits = value.str.replace("-", "", literal=True)
    yy = digits.str.slice(4, 2).cast(pl.Int32, strict=False)
    seventh = digits.str.slice(6, 1)
    century = (
        pl.when(seventh.is_in(["5", "6", "7", "8"]) & (yy >= 58))
        .then(1800)
        .when(seventh.is_in(["0", "1", "2", "3"]) | (seventh.is_in(["4", "9"]) & (yy >= 37)))
        .then(1900)
        .otherwise(2000)
    )
    iso = pl.concat_str(
        (century + yy).cast(pl.String).str.zfill(4),
        pl.lit("-"),
        digits.str.slice(2, 2),
        pl.lit("-"),
        digits.str.slice(0, 2),
    )
    return iso.str.to_date("%Y-%m-%d", strict=False)


def is_cpr_shaped(value: pl.Expr) -> pl.Expr:
    return value.str.contains(CPR_SHAPE)


def is_valid_cpr(value: pl.Expr, today: date | None = None) -> pl.Expr:
    """True for a valid CPR number; false for anything else (also for non-CPR-shaped text)."""
    born = birth_date(value)
    limit = today or date.today()  # noqa: DTZ011 - a birth date is a local calendar day
    return (is_cpr_shaped(value) & born.is_not_null() & (born <= limit)).fill_null(False)


def is_pseudonym(value: pl.Expr) -> pl.Expr:
    return value.str.contains(PSEUDONYM)
