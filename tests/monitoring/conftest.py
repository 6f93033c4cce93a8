"""A frozen release of constructed figures, so that what the follow-up pages show is known.

fsm2, reporting month 2020-08, figures from 2020-01 (kommune level, total):

| kommune            | jobformidler (krav 90 %)       | loentimer_eller_uddannelse (krav 15 %) |
|--------------------|--------------------------------|----------------------------------------|
| 147 Frederiksberg  | 95 of 100 every month          | 10 of 100 every month: flat            |
| 791 Viborg         | 80 of 100 every month: below   | 5, 6, ... 12 of 100: rising 1 a month  |
| 766 Hedensted      | 8 of 9: fewer than 10 citizens | 3 of 9: hidden (a count under 5)       |

So Frederiksberg is flagged for 8 months below 15 % and by its forecast (15 % never reached
before 2021-12), Viborg for 8 months below on both indicators (but its line reaches 15 % in
2020-11), Hedensted not at all (fewer than 10 citizens, and a hidden month).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.output import OUTPUT_SCHEMA

MONTHS = [f"2020-{m:02d}" for m in range(1, 9)]
FIGURES: dict[str, dict[str, list[tuple[int, int]]]] = {
    "147": {"jobformidler": [(95, 100)] * 8, "loentimer_eller_uddannelse": [(10, 100)] * 8},
    "791": {
        "jobformidler": [(80, 100)] * 8,
        "loentimer_eller_uddannelse": [(5 + i, 100) for i in range(8)],
    },
    "766": {"jobformidler": [(8, 9)] * 8, "loentimer_eller_uddannelse": [(3, 9)] * 8},
}


def figures_frame(initiative: str = "fsm2") -> pl.DataFrame:
    rows = [
        {
            "initiative": initiative,
            "month": month,
            "level": "kommune",
            "kommunekode": kode,
            "breakdown": "total",
            "category": "i_alt",
            "indicator": indicator,
            "numerator": num,
            "denominator": den,
        }
        for kode, indicators in FIGURES.items()
        for indicator, values in indicators.items()
        for month, (num, den) in zip(MONTHS, values, strict=True)
    ]
    frame = pl.DataFrame(rows, schema=OUTPUT_SCHEMA)
    # Primary suppression is enough here: no total or other breakdown to protect.
    hidden = pl.col("numerator").is_between(1, 4) | pl.col("denominator").is_between(1, 4)
    return frame.with_columns(suppressed=hidden)


@pytest.fixture
def make_release(settings: Any, tmp_path: Path, db: None) -> Callable[..., Any]:
    """Freeze `figures` as a release of `initiative` for `month` (a new revision each call)."""
    from fremdrift.releases.compute import text_sha256, write_figures
    from fremdrift.releases.models import Release

    settings.VAR_DIR = tmp_path

    def make(
        figures: pl.DataFrame | None = None,
        *,
        initiative: str = "fsm2",
        month: str = "2020-08",
        missing: tuple[str, ...] = (),
    ) -> Release:
        figures = figures_frame(initiative) if figures is None else figures
        revision = Release.objects.filter(initiative=initiative, month=month).count() + 1
        relative = f"{initiative}/{month}/r{revision}.parquet"
        sha = write_figures(figures, tmp_path / "releases" / relative)
        definition = load_initiative(initiative)
        return Release.objects.create(
            initiative=initiative,
            month=month,
            first_month=figures["month"].min() if figures.height else month,
            revision=revision,
            definitions_version=definition.version,
            definitions_sha256=text_sha256(definition.source_text),
            definitions_text=definition.source_text,
            figures_path=relative,
            figures_sha256=sha,
            rows=figures.height,
            missing=list(missing),
        )

    return make
