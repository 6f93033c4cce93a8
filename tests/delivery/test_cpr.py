"""The vectorised CPR check agrees with python-stdnum, the checksum aside."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.dk import cpr

from fremdrift.delivery.cpr import valid_cpr

TODAY = date.today()  # stdnum compares with today too

digits = st.text(alphabet="0123456789", min_size=10, max_size=10)
# Mostly real-looking numbers: a day 00-32, a month 00-13, any year and sequence number.
plausible = st.builds(
    lambda d, m, y, s: f"{d:02d}{m:02d}{y:02d}{s:04d}",
    st.integers(0, 32),
    st.integers(0, 13),
    st.integers(0, 99),
    st.integers(0, 9999),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(digits, plausible), min_size=1, max_size=200), st.booleans())
def test_agrees_with_stdnum(numbers: list[str], dash: bool) -> None:
    texts = [f"{n[:6]}-{n[6:]}" if dash else n for n in numbers]
    ours = valid_cpr(pl.Series(texts, dtype=pl.String), TODAY).to_list()
    assert ours == [cpr.is_valid(t) for t in texts]


def test_known_cases() -> None:
    texts = [
        "0101801234",  # 1980-01-01, fails the old checksum: valid
        "010180-1234",
        "2902004321",  # 2000-02-29: a leap day
        "2902014321",  # 2001-02-29 (seventh digit 4, year 01): no such day
        "3213801234",  # day 32, month 13
        "0101354234",  # 2035: not born yet
        "010180123",  # nine digits: not CPR-shaped
        "p1",
        None,
    ]
    assert valid_cpr(pl.Series(texts, dtype=pl.String), date(2026, 1, 1)).to_list() == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
        False,
    ]
