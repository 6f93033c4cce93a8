"""Checking a delivery whole: every problem with its file, line, column and a message that says
what is wrong and what to do, in Danish and English.

Rows are checked with vectorised expressions over the whole table, so a national delivery of
millions of rows is checked in seconds; only the rows found wrong become Problem objects.
Positions: CSV lines as in the file (the header is line 1) and 1-based column numbers; Parquet
row numbers (the first row is 1) and column numbers; XLSX the sheet and cell (`aktiviteter!C7`)
in `column`, with the sheet's row number in `line`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, Literal

import polars as pl

from fremdrift.delivery.cpr import (
    CPR_LOST_ZERO,
    CPR_WRONG_LENGTH,
    is_cpr_shaped,
    is_pseudonym,
    valid_cpr,
)
from fremdrift.delivery.io import (
    SNIFF_BYTES,
    VERSION_FILES,
    delivery_folder,
    read_sheets,
    table_files,
    version_text,
    workbook,
)
from fremdrift.delivery.schema import FORMAT_VERSION, PERIOD_TABLES, TABLES, Column, Table
from fremdrift.errors import UserError
from fremdrift.reference.kommuner import kommuner

Severity = Literal["error", "warning"]
OPEN_END: Final = date(9999, 12, 31)
ROW_BITS: Final = 32  # overlap check: an end date and a row index packed into one integer
DUPLICATED: Final = re.compile(r"^(.*)_duplicated_\d+$")


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, line, column), what (code), and messages in Danish and English.

    `line` is the line in a CSV file (header = 1), the row in a Parquet file (first row = 1) or
    the row in an XLSX sheet; `column` is the 1-based column number, or for XLSX the cell as
    `sheet!C7`. Either is None where the problem concerns the whole file or line.
    """

    file: str
    line: int | None
    column: int | str | None
    code: str
    message_da: str
    message_en: str
    severity: Severity = "error"

    def text(self, lang: str = "da") -> str:
        """`file:line:column: message`; for XLSX `file:sheet!cell: message`."""
        parts: tuple[object, ...] = (
            (self.file, self.column)
            if isinstance(self.column, str)
            else (self.file, self.line, self.column)
        )
        where = ":".join(str(p) for p in parts if p is not None)
        return f"{where}: {self.message_da if lang == 'da' else self.message_en}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message_da": self.message_da,
            "message_en": self.message_en,
            "severity": self.severity,
        }


