"""Reading and writing deliveries: a folder or a .zip of one, tables as CSV, Parquet or XLSX.

`read_delivery` expects a delivery that passes `fremdrift validate`; on a value it cannot read it
raises a UserError that names the table and column and points to the validator, which reports
every problem with its line.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Final, Literal

import polars as pl

from fremdrift.delivery.schema import FORMAT_VERSION, TABLES, Delivery
from fremdrift.errors import UserError

Format = Literal["csv", "parquet", "xlsx"]
VERSION_FILES: Final = ("format_version", "format_version.txt")
WORKBOOK: Final = "levering.xlsx"
SNIFF_BYTES: Final = 1 << 16
# A fixed timestamp keeps a written archive identical for identical content.
ZIP_TIME: Final = (2020, 1, 1, 0, 0, 0)


@contextmanager
def delivery_folder(path: Path) -> Iterator[Path]:
    """The delivery as a folder: the folder itself, or a .zip unpacked into a temporary one."""
    if path.is_dir():
        yield path
        return
    if not path.exists():
        raise UserError(f"leverancen {path} findes ikke; angiv en mappe eller en .zip-fil")
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise UserError(
            f"{path} er hverken en mappe eller en .zip-fil med en leverance; "
            "læg tabellerne (fx borgere.csv) i en mappe og angiv mappen"
        )
    with tempfile.TemporaryDirectory(prefix="fremdrift-") as tmp:
        _unpack(path, Path(tmp))
        yield Path(tmp)


def _unpack(path: Path, target: Path) -> None:
    """Unpack the plain files of a zip by name only, whatever folder they sit in inside it."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                name = PurePosixPath(member.filename.replace("\\", "/")).name
                # Only plain files by name: a member can never write outside the target folder.
                if member.is_dir() or not name or name.startswith(".") or (target / name).exists():
                    continue
                with archive.open(member) as src, (target / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
    ) as exc:
        raise UserError(
            f"{path.name} er en beskadiget eller ulæselig .zip-fil ({_first_line(exc)}); "
            "pak leverancen igen"
        ) from exc
    except RuntimeError as exc:  # an encrypted member
        raise UserError(
            f"{path.name} kan ikke pakkes ud ({_first_line(exc)}); pak leverancen uden adgangskode"
        ) from exc


def table_files(folder: Path) -> dict[str, Path]:
    """The file of each table present: `<table>.csv` or `<table>.parquet` (the CSV first)."""
    found: dict[str, Path] = {}
    for name in TABLES:
        for ext in (".csv", ".parquet"):
            candidate = folder / f"{name}{ext}"
            if candidate.is_file() and name not in found:
                found[name] = candidate
    return found


def workbook(folder: Path) -> Path | None:
    books = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    return books[0] if books else None


def version_text(file: Path) -> str:
    """The content of a format_version file (its first bytes only: it holds one number)."""
    with file.open("rb") as f:
        head = f.read(64)
    return head.decode("utf-8-sig", errors="replace").strip()


def read_version(folder: Path) -> int:
    for name in VERSION_FILES:
        file = folder / name
        if file.is_file():
            text = version_text(file)
            if text != str(FORMAT_VERSION):
                raise UserError(
                    f"{name} siger {text[:20]!r}; denne version af fremdrift læser "
                    f"format {FORMAT_VERSION}"
                )
    return FORMAT_VERSION


@dataclass(frozen=True)
class Sheet:
    """A sheet named as a table: its values as text, and each column's 1-based sheet column."""

    frame: pl.DataFrame
    column_numbers: dict[str, int]


def read_sheets(path: Path) -> tuple[dict[str, Sheet], list[str]]:
    """The sheets named as tables (first row the header, values as text) and the other names.

    Trailing empty rows (formatted but blank) are dropped; an empty header cell is skipped.
    """
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets: dict[str, Sheet] = {}
        others: list[str] = []
        for sheet in book.worksheets:
            if sheet.title not in TABLES:
                others.append(sheet.title)
                continue
            rows = sheet.iter_rows(values_only=True)
            first = next(rows, ())
            header = [(i, str(h).strip()) for i, h in enumerate(first) if h not in (None, "")]
            data: dict[str, list[str | None]] = {name: [] for _, name in header}
            last_filled = 0
            for n, row in enumerate(rows, start=1):
                # Read-only sheets drop trailing empty cells: pad to the header.
                values = [_cell_text(row[i]) if i < len(row) else None for i, _ in header]
                for (_, name), value in zip(header, values, strict=True):
                    data[name].append(value)
                if any(v is not None for v in values):
                    last_filled = n
            frame = pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)).head(last_filled)
            sheets[sheet.title] = Sheet(frame, {name: i + 1 for i, name in header})
        return sheets, others
    finally:
        book.close()


