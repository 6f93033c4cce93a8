"""count_bits against counting bit by bit, on random masks and cells."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from fremdrift.engine import counting
from fremdrift.engine.masks import Window


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(1, 48),
    rows=st.lists(
        st.tuples(
            st.sampled_from(["147", "766", "791"]),
            st.sampled_from(["M", "K"]),
            st.integers(0, 2**48 - 1),
        ),
        min_size=1,
        max_size=60,
    ),
)
def test_count_bits_equals_counting_each_bit(size: int, rows: list[tuple[str, str, int]]) -> None:
    window = Window(24_000, size)
    persons = pl.DataFrame(
        {
            "kommunekode": [r[0] for r in rows],
            "herkomst": ["dansk"] * len(rows),
            "koen": [r[1] for r in rows],
        }
    )
    masks = np.array([r[2] & ((1 << size) - 1) for r in rows], dtype=np.uint64)
    cells = counting.static_cells(persons)
    counts = counting.count_bits(cells, masks, window)
    for c in range(cells.n):
        members = masks[cells.cell == c]
        for m in range(size):
            assert counts[c, m] == sum(1 for x in members if (int(x) >> m) & 1)


def test_age_band_edges() -> None:
    ages = np.array([0, 15, 16, 19, 20, 24, 25, 64, 65, 99])
    bands = [counting.AGE_BANDS[b] for b in counting.age_band(ages)]
    assert bands == [
        "under_16",
        "under_16",
        "16-19",
        "16-19",
        "20-24",
        "20-24",
        "25-29",
        "60-64",
        "65+",
        "65+",
    ]