class Report(list[Problem]):
    """Every problem of a delivery (a list of Problem, in file order), the number of errors and
    warnings, and the number of rows read per table."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, int] = {}

    @property
    def problems(self) -> list[Problem]:
        return self

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self)

    def counts(self) -> Counter[str]:
        """The number of problems of each kind (code)."""
        return Counter(p.code for p in self)


def validate_delivery(path: Path) -> Report:
    """Every problem of a delivery (folder or .zip), errors and warnings, in file order.

    The result is a list of Problem that also tells `errors`, `warnings` and `rows` (per table).
    Never raises for bad input: a path that does not exist or is no delivery is a problem too.
    """
    return check_delivery(path)


def check_delivery(path: Path) -> Report:
    """The same as `validate_delivery`."""
    report = Report()
    opening = _opening_problem(path)
    if opening is not None:
        report.problems.append(opening)
        return report
    try:
        with delivery_folder(path) as folder:
            report.problems.extend(_version(folder))
            report.problems.extend(_unknown_files(folder))
            tables = dict(_read_tables(folder, report))
            for name, (frame, source) in tables.items():
                report.rows[name] = frame.height
                report.problems.extend(_check_table(TABLES[name], frame, source))
            report.problems.extend(_cross_table(tables))
    except UserError as exc:  # a damaged zip
        report.problems.append(
            _problem(
                path.name,
                None,
                None,
                "unreadable_zip",
                str(exc),
                "The zip file is damaged or cannot be unpacked; pack the delivery again.",
            )
        )
        return report
    report.problems.sort(key=_order)
    if "borgere" not in tables:
        report.problems.append(
            _problem(
                "borgere.csv",
                None,
                None,
                "missing_table",
                "Tabellen borgere mangler eller kan ikke læses; læg borgere.csv, borgere.parquet "
                "eller et ark 'borgere' i leverancen.",
                "The table borgere is missing or unreadable; add borgere.csv, borgere.parquet "
                "or a sheet 'borgere'.",
            )
        )
    return report


def _order(p: Problem) -> tuple[str, int, int, str]:
    column = p.column if isinstance(p.column, int) else 0
    return (p.file, p.line if p.line is not None else -1, column, p.code)


def _problem(
    file: str,
    line: int | None,
    column: int | str | None,
    code: str,
    da: str,
    en: str,
    severity: Severity = "error",
) -> Problem:
    return Problem(file, line, column, code, da, en, severity)


def _opening_problem(path: Path) -> Problem | None:
    if path.is_dir():
        return None
    if not path.exists():
        return _problem(
            str(path),
            None,
            None,
            "not_found",
            "Leverancen findes ikke; angiv en mappe eller en .zip-fil med leverancen.",
            "The delivery does not exist; give a folder or a .zip file holding the delivery.",
        )
    with path.open("rb") as f:
        head = f.read(4)
    if head != b"PK\x03\x04" and head != b"PK\x05\x06":
        return _problem(
            path.name,
            None,
            None,
            "not_a_delivery",
            "Filen er hverken en mappe eller en .zip-fil med en leverance; læg tabellerne "
            "(fx borgere.csv) i en mappe og angiv mappen.",
            "The file is neither a folder nor a .zip of a delivery; put the tables "
            "(e.g. borgere.csv) in a folder and give the folder.",
        )
    return None


def _version(folder: Path) -> Iterator[Problem]:
    for name in VERSION_FILES:
        file = folder / name
        if file.is_file():
            text = version_text(file)[:20]
            if text != str(FORMAT_VERSION):
                yield _problem(
                    name,
                    1,
                    1,
                    "format_version",
                    f"Formatversion {text!r} kendes ikke; denne udgave af fremdrift læser "
                    f"version {FORMAT_VERSION}. Skriv {FORMAT_VERSION} i filen, hvis leverancen "
                    "følger docs/delivery-format.md, ellers opdatér fremdrift.",
                    f"Format version {text!r} is unknown; this release reads version "
                    f"{FORMAT_VERSION}. Write {FORMAT_VERSION} in the file if the delivery follows "
                    "docs/delivery-format.md, else update fremdrift.",
                )


def _unknown_files(folder: Path) -> Iterator[Problem]:
    known = {f"{t}{ext}" for t in TABLES for ext in (".csv", ".parquet")} | set(VERSION_FILES)
    book = workbook(folder)
    names = ", ".join(TABLES)
    for file in sorted(folder.iterdir()):
        if file.name in known or file.name.startswith((".", "~$")) or file == book:
            continue
        if file.is_dir():
            continue
        yield _problem(
            file.name,
            None,
            None,
            "unknown_file",
            f"Filen hører ikke til leverancen og læses ikke; tabellerne hedder {names} "
            "(.csv eller .parquet).",
            f"The file is not part of the format and is not read; the tables are {names} "
            "(.csv or .parquet).",
            "warning",
        )
    if book is not None:
        for other in sorted(folder.glob("*.xlsx")):
            if other != book and not other.name.startswith("~$"):
                yield _problem(
                    other.name,
                    None,
                    None,
                    "unknown_file",
                    f"Kun ét regneark læses ({book.name}); saml arkene i det.",
                    f"Only one workbook is read ({book.name}); put every sheet in it.",
                    "warning",
                )


class _Source:
    """Where a table's rows came from, to turn a row index into a position."""

    def __init__(
        self,
        file: str,
        kind: Literal["csv", "parquet", "xlsx"],
        column_numbers: dict[str, int],
        *,
        sheet: str = "",
        path: Path | None = None,
        rows: int = 0,
    ) -> None:
        self.file = file
        self.kind = kind
        self.column_numbers = column_numbers
        self.sheet = sheet
        self._path = path
        self._rows = rows
        self._lines: list[int] | None = None
        self._mapped = False

    def line(self, row: int | None) -> int | None:
        """The line (CSV), row (Parquet) or sheet row (XLSX) of a row index; None: the header."""
        if row is None:
            return None if self.kind == "parquet" else 1
        if self.kind == "csv":
            lines = self._line_map()
            return lines[row] if lines is not None and row < len(lines) else row + 2
        return row + (2 if self.kind == "xlsx" else 1)

    def position(self, row: int | None, column: str | None) -> tuple[int | None, int | str | None]:
        """(line, column) of a row (None: the header) and column (None: the whole row)."""
        line = self.line(row)
        number = self.column_numbers.get(column) if column is not None else None
        if self.kind == "xlsx":
            return line, f"{self.sheet}!{_letters(number or 1)}{line}"
        return line, number

    def where(self, row: int) -> tuple[str, str]:
        """A row in words (Danish, English), for pointing from one problem to another row."""
        line = self.line(row)
        if self.kind == "csv":
            return f"linje {line}", f"line {line}"
        return f"række {line}", f"row {line}"

    def _line_map(self) -> list[int] | None:
        """The first line of each data row, when quoted line breaks make lines and rows differ."""
        if self._mapped or self._path is None:
            return self._lines
        self._mapped = True
        if _physical_lines(self._path) == self._rows + 1:
            return None
        starts: list[int] = []
        with self._path.open(encoding="utf-8-sig", newline="", errors="replace") as f:
            reader = csv.reader(f)
            previous = 0
            try:
                for _ in reader:
                    starts.append(previous + 1)
                    previous = reader.line_num
            except csv.Error:
                pass
        self._lines = starts[1:] if len(starts) == self._rows + 1 else None
        return self._lines


