"""Checking a delivery whole: every problem with its file, line, column and a message that says
what is wrong and what to do, in Danish and English.

Rows are checked with vectorised expressions over the whole table, so a national delivery of
millions of rows is checked in seconds; only the rows found wrong become Problem objects.
Positions: CSV lines as in the file (the header is line 1) and 1-based column numbers; Parquet
row numbers (the first row is 1) and column numbers; XLSX the sheet and cell (`aktiviteter!C7`)
in `column`, with `line` empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final, Literal

import polars as pl
from stdnum.dk import cpr

from fremdrift.delivery.io import (
    VERSION_FILES,
    delivery_folder,
    read_workbook,
    table_files,
    workbook,
)
from fremdrift.delivery.schema import FORMAT_VERSION, PERIOD_TABLES, TABLES, Column, Table
from fremdrift.reference.kommuner import kommuner

Severity = Literal["error", "warning"]
PSEUDONYM: Final = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CPR_SHAPE: Final = r"^\d{6}-?\d{4}$"
SNIFF_BYTES: Final = 1 << 16
OPEN_END: Final = pl.date(9999, 12, 31)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: int | str | None
    code: str
    message_da: str
    message_en: str
    severity: Severity = "error"

    def text(self, lang: str = "da") -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        return f"{where}: {self.message_da if lang == 'da' else self.message_en}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


@dataclass(frozen=True)
class _Source:
    """Where a table's rows came from, to turn a row index into a position."""

    file: str
    kind: Literal["csv", "parquet", "xlsx"]
    header: list[str]
    sheet: str = ""

    def where(self, row: int) -> str:
        """A row in words, for pointing from one problem to another row."""
        line, col = self.position(row, None)
        if self.kind == "xlsx":
            return f"celle {col}"
        return f"linje {line}" if self.kind == "csv" else f"række {line}"

    def position(self, row: int | None, column: str | None) -> tuple[int | None, int | str | None]:
        """(line, column) of a row (None: the header) and column (None: the whole row)."""
        col = self.header.index(column) + 1 if column in self.header else None
        if self.kind == "xlsx":
            return None, f"{self.sheet}!{_letters(col or 1)}{1 if row is None else row + 2}"
        if row is None:
            return (1 if self.kind == "csv" else None), col
        return row + (2 if self.kind == "csv" else 1), col


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def validate_delivery(path: Path) -> Report:
    """Check a delivery (folder or .zip) whole. Raises UserError only when `path` is no delivery."""
    report = Report()
    with delivery_folder(path) as folder:
        report.problems.extend(_version(folder))
        tables = dict(_read_tables(folder, report))
    for name, (frame, source) in tables.items():
        report.rows[name] = frame.height
        report.problems.extend(_check_table(TABLES[name], frame, source))
    report.problems.extend(_cross_table(tables))
    report.problems.sort(key=lambda p: (p.file, p.line or 0, str(p.column or "")))
    if "borgere" not in tables:
        report.problems.append(
            Problem(
                "borgere.csv",
                None,
                None,
                "missing_table",
                "Tabellen borgere mangler; læg borgere.csv, borgere.parquet "
                "eller et ark 'borgere' i leverancen.",
                "The table borgere is missing; add borgere.csv, borgere.parquet "
                "or a sheet 'borgere'.",
            )
        )
    return report


def _version(folder: Path) -> Iterator[Problem]:
    for name in VERSION_FILES:
        file = folder / name
        if file.exists():
            text = file.read_text(encoding="utf-8", errors="replace").strip()
            if text != str(FORMAT_VERSION):
                yield Problem(
                    name,
                    1,
                    1,
                    "format_version",
                    f"Formatversion {text!r} kendes ikke; "
                    f"denne udgave læser version {FORMAT_VERSION}.",
                    f"Format version {text!r} is unknown; "
                    f"this release reads version {FORMAT_VERSION}.",
                )


