"""A small release for the report tests: three municipalities, a few hundred citizens.

`frame` is what a release holds (the engine's long form and `suppressed`), computed directly;
`released` goes the whole way (intake, release) for the CLI and web tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from fremdrift.delivery.io import write_delivery
from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import load_initiative
from fremdrift.releases.compute import release_frame
from fremdrift.reports.content import Figures, ReleaseInfo, ReleaseInput
from fremdrift.synth.generate import generate

MONTH = "2025-06"
FIRST = date(2024, 7, 1)
LAST = date(2025, 6, 1)
KOMMUNER = ["147", "766", "791"]
RELEASE = ReleaseInfo(
    initiative="fsm2",
    month=MONTH,
    revision=1,
    created_at=datetime(2025, 7, 10, 9, 30, tzinfo=UTC),
    definitions_version="2026.1",
    inputs=tuple(ReleaseInput(k, "version 1") for k in KOMMUNER),
)


@pytest.fixture(scope="session")
def delivery() -> Delivery:
    return generate(kommuner=KOMMUNER, seed=7, persons=420, first=FIRST, last=LAST)


@pytest.fixture(scope="session")
def frame(delivery: Delivery) -> pl.DataFrame:
    return release_frame(delivery, load_initiative("fsm2"), FIRST, LAST)


@pytest.fixture(scope="session")
def figures(frame: pl.DataFrame) -> Figures:
    return Figures(frame, load_initiative("fsm2"), MONTH)


@pytest.fixture
def var_dir(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    return tmp_path / "var"


@pytest.fixture
def received(delivery: Delivery, tmp_path: Path, var_dir: Path, db: None) -> None:
    """The three municipalities' deliveries received by STAR for MONTH (nothing released)."""
    from fremdrift.intake.services import receive_delivery

    path = tmp_path / "levering"
    write_delivery(delivery, path)
    results, report = receive_delivery(path=path, month=MONTH)
    assert not report.errors and len(results) == len(KOMMUNER)


def row(frame: pl.DataFrame, kommunekode: str | None, indicator: str, **keys: str) -> dict:
    """One figure of the frame as a dict (kommune level, or national for None)."""
    found = frame.filter(
        pl.col("month") == keys.get("month", MONTH),
        pl.col("indicator") == indicator,
        pl.col("breakdown") == keys.get("breakdown", "total"),
        pl.col("category") == keys.get("category", "i_alt"),
        pl.col("kommunekode").is_null()
        if kommunekode is None
        else pl.col("kommunekode") == kommunekode,
    )
    assert found.height == 1, found
    return found.row(0, named=True)


def suppressed_total(frame: pl.DataFrame, kommunekode: str) -> dict:
    """A suppressed kommune total of the report month with a non-zero numerator."""
    found = frame.filter(
        pl.col("month") == MONTH,
        pl.col("kommunekode") == kommunekode,
        pl.col("breakdown") == "total",
        pl.col("category") == "i_alt",
        pl.col("suppressed"),
        pl.col("numerator") > 0,
    )
    assert found.height, "the small delivery should have a suppressed total"
    return found.sort("indicator").row(0, named=True)
