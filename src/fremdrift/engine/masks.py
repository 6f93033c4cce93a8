"""Month masks: one unsigned 64-bit integer per person and fact, bit i set when the fact holds
in month i of the window. Combining facts is then a bitwise operation per person, and a month's
count is a bit count (see `counting`), which is what makes the engine fast.

A window holds at most WINDOW_MAX months; `compute` splits longer spans into windows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl

# 48 months: at most one jobindsats age band boundary (the shortest band, 16-19, is four years)
# can be crossed inside a window, which `counting` relies on.
WINDOW_MAX: Final = 48
OPEN_END: Final = 1 << 30  # a month index later than any window

Masks = npt.NDArray[np.uint64]
# Month indexes and person rows: 32 bits are plenty and halve the memory of millions of rows.
Ints = npt.NDArray[np.signedinteger[Any]]


@dataclass(frozen=True)
class Window:
    """Months w0 .. w0 + size - 1, as month indexes (year * 12 + month - 1)."""

    w0: int
    size: int

    def __post_init__(self) -> None:
        if not 0 < self.size <= WINDOW_MAX:
            raise ValueError(f"a window holds 1..{WINDOW_MAX} months, not {self.size}")

    def span(self, first: Ints, last: Ints) -> Masks:
        """Masks of the months first..last (absolute month indexes, inclusive), clipped."""
        a = np.maximum(first - self.w0, 0)
        b = np.minimum(last - self.w0, self.size - 1)
        valid = a <= b
        width = np.where(valid, b - a + 1, 0).astype(np.uint64)
        ones = (np.uint64(1) << width) - np.uint64(1)
        return np.where(valid, ones << np.clip(a, 0, 63).astype(np.uint64), np.uint64(0))

    def from_month(self, first: Ints) -> Masks:
        """Masks of every month of the window from `first` on (absolute month indexes)."""
        return self.span(first, np.full_like(first, OPEN_END))

    def bit(self, month: Ints) -> Masks:
        return self.span(month, month)


@dataclass(frozen=True)
class Periods:
    """A period table reduced to arrays: person index, kind and month indexes of start and end."""

    codes: tuple[str, ...]  # the kinds asked for; `kind` indexes into them, -1 for any other
    pid: Ints
    kind: Ints
    start_month: Ints
    end_month: Ints  # OPEN_END when open
    # Last month whose last day the period covers (end_month - 1 when it ends before month end).
    end_month_full: Ints
    extra: dict[str, pl.Series]  # further columns, aligned with the arrays
    n_persons: int

    def touch(self, window: Window, codes: Iterable[str]) -> dict[str, Masks]:
        """Per kind, each person's months touched by a period of that kind."""
        return self._by_kind(window, codes, self.end_month)

    def cover_last_day(self, window: Window, codes: Iterable[str]) -> dict[str, Masks]:
        """Per kind, each person's months whose last day a period of that kind covers."""
        return self._by_kind(window, codes, self.end_month_full)

    def _by_kind(self, window: Window, codes: Iterable[str], end: Ints) -> dict[str, Masks]:
        wanted = sorted(codes)
        if not wanted:
            return {}
        index = np.full(len(self.codes) + 1, -1, dtype=np.int64)  # kind -1 lands on the last
        for i, code in enumerate(wanted):
            index[self.codes.index(code)] = i
        slot = index[self.kind]
        keep = slot >= 0
        masks = window.span(self.start_month[keep], end[keep])
        out = np.zeros(self.n_persons * len(wanted), dtype=np.uint64)
        np.bitwise_or.at(out, self.pid[keep] * len(wanted) + slot[keep], masks)
        table = out.reshape(self.n_persons, len(wanted))
        return {code: np.ascontiguousarray(table[:, i]) for i, code in enumerate(wanted)}


class PersonKeys:
    """Maps person_id to the row of the person in `borgere` (pid), by a 64-bit hash of the id.

    Joining on the hash instead of the string is several times faster on millions of rows; the
    hashes of `borgere` are checked to be distinct, else the ids themselves are joined.
    """

    def __init__(self, person_ids: pl.Series):
        """`person_ids` must be distinct (see `distinct_persons`)."""
        self.n = person_ids.len()
        hashed = person_ids.hash()
        self.by_hash = hashed.n_unique() == self.n
        key = hashed if self.by_hash else person_ids
        self._index = pl.DataFrame({"key": key}).with_row_index("pid")

    def pid(self, person_ids: pl.Series) -> Ints:
        key = person_ids.hash() if self.by_hash else person_ids
        joined = pl.DataFrame({"key": key}).join(
            self._index, on="key", how="left", maintain_order="left"
        )
        return joined["pid"].fill_null(-1).cast(pl.Int32).to_numpy()


def distinct_persons(borgere: pl.DataFrame) -> pl.DataFrame:
    """`borgere` with one row per person_id (the first); the validator reports duplicates."""
    if borgere["person_id"].hash().n_unique() == borgere.height:
        return borgere
    return borgere.unique("person_id", keep="first", maintain_order=True)


def month_index(col: str) -> pl.Expr:
    return _month_of(pl.col(col))


def _month_of(day: pl.Expr) -> pl.Expr:
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def periods(
    frame: pl.DataFrame,
    kind_col: str,
    codes: tuple[str, ...],
    keys: PersonKeys,
    *,
    end: str = "slut",
    extra: tuple[str, ...] = (),
    pid: Ints | None = None,
) -> Periods:
    """Reduce a period table to arrays, dropping rows of persons not in `borgere`.

    `end` names the column holding the (effective) end date; empty means open. `pid` may be
    given when the caller has already mapped the rows to persons.
    """
    if pid is None:
        pid = keys.pid(frame["person_id"])
    known = pid >= 0
    frame = frame.filter(pl.Series(known))
    lookup = {c: i for i, c in enumerate(codes)}
    cols = frame.select(
        pl.col(kind_col)
        .cast(pl.String)
        .replace_strict(lookup, default=-1, return_dtype=pl.Int32)
        .alias("kind"),
        month_index("start").cast(pl.Int32).alias("sm"),
        month_index(end).fill_null(OPEN_END).cast(pl.Int32).alias("em"),
        # The last month whose last day the period covers is the month before the day after it.
        (_month_of(pl.col(end) + pl.duration(days=1)) - 1)
        .fill_null(OPEN_END)
        .cast(pl.Int32)
        .alias("em_full"),
    )
    return Periods(
        codes=codes,
        pid=pid[known],
        kind=cols["kind"].to_numpy(),
        start_month=cols["sm"].to_numpy(),
        end_month=cols["em"].to_numpy(),
        end_month_full=cols["em_full"].to_numpy(),
        extra={c: frame[c] for c in extra},
        n_persons=keys.n,
    )


def or_by_person(pid: Ints, masks: Masks, n_persons: int) -> Masks:
    """Bitwise OR of the masks of each person: one mask per person, 0 for persons without rows."""
    out = np.zeros(n_persons, dtype=np.uint64)
    np.bitwise_or.at(out, pid, masks)
    return out