def _read_tables(
    folder: Path, report: Report
) -> Iterator[tuple[str, tuple[pl.DataFrame, _Source]]]:
    for name, file in table_files(folder).items():
        if file.suffix == ".csv":
            problem = _sniff(file)
            if problem is not None:
                report.problems.append(problem)
                continue
            try:
                frame = pl.read_csv(file, infer_schema=False, encoding="utf8", raise_if_empty=False)
            except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
                report.problems.append(_unreadable(file.name, exc))
                continue
            yield name, (frame, _Source(file.name, "csv", frame.columns))
        else:
            try:
                raw = pl.read_parquet(file)
            except (pl.exceptions.PolarsError, OSError) as exc:
                report.problems.append(_unreadable(file.name, exc))
                continue
            frame = raw.select(
                pl.col(c).dt.strftime("%Y-%m-%d")
                if raw.schema[c] == pl.Date
                else pl.col(c).cast(pl.String)
                for c in raw.columns
            )
            yield name, (frame, _Source(file.name, "parquet", frame.columns))
    book = workbook(folder)
    if book is not None:
        present = table_files(folder)
        try:
            sheets = read_workbook(book)
        except Exception as exc:
            report.problems.append(_unreadable(book.name, exc))
            return
        for name, frame in sheets.items():
            if name not in present:
                yield name, (frame, _Source(book.name, "xlsx", frame.columns, sheet=name))


def _unreadable(name: str, exc: BaseException) -> Problem:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Problem(
        name,
        None,
        None,
        "unreadable",
        f"Filen kan ikke læses ({detail}); gem den som UTF-8 CSV med komma eller som Parquet.",
        f"The file cannot be read ({detail}); save it as UTF-8 CSV with commas or as Parquet.",
    )