def _physical_lines(path: Path) -> int:
    count, last = 0, b"\n"
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _numbers(columns: list[str]) -> dict[str, int]:
    return {name: i + 1 for i, name in enumerate(columns)}


def _read_tables(
    folder: Path, report: Report
) -> Iterator[tuple[str, tuple[pl.DataFrame, _Source]]]:
    present = table_files(folder)
    for name, file in present.items():
        read = _read_csv(file, report) if file.suffix == ".csv" else _read_parquet(file, report)
        if read is not None:
            yield name, read
    book = workbook(folder)
    if book is None:
        return
    try:
        sheets, others = read_sheets(book)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        report.problems.append(_unreadable(book.name, exc, "XLSX"))
        return
    for other in others:
        report.problems.append(
            _problem(
                book.name,
                None,
                f"{other}!A1",
                "unknown_sheet",
                f"Arket {other!r} er ikke en tabel i formatet og læses ikke; "
                f"arkene hedder {', '.join(TABLES)}.",
                f"The sheet {other!r} is not a table of the format and is not read; "
                f"the sheets are {', '.join(TABLES)}.",
                "warning",
            )
        )
    for name, sheet in sheets.items():
        if name in present:
            report.problems.append(
                _problem(
                    book.name,
                    None,
                    f"{name}!A1",
                    "duplicate_table",
                    f"Tabellen {name} findes også som {present[name].name}; arket læses ikke.",
                    f"The table {name} is also given as {present[name].name}; "
                    "the sheet is not read.",
                    "warning",
                )
            )
            continue
        yield name, (sheet.frame, _Source(book.name, "xlsx", sheet.column_numbers, sheet=name))


def _read_csv(file: Path, report: Report) -> tuple[pl.DataFrame, _Source] | None:
    problem = _sniff(file)
    if problem is not None:
        report.problems.append(problem)
        return None
    try:
        frame = pl.read_csv(file, infer_schema=False, encoding="utf8", raise_if_empty=False)
    except pl.exceptions.ComputeError as exc:
        ragged = list(_ragged_lines(file))
        if not ragged:
            report.problems.append(_unreadable(file.name, exc, "CSV"))
            return None
        report.problems.extend(ragged)
        if any(p.code == "unreadable" for p in ragged):
            return None
        frame = pl.read_csv(
            file,
            infer_schema=False,
            encoding="utf8",
            raise_if_empty=False,
            truncate_ragged_lines=True,
        )
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        report.problems.append(_unreadable(file.name, exc, "CSV"))
        return None
    return frame, _Source(file.name, "csv", _numbers(frame.columns), path=file, rows=frame.height)


