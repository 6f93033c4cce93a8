"""The figures of a release from deliveries: plain functions without Django, timed on their own.

One engine run over every municipality at once (the concatenated deliveries), then disclosure
control over the whole frame, so that the municipalities' rows and the national rows are
protected together. The Parquet file is written the same way every time: identical inputs and
definitions give an identical file, byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl

from fremdrift import __version__
from fremdrift.delivery.schema import PERIOD_TABLES, TABLES, Delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import Initiative
from fremdrift.engine.disclosure import MARK, suppress
from fremdrift.engine.output import OUTPUT_COLUMNS

FIGURE_COLUMNS: Final = (*OUTPUT_COLUMNS, "suppressed")
# The steps of making a release, in order (the command line draws them as a bar).
STAGES: Final = ("læser leverancerne", "beregner tallene", "diskretionerer", "gemmer")


def combine(deliveries: Sequence[Delivery]) -> Delivery:
    """One delivery of several municipalities' deliveries.

    Each municipality pseudonymises with its own key, so two of them can in principle produce
    the same person_id; then every id is prefixed by its municipality, so no citizen's periods
    are counted with another's.
    """
    if not deliveries:
        return Delivery.from_frames({})
    tables = {name: pl.concat([d[name] for d in deliveries]) for name in TABLES}
    borgere = tables["borgere"]
    if borgere["person_id"].n_unique() == borgere.height:
        return Delivery(tables)
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in TABLES}
    for delivery in deliveries:
        people = delivery["borgere"].select("person_id", prefix=pl.col("kommunekode") + pl.lit(":"))
        for name in ("borgere", *PERIOD_TABLES):
            parts[name].append(
                delivery[name]
                .join(people, on="person_id", how="left")
                .with_columns(person_id=pl.col("prefix") + pl.col("person_id"))
                .drop("prefix")
            )
        parts["medarbejdere"].append(delivery["medarbejdere"])
    return Delivery({name: pl.concat(frames) for name, frames in parts.items()})


def default_first(delivery: Delivery, initiative: Initiative, last: date) -> date:
    """The month the initiative's first program period began in the deliveries (or `last`)."""
    starts = delivery["forloeb"].filter(pl.col("initiativ") == initiative.key)["start"]
    first = starts.min()
    if not isinstance(first, date) or first > last:
        return last
    return first.replace(day=1)


def release_frame(
    delivery: Delivery,
    initiative: Initiative,
    first: date,
    last: date,
    progress: Callable[[str], None] | None = None,
) -> pl.DataFrame:
    """The engine's long form for every month from `first` to `last`, with `suppressed`."""
    say = progress or (lambda _: None)
    say(STAGES[1])
    figures = compute_indicators(delivery, initiative, first, last)
    say(STAGES[2])
    return suppress(figures).select(FIGURE_COLUMNS)


def published(figures: pl.DataFrame) -> pl.DataFrame:
    """The figures as published (engine.disclosure.masked): suppressed counts print as `<5`."""
    return figures.with_columns(
        pl.when(pl.col("suppressed"))
        .then(pl.lit(MARK))
        .otherwise(pl.col(c).cast(pl.String))
        .alias(c)
        for c in ("numerator", "denominator")
    ).drop("suppressed")


def write_figures(figures: pl.DataFrame, path: Path) -> str:
    """Write the figures as Parquet (atomically: complete or not at all) and return its sha256.

    No statistics and one compression: nothing in the file depends on the time or the machine.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    figures.select(FIGURE_COLUMNS).write_parquet(
        partial, compression="zstd", compression_level=3, statistics=False, row_group_size=1 << 20
    )
    partial.replace(path)
    return file_sha256(path)


def software() -> str:
    """The versions a release's bytes depend on: fremdrift's engine and polars' Parquet writer."""
    return f"fremdrift {__version__}, polars {pl.__version__}"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