def _sniff(file: Path) -> Problem | None:
    """Judge a CSV file by its first bytes, so a huge junk file is never read whole."""
    with file.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head.strip():
        return Problem(
            file.name,
            1,
            None,
            "empty_file",
            "Filen er tom; den skal mindst have en overskriftsrække.",
            "The file is empty; it needs at least a header row.",
        )
    if b"\x00" in head:
        return Problem(
            file.name,
            None,
            None,
            "binary_file",
            "Filen er ikke tekst (den indeholder binære data); "
            "eksportér tabellen som CSV (UTF-8, komma).",
            "The file is not text (it holds binary data); export the table as CSV (UTF-8, commas).",
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":
            line = head[: exc.start].count(b"\n") + 1
            return Problem(
                file.name,
                line,
                None,
                "encoding",
                "Filen er ikke UTF-8 (fx gemt som Windows-1252); gem den som UTF-8 og prøv igen.",
                "The file is not UTF-8 (e.g. saved as Windows-1252); save it as UTF-8 and retry.",
            )
    header = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    for sep, name_da, name_en in ((";", "semikolon", "semicolons"), ("\t", "tabulator", "tabs")):
        if sep in header and "," not in header:
            return Problem(
                file.name,
                1,
                None,
                "delimiter",
                f"Kolonnerne er adskilt med {name_da}; brug komma som skilletegn.",
                f"The columns are separated by {name_en}; use commas.",
            )
    return None


def _check_table(table: Table, frame: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    for header in frame.columns:
        if header not in {c.name for c in table.columns}:
            line, col = source.position(None, header)
            yield Problem(
                source.file,
                line,
                col,
                "unknown_column",
                f"Kolonnen {header!r} kendes ikke i {table.name} og læses ikke.",
                f"The column {header!r} is not part of {table.name} and is ignored.",
                "warning",
            )
    for name in table.required:
        if name not in frame.columns:
            yield Problem(
                source.file,
                *source.position(None, None),
                "missing_column",
                f"Den krævede kolonne {name!r} mangler i {table.name}; "
                "tilføj den i overskriftsrækken.",
                f"The required column {name!r} is missing from {table.name}; add it to the header.",
            )
    if frame.is_empty():
        return
    indexed = frame.with_row_index("_row")
    for column in table.columns:
        if column.name in frame.columns:
            yield from _check_column(table, column, indexed, source)
    if {"start", "slut"} <= set(frame.columns):
        yield from _check_periods(table, indexed, source)


def _rows(indexed: pl.DataFrame, bad: pl.Expr, column: str) -> list[tuple[int, str | None]]:
    found = indexed.filter(bad).select("_row", pl.col(column))
    return list(found.iter_rows())


def _check_column(
    table: Table, column: Column, indexed: pl.DataFrame, source: _Source
) -> Iterator[Problem]:
    name = column.name
    value = pl.col(name).str.strip_chars()
    present = value.is_not_null() & (value != "")

    def problems(bad: pl.Expr, code: str, da: str, en: str) -> Iterator[Problem]:
        for row, raw in _rows(indexed, bad, name):
            line, col = source.position(row, name)
            yield Problem(source.file, line, col, code, da.format(v=raw), en.format(v=raw))

    if column.required:
        yield from problems(
            ~present,
            "required",
            f"Kolonnen {name} er tom; den skal udfyldes.",
            f"The column {name} is empty; it is required.",
        )
    if column.kind == "date":
        yield from problems(
            present & value.str.to_date("%Y-%m-%d", strict=False).is_null(),
            "date",
            f"{{v!r}} i {name} er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, fx 2020-03-31.",
            f"{{v!r}} in {name} is not a date; write it as YYYY-MM-DD, e.g. 2020-03-31.",
        )
    elif column.kind == "kommunekode":
        yield from problems(
            present & ~value.is_in(list(kommuner())),
            "kommunekode",
            "Kommunekoden {v!r} findes ikke; brug en af de 98 kommunekoder, fx 147 Frederiksberg.",
            "The municipality code {v!r} does not exist; use one of the 98 codes, e.g. 147.",
        )
    elif column.codes:
        allowed = ", ".join(column.codes)
        yield from problems(
            present & ~value.is_in(list(column.codes)),
            "unknown_code",
            f"Ukendt kode {{v!r}} i {name}; brug en af: {allowed}.",
            f"Unknown code {{v!r}} in {name}; use one of: {allowed}.",
        )
    elif column.kind == "float":
        number = value.cast(pl.Float64, strict=False)
        yield from problems(
            present & (number.is_null() | (number < 0)),
            "number",
            f"{{v!r}} i {name} er ikke et tal på 0 eller derover; brug punktum som decimaltegn.",
            f"{{v!r}} in {name} is not a number of 0 or more; use a point as decimal mark.",
        )
    elif name == "person_id":
        yield from _check_person_ids(indexed, source)


def _check_person_ids(indexed: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    value = pl.col("person_id").str.strip_chars()
    shaped = indexed.filter(value.str.contains(CPR_SHAPE)).select("_row", "person_id")
    # CPR numbers are rare outside a municipality and few inside one: check each distinct one.
    invalid = {v for v in shaped["person_id"].unique().to_list() if not cpr.is_valid(v)}
    # The number itself is never repeated in a message: it is personal data.
    for row in shaped.filter(pl.col("person_id").is_in(list(invalid)))["_row"].to_list():
        line, col = source.position(row, "person_id")
        yield Problem(
            source.file,
            line,
            col,
            "cpr",
            "person_id ligner et CPR-nummer, men dato eller længde er ugyldig; ret nummeret.",
            "person_id looks like a CPR number, but its date or length is invalid; correct it.",
        )
    other = indexed.filter(
        value.is_not_null()
        & ~value.str.contains(CPR_SHAPE)
        & ~value.str.contains(PSEUDONYM.pattern)
    )
    for row in other["_row"].to_list():
        line, col = source.position(row, "person_id")
        yield Problem(
            source.file,
            line,
            col,
            "person_id",
            "person_id er hverken et CPR-nummer eller et pseudonym "
            "(1-64 tegn: bogstaver, cifre, - og _).",
            "person_id is neither a CPR number nor a pseudonym (1-64 letters, digits, - and _).",
        )


def _check_periods(table: Table, indexed: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    start = pl.col("start").str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    slut = pl.col("slut").str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    dated = indexed.with_columns(_start=start, _slut=slut)
    for row, s, e in (
        dated.filter(pl.col("_slut") < pl.col("_start"))
        .select("_row", "_start", "_slut")
        .iter_rows()
    ):
        line, col = source.position(row, "slut")
        yield Problem(
            source.file,
            line,
            col,
            "end_before_start",
            f"Slutdatoen {e} ligger før startdatoen {s}; ret en af dem.",
            f"The end date {e} is before the start date {s}; correct one of them.",
        )
    if (
        table.period_key is None
        or "person_id" not in indexed.columns
        or table.period_key not in indexed.columns
    ):
        return
    key = table.period_key
    group = ["person_id", key]
    periods = (
        dated.filter(
            pl.col("_start").is_not_null() & ~pl.col(key).is_in(list(table.overlap_allowed))
        )
        .sort([*group, "_start", "_row"])
        .with_columns(
            # The latest end among the person's earlier periods of the kind; open is endless.
            _prev_end=pl.col("_slut").fill_null(OPEN_END).cum_max().shift(1).over(group),
            _prev_row=pl.col("_row").shift(1).over(group),
        )
    )
    for row, prev in (
        periods.filter(pl.col("_prev_end") >= pl.col("_start"))
        .select("_row", "_prev_row")
        .iter_rows()
    ):
        line, col = source.position(row, "start")
        other = source.where(prev)
        yield Problem(
            source.file,
            line,
            col,
            "overlap",
            "Perioden overlapper en tidligere periode af samme slags for samme borger "
            f"({other}); "
            "afslut den første, før den næste begynder.",
            "The period overlaps an earlier period of the same kind for the same person "
            f"({other.replace('linje', 'line').replace('række', 'row').replace('celle', 'cell')}); "
            "end the first before the next begins.",
        )


def _cross_table(tables: dict[str, tuple[pl.DataFrame, _Source]]) -> Iterator[Problem]:
    if "borgere" not in tables or "person_id" not in tables["borgere"][0].columns:
        return
    borgere, source = tables["borgere"]
    dup = borgere.with_row_index("_row").filter(
        pl.col("person_id").is_duplicated() & pl.col("person_id").is_not_null()
    )
    first_seen = dup.group_by("person_id").agg(pl.col("_row").min().alias("_first"))
    for row, first in (
        dup.join(first_seen, on="person_id")
        .filter(pl.col("_row") != pl.col("_first"))
        .select("_row", "_first")
        .sort("_row")
        .iter_rows()
    ):
        line, col = source.position(row, "person_id")
        earlier = source.where(first)
        yield Problem(
            source.file,
            line,
            col,
            "duplicate_person",
            f"Borgeren står allerede i borgere ({earlier}); hver borger må kun stå én gang.",
            f"The person is already in borgere ({earlier.replace('linje', 'line')}); "
            "each person appears once.",
        )
    known = borgere.select("person_id").unique()
    for name in PERIOD_TABLES:
        if name not in tables or "person_id" not in tables[name][0].columns:
            continue
        frame, src = tables[name]
        orphans = (
            frame.with_row_index("_row")
            .join(known, on="person_id", how="anti")
            .filter(pl.col("person_id").is_not_null())
        )
        for row in orphans["_row"].to_list():
            line, col = src.position(row, "person_id")
            yield Problem(
                src.file,
                line,
                col,
                "unknown_person",
                "Borgeren findes ikke i borgere; tilføj borgeren dér eller fjern rækken.",
                "The person is not in borgere; add the person there or remove the row.",
            )
    if "markeringer" in tables and "medarbejdere" in tables:
        frame, src = tables["markeringer"]
        staff = tables["medarbejdere"][0]
        if "medarbejder_id" in frame.columns and "medarbejder_id" in staff.columns:
            unknown = (
                frame.with_row_index("_row")
                .filter(pl.col("medarbejder_id").is_not_null())
                .join(staff.select("medarbejder_id").unique(), on="medarbejder_id", how="anti")
            )
            for row in unknown["_row"].to_list():
                line, col = src.position(row, "medarbejder_id")
                yield Problem(
                    src.file,
                    line,
                    col,
                    "unknown_staff",
                    "Medarbejderen findes ikke i medarbejdere; tilføj medarbejderen dér.",
                    "The staff member is not in medarbejdere; add them there.",
                    "warning",
                )