def _ragged_lines(file: Path) -> Iterator[Problem]:
    """Lines with more fields than the header, or an unclosed quote: found by a plain scan.

    Only run when polars refuses the file, so the slow scan is paid by broken files alone.
    """
    with file.open(encoding="utf-8-sig", newline="", errors="replace") as f:
        reader = csv.reader(f, strict=True)
        width, start = 0, 1
        try:
            for record in reader:
                if reader.line_num == 1 or not width:
                    width = len(record)
                elif len(record) > width:
                    yield _problem(
                        file.name,
                        start,
                        width + 1,
                        "fields",
                        f"Linjen har {len(record)} felter, men overskriften har {width}; "
                        "sæt anførselstegn om værdier med komma, eller fjern de ekstra felter.",
                        f"The line has {len(record)} fields but the header has {width}; "
                        "quote values holding a comma, or remove the extra fields.",
                    )
                start = reader.line_num + 1
        except csv.Error as exc:
            yield _problem(
                file.name,
                start,
                None,
                "unreadable",
                f"Linjen kan ikke læses som CSV ({exc}); luk anførselstegnet, eller fjern det.",
                f"The line cannot be read as CSV ({exc}); close the quote or remove it.",
            )


def _read_parquet(file: Path, report: Report) -> tuple[pl.DataFrame, _Source] | None:
    try:
        raw = pl.read_parquet(file)
    except (pl.exceptions.PolarsError, OSError) as exc:
        report.problems.append(_unreadable(file.name, exc, "Parquet"))
        return None
    frame = raw.select(_parquet_text(c, raw.schema[c]) for c in raw.columns)
    return frame, _Source(file.name, "parquet", _numbers(frame.columns))


