"""Cells of jobindsats.dk data: numbers, and the markers it publishes instead of a number."""

from __future__ import annotations

from typing import Final

# `-` nothing to count, `.` too few to show (discretion), `..` not available; empty likewise.
NULL_MARKERS: Final = frozenset({"", "-", ".", ".."})


def cell_value(cell: object) -> float | None:
    """A data cell as a number, or None where jobindsats.dk publishes a marker: never 0."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip()
    if text in NULL_MARKERS:
        return None
    if "," in text:  # Danish notation: 1.234,5
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"ukendt talværdi {cell!r} fra jobindsats.dk") from None