def read_workbook(path: Path) -> dict[str, pl.DataFrame]:
    """Sheets named as tables, first row the header; values as text."""
    return {name: sheet.frame for name, sheet in read_sheets(path)[0].items()}


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
        frames[name] = _read_parquet(name, file) if file.suffix == ".parquet" else _read_csv(file)
    book = workbook(folder)
    if book is not None:
        try:
            sheets = read_workbook(book)
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
            raise UserError(
                f"{book.name} kan ikke læses som regneark ({_first_line(exc)}); "
                "kør `fremdrift validate`"
            ) from exc
        for name, frame in sheets.items():
            frames.setdefault(name, frame)
    return frames


def _read_parquet(name: str, file: Path) -> pl.DataFrame:
    try:
        present = pl.read_parquet_schema(file)
        wanted = [c.name for c in TABLES[name].columns if c.name in present]
        return pl.read_parquet(file, columns=wanted)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise UserError(
            f"{file.name} kan ikke læses som Parquet ({_first_line(exc)}); kør `fremdrift validate`"
        ) from exc


def _read_csv(file: Path) -> pl.DataFrame:
    _sniff(file)
    try:
        return pl.read_csv(file, infer_schema=False, encoding="utf8", raise_if_empty=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise UserError(
            f"{file.name} kan ikke læses som CSV ({_first_line(exc)}); kør `fremdrift validate`"
        ) from exc


def _sniff(file: Path) -> None:
    """Refuse a binary or non-UTF-8 file from its first bytes, before reading all of it."""
    with file.open("rb") as f:
        head = f.read(SNIFF_BYTES)
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
    """Cast the schema's columns from text or Parquet types; refuse what does not convert.

    Text is taken as delivered except that surrounding spaces are dropped from every column but
    free text, and an empty field is missing. Blank lines (every field empty) are dropped.
    """
    table = TABLES[name]
    missing = [c for c in table.required if c not in frame.columns]
    if missing:
        raise UserError(
            f"{name} mangler kolonnen {', '.join(missing)}; "
            "kør `fremdrift validate` for hele listen"
        )
    text = [c.name for c in table.columns if frame.schema.get(c.name) == pl.String]
    # Cleaning copies a column; a column that needs none (as from most Parquet files) stays as it
    # is, which keeps a national delivery's memory at the size of its data.
    unclean = (
        frame.select(
            (pl.col(name).str.contains(r"^\s|\s$") | (pl.col(name) == "")).any() for name in text
        ).row(0)
        if text
        else ()
    )
    needs_cleaning = {name for name, flag in zip(text, unclean, strict=True) if flag}
    exprs = []
    for column in table.columns:
        if column.name not in frame.columns:
            continue
        col = pl.col(column.name)
        if column.name in needs_cleaning:
            if column.kind != "text":
                col = col.str.strip_chars()
            col = pl.when(col == "").then(None).otherwise(col)
        if column.kind == "date" and column.name in text:
            col = col.str.to_date("%Y-%m-%d", strict=True)
        exprs.append(col.cast(column.dtype, strict=True).alias(column.name))
    try:
        typed = frame.select(exprs)
    except pl.exceptions.PolarsError as exc:
        raise UserError(
            f"{name} har værdier, der ikke kan læses ({_first_line(exc)}); "
            "kør `fremdrift validate` for at se linjerne"
        ) from exc
    if typed[table.required[0]].null_count():
        typed = typed.filter(~pl.all_horizontal(pl.all().is_null()))
    return typed


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def write_delivery(
    delivery: Delivery, path: Path, *, fmt: Format = "csv", as_zip: bool = False
) -> None:
    """Write every table (empty ones too) and the format_version file, as a folder or a .zip.

    CSV: UTF-8 without BOM, comma, header, ISO dates; Parquet: typed as the schema; XLSX: one
    workbook `levering.xlsx` with a sheet per table (dates as Excel dates, ids as text).
    """
    if fmt not in ("csv", "parquet", "xlsx"):
        raise ValueError(f"unknown format {fmt!r}")
    if as_zip:
        with tempfile.TemporaryDirectory(prefix="fremdrift-") as tmp:
            write_delivery(delivery, Path(tmp), fmt=fmt)
            path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(Path(tmp).iterdir()):
                    info = zipfile.ZipInfo(file.name, date_time=ZIP_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with file.open("rb") as src, archive.open(info, "w", force_zip64=True) as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
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
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, frame in delivery.tables.items():
        sheet = book.create_sheet(name)
        sheet.append(frame.columns)
        dates = [i for i, dtype in enumerate(frame.dtypes) if dtype == pl.Date]
        for row in frame.iter_rows():
            cells: list[object] = list(row)
            for i, value in enumerate(row):
                if i in dates and value is not None:
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = "yyyy-mm-dd"
                    cells[i] = cell
                elif isinstance(value, str) and value.startswith("="):
                    # Text, never a formula: a value from a case system is not code to run.
                    cell = WriteOnlyCell(sheet, value)
                    cell.data_type = "s"
                    cells[i] = cell
            sheet.append(cells)
    book.save(path)
