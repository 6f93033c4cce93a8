"""One municipality's part of a delivery, in a canonical form that can be hashed and stored."""

from __future__ import annotations

import hashlib
import io
import zipfile

import polars as pl

from fremdrift.delivery.schema import PERIOD_TABLES, TABLES, Delivery


def for_kommune(delivery: Delivery, kommune: str) -> Delivery:
    """The citizens of one municipality with their periods, and its staff."""
    borgere = delivery["borgere"].filter(pl.col("kommunekode") == kommune)
    people = borgere.select("person_id")
    frames = {"borgere": borgere}
    for name in PERIOD_TABLES:
        frames[name] = delivery[name].join(people, on="person_id", how="semi")
    frames["medarbejdere"] = delivery["medarbejdere"].filter(pl.col("kommunekode") == kommune)
    return Delivery(canonical(frames), delivery.format_version)


def canonical(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Rows sorted on every column: two deliveries with the same content compare equal."""
    return {
        name: frames[name]
        .select(list(TABLES[name].polars_schema))
        .sort(list(TABLES[name].polars_schema), nulls_last=True)
        for name in TABLES
    }


def digest(delivery: Delivery) -> str:
    h = hashlib.sha256()
    for name in TABLES:
        h.update(name.encode())
        h.update(delivery[name].write_csv(date_format="%Y-%m-%d").encode())
    return h.hexdigest()


def pack(delivery: Delivery) -> bytes:
    """The tables as Parquet files in a zip, as kept with each import for audit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, frame in delivery.tables.items():
            part = io.BytesIO()
            frame.write_parquet(part, compression="zstd", statistics=False)
            archive.writestr(f"{name}.parquet", part.getvalue())
    return buffer.getvalue()


def unpack(data: bytes) -> Delivery:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        frames = {
            name: pl.read_parquet(io.BytesIO(archive.read(f"{name}.parquet"))) for name in TABLES
        }
    return Delivery.from_frames(frames)