def _parquet_text(column: str, dtype: pl.DataType) -> pl.Expr:
    """A typed Parquet column as the text a CSV file would hold."""
    col = pl.col(column)
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return col.dt.strftime("%Y-%m-%d")
    if dtype.is_float():
        integral = col.is_finite() & (col == col.round(0))
        return (
            pl.when(integral)
            .then(col.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(col.cast(pl.String))
            .alias(column)
        )
    return col.cast(pl.String)


def _unreadable(name: str, exc: BaseException, kind: str) -> Problem:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return _problem(
        name,
        None,
        None,
        "unreadable",
        f"Filen kan ikke læses som {kind} ({detail}); gem den igen som UTF-8 CSV med komma, "
        "som Parquet eller som XLSX.",
        f"The file cannot be read as {kind} ({detail}); save it again as UTF-8 CSV with commas, "
        "as Parquet or as XLSX.",
    )


def _sniff(file: Path) -> Problem | None:
    """Judge a CSV file by its first bytes, so a huge junk file is never read whole."""
    with file.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head.strip():
        return _problem(
            file.name,
            1,
            None,
            "empty_file",
            "Filen er tom; den skal mindst have en overskriftsrække.",
            "The file is empty; it needs at least a header row.",
        )
    if head.startswith((b"PK\x03\x04", b"PAR1")) or b"\x00" in head:
        what_da, what_en = (
            ("et regneark eller en zip-fil", "a workbook or zip file")
            if head.startswith(b"PK")
            else ("en Parquet-fil", "a Parquet file")
            if head.startswith(b"PAR1")
            else ("binære data", "binary data")
        )
        return _problem(
            file.name,
            None,
            None,
            "binary_file",
            f"Filen er ikke tekst (den indeholder {what_da}); eksportér tabellen som CSV "
            "(UTF-8, komma), eller giv filen den rigtige endelse.",
            f"The file is not text (it holds {what_en}); export the table as CSV "
            "(UTF-8, commas), or give the file its proper extension.",
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.start < len(head) - 4:
            line = head[: exc.start].count(b"\n") + 1
            return _problem(
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
            return _problem(
                file.name,
                1,
                None,
                "delimiter",
                f"Kolonnerne er adskilt med {name_da}; brug komma som skilletegn "
                "(i Excel: Gem som > CSV UTF-8).",
                f"The columns are separated by {name_en}; use commas "
                "(in Excel: Save as > CSV UTF-8).",
            )
    return None


def _check_table(table: Table, frame: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    yield from _check_header(table, frame, source)
    if frame.is_empty():
        return
    known = [c for c in table.columns if c.name in frame.columns]
    # Surrounding spaces are dropped and an empty field is missing, as when reading.
    normal = frame.with_row_index("_row").with_columns(
        _normal(pl.col(c.name), c).alias(c.name) for c in known
    )
    blank = pl.all_horizontal(pl.col(c).is_null() for c in frame.columns)
    for row in normal.filter(blank)["_row"].to_list():
        line, col = source.position(row, None)
        yield _problem(
            source.file,
            line,
            col,
            "blank_line",
            "Linjen er tom og springes over; fjern den.",
            "The line is empty and is skipped; remove it.",
            "warning",
        )
    indexed = normal.filter(~blank)
    for column in known:
        yield from _check_column(column, indexed, source)
    if {"start", "slut"} <= set(frame.columns):
        yield from _check_periods(table, indexed, source)


def _normal(col: pl.Expr, column: Column) -> pl.Expr:
    if column.kind != "text":
        col = col.str.strip_chars()
    return pl.when(col == "").then(None).otherwise(col)


def _check_header(table: Table, frame: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    names = {c.name for c in table.columns}
    for header in frame.columns:
        if header in names:
            continue
        line, col = source.position(None, header)
        twin = DUPLICATED.match(header)
        if twin and twin.group(1) in frame.columns:
            yield _problem(
                source.file,
                line,
                col,
                "duplicate_column",
                f"Kolonnen {twin.group(1)!r} står to gange i overskriften; fjern den ene.",
                f"The column {twin.group(1)!r} appears twice in the header; remove one.",
            )
            continue
        yield _problem(
            source.file,
            line,
            col,
            "unknown_column",
            f"Kolonnen {header!r} kendes ikke i {table.name} og læses ikke.",
            f"The column {header!r} is not part of {table.name} and is ignored.",
            "warning",
        )
    loose = {h.strip().lower(): h for h in frame.columns}
    for name in table.required:
        if name in frame.columns:
            continue
        hint_da = hint_en = ""
        if name in loose:
            hint_da = f" (der står {loose[name]!r}: ret stavemåden)"
            hint_en = f" (found {loose[name]!r}: fix the spelling)"
        line, col = source.position(None, None)
        yield _problem(
            source.file,
            line,
            col,
            "missing_column",
            f"Den krævede kolonne {name!r} mangler i {table.name}{hint_da}; "
            "tilføj den i overskriftsrækken.",
            f"The required column {name!r} is missing from {table.name}{hint_en}; "
            "add it to the header.",
        )


def _rows(indexed: pl.DataFrame, bad: pl.Expr, column: str) -> list[tuple[int, str | None]]:
    found = indexed.filter(bad).select("_row", pl.col(column))
    return list(found.iter_rows())


def _check_column(column: Column, indexed: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    name = column.name
    value = pl.col(name)
    present = value.is_not_null()

    def problems(
        bad: pl.Expr, code: str, da: str, en: str, severity: Severity = "error"
    ) -> Iterator[Problem]:
        for row, raw in _rows(indexed, bad, name):
            line, col = source.position(row, name)
            yield _problem(
                source.file, line, col, code, da.format(v=raw), en.format(v=raw), severity
            )

    if column.required:
        yield from problems(
            ~present,
            "required",
            f"Feltet {name} er tomt; det skal udfyldes.",
            f"The field {name} is empty; it is required.",
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
            present & (number.is_null() | ~number.is_finite() | (number < 0)).fill_null(True),
            "number",
            f"{{v!r}} i {name} er ikke et tal på 0 eller derover; "
            "skriv fx 7.5 (punktum som decimaltegn).",
            f"{{v!r}} in {name} is not a number of 0 or more; write e.g. 7.5 (point as decimal).",
        )
    elif name == "person_id":
        yield from _check_person_ids(indexed, source)


def _check_person_ids(indexed: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    # Each distinct id is judged once; the (usually no) wrong ones are joined back to their rows.
    ids = indexed["person_id"].drop_nulls().unique()
    value = pl.col("person_id")
    flags = (
        pl.DataFrame({"person_id": ids})
        .with_columns(valid=valid_cpr(ids))
        .select(
            "person_id",
            bad_cpr=is_cpr_shaped(value) & ~pl.col("valid"),
            wrong_length=value.str.contains(CPR_WRONG_LENGTH),
            other=~is_cpr_shaped(value) & ~is_pseudonym(value),
            lost_zero=value.str.contains(CPR_LOST_ZERO),
        )
        .filter(pl.any_horizontal(pl.exclude("person_id")))
    )
    kinds = (
        indexed.select("_row", "person_id")
        .join(flags, on="person_id")
        .drop("person_id")
        .sort("_row")
    )
    # The number itself is never repeated in a message: it is personal data.
    for row, bad_cpr, wrong_length, _other, lost_zero in kinds.iter_rows():
        line, col = source.position(row, "person_id")
        if bad_cpr:
            yield _problem(
                source.file,
                line,
                col,
                "cpr",
                "person_id ligner et CPR-nummer, men datodelen er ikke en gyldig dato "
                "(eller ligger i fremtiden); ret nummeret.",
                "person_id looks like a CPR number, but its date part is not a valid date "
                "(or lies in the future); correct it.",
            )
        elif wrong_length:
            yield _problem(
                source.file,
                line,
                col,
                "cpr_length",
                "person_id ligner et CPR-nummer, men har ikke 4 cifre efter bindestregen; "
                "ret nummeret.",
                "person_id looks like a CPR number but has not 4 digits after the dash; "
                "correct it.",
            )
        elif lost_zero:
            yield _problem(
                source.file,
                line,
                col,
                "cpr_lost_zero",
                "person_id har 9 cifre: et CPR-nummer, der har mistet sit foranstillede 0 "
                "(fx i Excel)? Formatér kolonnen som tekst og eksportér igen.",
                "person_id has 9 digits: a CPR number that lost its leading 0 (e.g. in Excel)? "
                "Format the column as text and export again.",
                "warning",
            )
        else:
            yield _problem(
                source.file,
                line,
                col,
                "person_id",
                "person_id er hverken et CPR-nummer (10 cifre, evt. bindestreg efter 6) eller "
                "et pseudonym (1-64 tegn: bogstaver a-z, cifre, - og _); ret værdien.",
                "person_id is neither a CPR number (10 digits, a dash after 6 allowed) nor a "
                "pseudonym (1-64 characters: letters a-z, digits, - and _); correct it.",
            )


def _check_periods(table: Table, indexed: pl.DataFrame, source: _Source) -> Iterator[Problem]:
    dated = indexed.select(
        "_row",
        *(c for c in ("person_id", table.period_key) if c and c in indexed.columns),
        _start=pl.col("start").str.to_date("%Y-%m-%d", strict=False),
        _slut=pl.col("slut").str.to_date("%Y-%m-%d", strict=False),
    )
    for row, s, e in (
        dated.filter(pl.col("_slut") < pl.col("_start"))
        .select("_row", "_start", "_slut")
        .iter_rows()
    ):
        line, col = source.position(row, "slut")
        yield _problem(
            source.file,
            line,
            col,
            "end_before_start",
            f"Slutdatoen {e} ligger før startdatoen {s}; ret en af dem.",
            f"The end date {e} is before the start date {s}; correct one of them.",
        )
    key = table.period_key
    if key is None or "person_id" not in dated.columns or key not in dated.columns:
        return
    group = ["person_id", key]
    # Only a person's second period of a kind can overlap: most rows are dropped at once. Then,
    # in start order within each (person, kind), the latest end among the earlier periods (an
    # open one is endless), packed with its row index so the message can name the row.
    end = pl.col("_slut").fill_null(OPEN_END).cast(pl.Int32).cast(pl.Int64)
    packed = end * (1 << ROW_BITS) + pl.col("_row").cast(pl.Int64)
    candidates = dated.filter(
        pl.col("_start").is_not_null()
        & pl.col("person_id").is_not_null()
        & pl.col(key).is_not_null()
        & ~pl.col(key).is_in(list(table.overlap_allowed))
        & (pl.col("_slut").is_null() | (pl.col("_slut") >= pl.col("_start")))
    )
    candidates = candidates.filter(pl.struct(group).is_duplicated())
    changed = (pl.col("person_id") != pl.col("person_id").shift(1)) | (
        pl.col(key) != pl.col(key).shift(1)
    )
    periods = (
        candidates.sort([*group, "_start", "_row"])
        .with_columns(_g=changed.fill_null(True).cum_sum())
        .with_columns(_latest=packed.cum_max().over("_g"))
        .with_columns(
            _prev=pl.when(pl.col("_g") == pl.col("_g").shift(1)).then(pl.col("_latest").shift(1))
        )
        .filter(pl.col("_prev") // (1 << ROW_BITS) >= pl.col("_start").cast(pl.Int32))
        .select("_row", (pl.col("_prev") % (1 << ROW_BITS)).alias("_other"), pl.col(key))
        .sort("_row")
    )
    for row, other, kind in periods.iter_rows():
        line, col = source.position(row, "start")
        where_da, where_en = source.where(other)
        yield _problem(
            source.file,
            line,
            col,
            "overlap",
            f"Perioden overlapper en anden periode med {key} {kind!r} for samme borger "
            f"({where_da}); afslut den ene, før den næste begynder.",
            f"The period overlaps another period with {key} {kind!r} for the same person "
            f"({where_en}); end one before the next begins.",
        )


def _cross_table(tables: dict[str, tuple[pl.DataFrame, _Source]]) -> Iterator[Problem]:
    def ids(name: str, column: str) -> pl.DataFrame:
        frame = tables[name][0]
        value = pl.col(column).str.strip_chars()
        return frame.with_row_index("_row").select(
            "_row", pl.when(value == "").then(None).otherwise(value).alias(column)
        )

    if "borgere" not in tables or "person_id" not in tables["borgere"][0].columns:
        return
    source = tables["borgere"][1]
    borgere = ids("borgere", "person_id").filter(pl.col("person_id").is_not_null())
    dup = borgere.filter(pl.col("person_id").is_duplicated())
    first_seen = dup.group_by("person_id").agg(pl.col("_row").min().alias("_first"))
    for row, first in (
        dup.join(first_seen, on="person_id")
        .filter(pl.col("_row") != pl.col("_first"))
        .select("_row", "_first")
        .sort("_row")
        .iter_rows()
    ):
        line, col = source.position(row, "person_id")
        da, en = source.where(first)
        yield _problem(
            source.file,
            line,
            col,
            "duplicate_person",
            f"Borgeren står allerede i borgere ({da}); hver borger må kun stå én gang.",
            f"The person is already in borgere ({en}); each person appears once.",
        )
    known = borgere.select("person_id").unique()
    for name in PERIOD_TABLES:
        if name not in tables or "person_id" not in tables[name][0].columns:
            continue
        src = tables[name][1]
        orphans = (
            ids(name, "person_id")
            .filter(pl.col("person_id").is_not_null())
            .join(known, on="person_id", how="anti")
            .sort("_row")
        )
        for row in orphans["_row"].to_list():
            line, col = src.position(row, "person_id")
            yield _problem(
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
                ids("markeringer", "medarbejder_id")
                .filter(pl.col("medarbejder_id").is_not_null())
                .join(
                    ids("medarbejdere", "medarbejder_id").select("medarbejder_id").unique(),
                    on="medarbejder_id",
                    how="anti",
                )
                .sort("_row")
            )
            for row in unknown["_row"].to_list():
                line, col = src.position(row, "medarbejder_id")
                yield _problem(
                    src.file,
                    line,
                    col,
                    "unknown_staff",
                    "Medarbejderen findes ikke i medarbejdere; tilføj medarbejderen dér.",
                    "The staff member is not in medarbejdere; add them there.",
                    "warning",
                )
