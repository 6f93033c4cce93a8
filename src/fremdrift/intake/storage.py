"""Where a received delivery's tables lie: VAR_DIR/intake/<kommune>/<month>/v<N>/<table>.parquet."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.conf import settings

from fremdrift.delivery.schema import TABLES, Delivery


def intake_root() -> Path:
    return Path(settings.VAR_DIR) / "intake"


def version_folder(kommune: str, month: str, version: int) -> str:
    """The folder of a version, relative to `intake_root()` (as stored in the row)."""
    return f"{kommune}/{month}/v{version}"


def write_tables(delivery: Delivery, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in delivery.tables.items():
        frame.write_parquet(folder / f"{name}.parquet", compression="zstd", statistics=False)


def read_tables(folder: Path) -> Delivery:
    return Delivery.from_frames(
        {name: pl.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    )
