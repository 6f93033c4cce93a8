"""Reading and writing deliveries: a folder or a .zip of one, tables as CSV, Parquet or XLSX.

`read_delivery` expects a delivery that passes `fremdrift validate`; on a value it cannot read it
raises a UserError that names the table and column and points to the validator, which reports
every problem with its line.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Literal

import polars as pl

from fremdrift.delivery.schema import FORMAT_VERSION, TABLES, Delivery
from fremdrift.errors import UserError

Format = Literal["csv", "parquet", "xlsx"]
VERSION_FILES = ("format_version", "format_version.txt")
WORKBOOK = "levering.xlsx"


@contextmanager
def delivery_folder(path: Path) -> Iterator[Path]:
    """The delivery as a folder: the folder itself, or a .zip unpacked into a temporary one."""
    if path.is_dir():
        yield path
        return
    if not path.exists():
        raise UserError(f"leverancen {path} findes ikke; angiv en mappe eller en .zip-fil")
    if not zipfile.is_zipfile(path):
        raise UserError(f"{path} er hverken en mappe eller en .zip-fil med en leverance")
    with tempfile.TemporaryDirectory(prefix="fremdrift-") as tmp, zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            name = PurePosixPath(member.filename).name
            # Only plain files by name: a member can never write outside the temporary folder.
            if member.is_dir() or not name or name.startswith("."):
                continue
            with archive.open(member) as src, (Path(tmp) / name).open("wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        yield Path(tmp)


def table_files(folder: Path) -> dict[str, Path]:
    """The file of each table present: `<table>.csv`, `<table>.parquet`, or the workbook."""
    found: dict[str, Path] = {}
    for name in TABLES:
        for ext in (".csv", ".parquet"):
            candidate = folder / f"{name}{ext}"
            if candidate.exists():
                found[name] = candidate
    return found


def workbook(folder: Path) -> Path | None:
    books = sorted(folder.glob("*.xlsx"))
    return books[0] if books else None


def read_version(folder: Path) -> int:
    for name in VERSION_FILES:
        file = folder / name
        if file.exists():
            text = file.read_text(encoding="utf-8-sig").strip()
            if text != str(FORMAT_VERSION):
                raise UserError(
                    f"{name} siger {text!r}; denne version af fremdrift læser "
                    f"format {FORMAT_VERSION}"
                )
    return FORMAT_VERSION


def raw_tables(folder: Path) -> dict[str, pl.DataFrame]:
    """Every table present, all columns as text exactly as delivered (empty cells as null)."""
    tables: dict[str, pl.DataFrame] = {}
    for name, file in table_files(folder).items():
        if file.suffix == ".csv":
            tables[name] = _read_csv(file)
        else:
            frame = pl.read_parquet(file)
            tables[name] = frame.select(_as_text(frame, c) for c in frame.columns)
    book = workbook(folder)
    if book is not None:
        for name, frame in read_workbook(book).items():
            tables.setdefault(name, frame)
    return tables


def _as_text(frame: pl.DataFrame, column: str) -> pl.Expr:
    dtype = frame.schema[column]
    if dtype == pl.Date:
        return pl.col(column).dt.strftime("%Y-%m-%d")
    return pl.col(column).cast(pl.String)


def read_workbook(path: Path) -> dict[str, pl.DataFrame]:
    """Sheets named as tables, first row the header; values as text."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        tables: dict[str, pl.DataFrame] = {}
        for sheet in book.worksheets:
            if sheet.title not in TABLES:
                continue
            rows = sheet.iter_rows(values_only=True)
            header = [str(h) for h in next(rows, ()) if h is not None]
            data: dict[str, list[str | None]] = {h: [] for h in header}
            for row in rows:
                # Read-only sheets drop trailing empty cells: pad to the header.
                for i, h in enumerate(header):
                    data[h].append(_cell_text(row[i]) if i < len(row) else None)
            tables[sheet.title] = pl.DataFrame(data, schema=dict.fromkeys(header, pl.String))
        return tables
    finally:
        book.close()


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_delivery(path: Path) -> Delivery:
    """Read a delivery into typed tables; missing optional columns and tables are empty."""
    with delivery_folder(path) as folder:
        version = read_version(folder)
        files = table_files(folder)
        if "borgere" not in files and workbook(folder) is None:
            raise UserError(
                f"{path} indeholder ingen borgere.csv, borgere.parquet eller et regneark; "
                "se docs/delivery-format.md for leverancens filer"
            )
        frames = {name: _typed(name, frame) for name, frame in _frames(folder, files).items()}
    return Delivery(Delivery.from_frames(frames).tables, version)


