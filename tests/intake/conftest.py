"""Small deliveries for STAR's intake and releases, and a VAR_DIR of the test's own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fremdrift.delivery.io import write_delivery
from fremdrift.delivery.schema import Delivery
from fremdrift.synth.generate import generate

MONTH = "2025-06"
FIRST = date(2024, 7, 1)
LAST = date(2025, 6, 1)


def small(
    kommuner: list[str], *, seed: int = 11, persons: int = 240, cpr: bool = False
) -> Delivery:
    return generate(kommuner=kommuner, seed=seed, persons=persons, first=FIRST, last=LAST, cpr=cpr)


def write(delivery: Delivery, path: Path, **kwargs: object) -> Path:
    write_delivery(delivery, path, **kwargs)  # type: ignore[arg-type]
    return path


def corrected(delivery: Delivery, kommune: str, drop: int = 12) -> Delivery:
    """The delivery with `drop` of the municipality's program periods taken out (a correction)."""
    people = delivery["borgere"].filter(pl.col("kommunekode") == kommune)["person_id"]
    forloeb = delivery["forloeb"].with_row_index("i")
    gone = forloeb.filter(pl.col("person_id").is_in(people.implode()))["i"].head(drop)
    tables = dict(delivery.tables)
    tables["forloeb"] = forloeb.filter(~pl.col("i").is_in(gone.implode())).drop("i")
    return Delivery(tables)


@pytest.fixture(autouse=True)
def var_dir(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    return tmp_path / "var"


@pytest.fixture(scope="session")
def two_kommuner() -> Delivery:
    return small(["147", "791"])