def _frames(folder: Path, files: dict[str, Path]) -> dict[str, pl.DataFrame]:
    frames: dict[str, pl.DataFrame] = {}
    for name, file in files.items():
        if file.suffix == ".parquet":
            frames[name] = pl.read_parquet(file)
        else:
            frames[name] = _read_csv(file)
    book = workbook(folder)
    if book is not None:
        for name, frame in read_workbook(book).items():
            frames.setdefault(name, frame)
    return frames


def _read_csv(file: Path) -> pl.DataFrame:
    _sniff(file)
    try:
        return pl.read_csv(file, infer_schema=False, encoding="utf8")
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise UserError(
            f"{file.name} kan ikke læses som CSV ({_first_line(exc)}); kør `fremdrift validate`"
        ) from exc


def _sniff(file: Path) -> None:
    """Refuse a binary or non-UTF-8 file from its first bytes, before reading all of it."""
    with file.open("rb") as f:
        head = f.read(1 << 16)
    if b"\x00" in head:
        raise UserError(f"{file.name} er ikke en tekstfil (CSV); kør `fremdrift validate`")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            return  # the sample ends inside a character; the rest is read properly
        raise UserError(
            f"{file.name} er ikke UTF-8 (byte {exc.start}); gem filen som UTF-8 og prøv igen"
        ) from exc


def _typed(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Cast the schema's columns from text or Parquet types; refuse what does not convert."""
    table = TABLES[name]
    missing = [c for c in table.required if c not in frame.columns]
    if missing:
        raise UserError(
            f"{name} mangler kolonnen {', '.join(missing)}; "
            "kør `fremdrift validate` for hele listen"
        )
    exprs = []
    for column in table.columns:
        if column.name not in frame.columns:
            continue
        col = pl.col(column.name)
        if frame.schema[column.name] == pl.String:
            col = col.str.strip_chars().replace("", None)
            if column.kind == "date":
                col = col.str.to_date("%Y-%m-%d", strict=True)
        exprs.append(col.cast(column.dtype, strict=True).alias(column.name))
    try:
        return frame.select(exprs)
    except pl.exceptions.PolarsError as exc:
        raise UserError(
            f"{name} har værdier, der ikke kan læses ({_first_line(exc)}); "
            "kør `fremdrift validate` for at se linjerne"
        ) from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def write_delivery(
    delivery: Delivery, path: Path, *, fmt: Format = "csv", as_zip: bool = False
) -> None:
    """Write every table (empty ones too) and the format_version file."""
    if as_zip:
        with tempfile.TemporaryDirectory(prefix="fremdrift-") as tmp:
            write_delivery(delivery, Path(tmp), fmt=fmt)
            path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(Path(tmp).iterdir()):
                    # A fixed timestamp keeps the archive identical for identical content.
                    info = zipfile.ZipInfo(file.name, date_time=(2020, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, file.read_bytes())
        return
    path.mkdir(parents=True, exist_ok=True)
    (path / VERSION_FILES[0]).write_text(f"{FORMAT_VERSION}\n", encoding="utf-8")
    if fmt == "xlsx":
        _write_workbook(delivery, path / WORKBOOK)
        return
    for name, frame in delivery.tables.items():
        if fmt == "csv":
            frame.write_csv(path / f"{name}.csv", date_format="%Y-%m-%d")
        else:
            frame.write_parquet(path / f"{name}.parquet", statistics=False)


def _write_workbook(delivery: Delivery, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, frame in delivery.tables.items():
        sheet = book.create_sheet(name)
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append([v.isoformat() if isinstance(v, date) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
