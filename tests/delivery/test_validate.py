"""The validator: each check gives the exact position and a message; clean deliveries pass."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from fremdrift.cli import main
from fremdrift.delivery.jsonschema import SCHEMA_FILE, json_schema, render
from fremdrift.delivery.validate import Problem, validate_delivery

# Synthetic CPR numbers only: valid dates, made-up sequence numbers.
BORGERE = "person_id,kommunekode,foedselsdato,koen,herkomst\n"
P1 = "p1,147,1980-01-01,K,dansk\n"
CLEAN = {
    "format_version": "1\n",
    "borgere.csv": BORGERE + "0101801234,147,1980-01-01,K,dansk\n"
    "p2,791,1975-06-30,M,vestlig\n010203-4321,766,2003-02-01,K,ikke_vestlig\n",
    "forloeb.csv": "person_id,initiativ,gruppe,start,slut,slutaarsag\n"
    "0101801234,fsm2,1,2020-01-01,2020-03-14,gruppeskift\n0101801234,fsm2,2,2020-03-15,,\n"
    "0101801234,ressourceforloeb,1,2020-02-01,,\n",
    "markeringer.csv": "person_id,markering,start,slut,medarbejder_id,fritagelsesgrund\n"
    "p2,fritagelse,2020-01-01,2020-06-30,,sygdom\np2,fritagelse,2020-03-01,,,barsel\n"
    "p2,jobformidler,2020-01-01,2020-01-31,m1,\np2,jobformidler,2020-02-01,,m1,\n",
    "ydelser.csv": "person_id,ydelse,start,slut,visitation,program\n"
    "p2,kontanthjaelp,2020-01-01,,aktivitetsparat,\np2,andet,2020-01-01,,,\n"
    "p2,andet,2020-02-01,,,\n",
    "aktiviteter.csv": "person_id,aktivitet,start,slut,timer_pr_uge,cvr\n"
    "p2,loennede_timer,2020-02-01,2020-02-29,7.5,12345678\np2,uddannelse,2020-02-10,,,\n"
    "p2,loennede_timer,2020-02-15,,10,\n",
    "medarbejdere.csv": 'medarbejder_id,kommunekode,navn,team\nm1,791,"Hansen, Anna",A\n',
}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def lines(folder: Path, lang: str = "da") -> list[str]:
    return [p.text(lang) for p in validate_delivery(folder)]


def test_a_clean_delivery_has_no_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "d", CLEAN)
    assert lines(folder) == []
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 fejl, 0 advarsler (rækker: borgere 3,") and "i orden" in out


# One delivery per check: (file, its text, the expected line or the start of it).
CHECKS = [
    # kommunekode not one of the 98, in borgere and in medarbejdere
    (
        "borgere.csv",
        BORGERE + P1 + "p2,999,1980-01-01,K,dansk\n",
        "borgere.csv:3:2: Kommunekoden '999' findes ikke; "
        "brug en af de 98 kommunekoder, fx 147 Frederiksberg.",
    ),
    (
        "medarbejdere.csv",
        "medarbejder_id,kommunekode\nm1,1470\n",
        "medarbejdere.csv:2:2: Kommunekoden '1470' findes ikke",
    ),
    # dates that do not parse
    (
        "borgere.csv",
        BORGERE + "p1,147,01-02-1980,K,dansk\n",
        "borgere.csv:2:3: '01-02-1980' i foedselsdato er ikke en dato; "
        "skriv den som ÅÅÅÅ-MM-DD, fx 2020-03-31.",
    ),
    (
        "forloeb.csv",
        "person_id,initiativ,gruppe,start,slut\np1,fsm2,1,2020-02-30,\n",
        "forloeb.csv:2:4: '2020-02-30' i start er ikke en dato",
    ),
    # unknown codes
    (
        "borgere.csv",
        BORGERE + "p1,147,1980-01-01,X,dansk\n",
        "borgere.csv:2:4: Ukendt kode 'X' i koen; brug en af: M, K.",
    ),
    (
        "ydelser.csv",
        "person_id,ydelse,start\np1,kontanthjælp,2020-01-01\n",
        "ydelser.csv:2:2: Ukendt kode 'kontanthjælp' i ydelse",
    ),
    # gruppe not 1 or 2
    (
        "forloeb.csv",
        "person_id,initiativ,gruppe,start\np1,fsm2,3,2020-01-01\n",
        "forloeb.csv:2:3: Ukendt kode '3' i gruppe; brug en af: 1, 2.",
    ),
    # empty required value
    (
        "borgere.csv",
        BORGERE + "p1,147,1980-01-01,K,\n",
        "borgere.csv:2:5: Feltet herkomst er tomt; det skal udfyldes.",
    ),
    (
        "forloeb.csv",
        "person_id,initiativ,gruppe,start\np1,fsm2,1,  \n",
        "forloeb.csv:2:4: Feltet start er tomt",
    ),
    # invalid CPR: date part; a future birth date; wrong length
    (
        "borgere.csv",
        BORGERE + "3213801234,147,1980-01-01,K,dansk\n",
        "borgere.csv:2:1: person_id ligner et CPR-nummer, men datodelen er ikke en gyldig dato",
    ),
    (
        "borgere.csv",
        BORGERE + "0101354234,147,1980-01-01,K,dansk\n",
        "borgere.csv:2:1: person_id ligner et CPR-nummer, men datodelen",
    ),
    (
        "borgere.csv",
        BORGERE + "010180-123,147,1980-01-01,K,dansk\n",
        "borgere.csv:2:1: person_id ligner et CPR-nummer, men har ikke 4 cifre",
    ),
    # neither CPR nor pseudonym: a space, a dot, 65 characters
    (
        "borgere.csv",
        BORGERE + "p 1,147,1980-01-01,K,dansk\n",
        "borgere.csv:2:1: person_id er hverken et CPR-nummer",
    ),
    (
        "borgere.csv",
        BORGERE + "a" * 65 + ",147,1980-01-01,K,dansk\n",
        "borgere.csv:2:1: person_id er hverken et CPR-nummer",
    ),
    # duplicate person_id in borgere
    (
        "borgere.csv",
        BORGERE + P1 + "p2,147,1980-01-01,K,dansk\n" + P1,
        "borgere.csv:4:1: Borgeren står allerede i borgere (linje 2); "
        "hver borger må kun stå én gang.",
    ),
    # missing required column; the misspelt one gets a hint
    (
        "borgere.csv",
        "person_id,kommunekode,foedselsdato,Koen,herkomst\np1,147,1980-01-01,K,dansk\n",
        "borgere.csv:1: Den krævede kolonne 'koen' mangler i borgere (der står 'Koen': "
        "ret stavemåden); tilføj den i overskriftsrækken.",
    ),
    # duplicate column
    (
        "borgere.csv",
        BORGERE.strip() + ",koen\np1,147,1980-01-01,K,dansk,K\n",
        "borgere.csv:1:6: Kolonnen 'koen' står to gange i overskriften; fjern den ene.",
    ),
    # wrong delimiter
    (
        "borgere.csv",
        "person_id;kommunekode\np1;147\n",
        "borgere.csv:1: Kolonnerne er adskilt med semikolon; brug komma som skilletegn",
    ),
    # end before start
    (
        "forloeb.csv",
        "person_id,initiativ,gruppe,start,slut\np1,fsm2,1,2020-03-01,2020-02-01\n",
        "forloeb.csv:2:5: Slutdatoen 2020-02-01 ligger før startdatoen 2020-03-01; ret en af dem.",
    ),
    # overlapping periods of the same kind (forloeb: per initiativ)
    (
        "forloeb.csv",
        "person_id,initiativ,gruppe,start,slut\np1,fsm2,1,2020-01-01,\np1,fsm2,2,2020-05-01,\n",
        "forloeb.csv:3:4: Perioden overlapper en anden periode med initiativ 'fsm2' for samme "
        "borger (linje 2); afslut den ene, før den næste begynder.",
    ),
    (
        "markeringer.csv",
        "person_id,markering,start,slut\np1,step_up,2020-01-01,2020-01-31\n"
        "p1,step_up,2020-01-31,\n",
        "markeringer.csv:3:3: Perioden overlapper en anden periode med markering 'step_up'",
    ),
    # person_id in a period table but not in borgere
    (
        "aktiviteter.csv",
        "person_id,aktivitet,start\nghost,andet,2020-01-01\n",
        "aktiviteter.csv:2:1: Borgeren findes ikke i borgere; "
        "tilføj borgeren dér eller fjern rækken.",
    ),
    # timer_pr_uge: not a number, negative, a comma as decimal mark
    (
        "aktiviteter.csv",
        "person_id,aktivitet,start,timer_pr_uge\np1,loennede_timer,2020-01-01,-2\n",
        "aktiviteter.csv:2:4: '-2' i timer_pr_uge er ikke et tal på 0 eller derover",
    ),
    (
        "aktiviteter.csv",
        'person_id,aktivitet,start,timer_pr_uge\np1,loennede_timer,2020-01-01,"7,5"\n',
        "aktiviteter.csv:2:4: '7,5' i timer_pr_uge er ikke et tal",
    ),
    (
        "aktiviteter.csv",
        "person_id,aktivitet,start,timer_pr_uge\np1,loennede_timer,2020-01-01,mange\n",
        "aktiviteter.csv:2:4: 'mange' i timer_pr_uge er ikke et tal",
    ),
    # wrong format_version
    (
        "format_version",
        "2\n",
        "format_version:1:1: Formatversion '2' kendes ikke; denne udgave af fremdrift læser "
        "version 1.",
    ),
    # a line with more fields than the header; the rest of the file is still checked
    (
        "borgere.csv",
        BORGERE + P1 + "p2,147,1980-01-01,K,dansk,x\n",
        "borgere.csv:3:6: Linjen har 6 felter, men overskriften har 5",
    ),
    # an unclosed quote
    (
        "borgere.csv",
        BORGERE + 'p1,147,"1980-01-01,K,dansk\np2,147,1980-01-01,K,dansk\n',
        "borgere.csv:2: Linjen kan ikke læses som CSV",
    ),
    # a file that is empty
    ("aktiviteter.csv", "", "aktiviteter.csv:1: Filen er tom"),
]


@pytest.mark.parametrize(("name", "text", "expected"), CHECKS)
def test_each_check_points_at_the_cell(tmp_path: Path, name: str, text: str, expected: str) -> None:
    files = {"borgere.csv": BORGERE + P1, name: text}
    found = lines(write(tmp_path / "d", files))
    assert any(line.startswith(expected) for line in found), found


def test_english_messages(tmp_path: Path) -> None:
    folder = write(tmp_path / "d", {"borgere.csv": BORGERE + "p1,147,1980-13-01,K,dansk\n"})
    assert lines(folder, "en") == [
        "borgere.csv:2:3: '1980-13-01' in foedselsdato is not a date; write it as "
        "YYYY-MM-DD, e.g. 2020-03-31."
    ]


def test_the_overlap_names_the_period_it_overlaps(tmp_path: Path) -> None:
    text = (
        "person_id,initiativ,gruppe,start,slut\n"
        "p1,fsm2,1,2020-01-01,2020-12-31\n"  # line 2: the whole year
        "p1,fsm2,1,2020-02-01,2020-03-01\n"  # line 3: inside line 2
        "p1,fsm2,1,2020-06-01,2020-07-01\n"  # line 4: inside line 2, not line 3
        "p1,ressourceforloeb,1,2020-06-01,\n"  # another kind: no overlap
        "p1,fsm2,1,2021-01-01,\n"  # after all of them
    )
    folder = write(tmp_path / "d", {"borgere.csv": BORGERE + P1, "forloeb.csv": text})
    found = [(p.line, p.column, p.message_en) for p in validate_delivery(folder)]
    assert [(line, col) for line, col, _ in found] == [(3, 4), (4, 4)]
    assert all("(line 2)" in message for _, _, message in found)


def test_overlap_is_allowed_where_the_table_allows_it(tmp_path: Path) -> None:
    # CLEAN holds overlapping exemptions, activities and 'andet' benefits: no problem.
    assert lines(write(tmp_path / "d", CLEAN)) == []


def test_every_problem_of_a_file_is_reported_in_line_order(tmp_path: Path) -> None:
    rows = "".join(f"p{i},999,1980-01-01,X,dansk\n" for i in range(200))
    found = validate_delivery(write(tmp_path / "d", {"borgere.csv": BORGERE + rows}))
    assert len(found) == 400 and found.errors == 400
    assert [p.line for p in found] == sorted(p.line or 0 for p in found)
    assert found[-1].text().startswith("borgere.csv:201:4:")


def test_valid_cpr_numbers_without_the_old_checksum_pass(tmp_path: Path) -> None:
    # 0101801234 fails the modulus-11 checksum; Denmark dropped it in 2007.
    borgere = BORGERE + "0101801234,147,1980-01-01,K,dansk\n290200-4321,147,2000-02-29,M,dansk\n"
    assert lines(write(tmp_path / "d", {"borgere.csv": borgere})) == []


def test_cpr_numbers_are_never_repeated_in_messages(tmp_path: Path) -> None:
    folder = write(tmp_path / "d", {"borgere.csv": BORGERE + "3213801234,147,1980-01-01,K,dansk\n"})
    found = lines(folder) + lines(folder, "en")
    assert found and all("3213801234" not in line for line in found)


def test_nine_digits_warn_of_a_lost_leading_zero(tmp_path: Path) -> None:
    found = validate_delivery(
        write(tmp_path / "d", {"borgere.csv": BORGERE + "101801234,147,1980-01-01,K,dansk\n"})
    )
    assert [(p.line, p.column, p.code, p.severity) for p in found] == [
        (2, 1, "cpr_lost_zero", "warning")
    ]


def test_unknown_columns_files_and_blank_lines_are_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(
        tmp_path / "d",
        {
            "borgere.csv": BORGERE.strip() + ",note\np1,147,1980-01-01,K,dansk,x\n\n"
            "p2,147,1980-01-01,K,dansk,\n",
            "borger.csv": "person_id\n",
        },
    )
    found = validate_delivery(folder)
    assert [p.text() for p in found] == [
        "borger.csv: Filen hører ikke til leverancen og læses ikke; tabellerne hedder borgere, "
        "forloeb, markeringer, ydelser, aktiviteter, medarbejdere (.csv eller .parquet).",
        "borgere.csv:1:6: Kolonnen 'note' kendes ikke i borgere og læses ikke.",
        "borgere.csv:3: Linjen er tom og springes over; fjern den.",
    ]
    assert found.errors == 0 and found.warnings == 3
    assert main(["validate", str(folder)]) == 0
    assert "0 fejl, 3 advarsler" in capsys.readouterr().out


def test_quoted_line_breaks_keep_line_numbers_true(tmp_path: Path) -> None:
    staff = 'medarbejder_id,kommunekode,navn\nm1,147,"Anna\nHansen"\nm2,999,Bo\n'
    found = lines(write(tmp_path / "d", {"borgere.csv": BORGERE + P1, "medarbejdere.csv": staff}))
    assert [line[:20] for line in found] == ["medarbejdere.csv:4:2"]


def test_a_2_gb_junk_file_gets_one_message_and_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    with (folder / "borgere.csv").open("wb") as f:
        f.write(bytes(range(256)) * 64)
        f.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    with (folder / "forloeb.parquet").open("wb") as f:
        f.write(bytes(range(256)) * 64)
        f.truncate(2 * 1024**3)
    found = validate_delivery(folder)
    assert [(p.file, p.code) for p in found] == [
        ("borgere.csv", "binary_file"),
        ("forloeb.parquet", "unreadable"),
        ("borgere.csv", "missing_table"),
    ]
    assert found[0].text().startswith("borgere.csv: Filen er ikke tekst (den indeholder binære")


def test_a_workbook_saved_as_csv_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    book = Workbook()
    book.save(folder / "borgere.csv")
    assert lines(folder)[0].startswith(
        "borgere.csv: Filen er ikke tekst (den indeholder et regneark eller en zip-fil)"
    )


def test_latin1_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "borgere.csv").write_bytes((BORGERE + P1 + "p2,147,Søren,K,dansk\n").encode("cp1252"))
    assert lines(folder)[0] == (
        "borgere.csv:3: Filen er ikke UTF-8 (fx gemt som Windows-1252); gem den som UTF-8 og "
        "prøv igen."
    )


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    folder = write(tmp_path / "d", {"borgere.csv": "\ufeff" + BORGERE + P1})
    assert lines(folder) == []


def test_zip_input(tmp_path: Path) -> None:
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("levering/borgere.csv", BORGERE + "p1,999,1980-01-01,K,dansk\n")
        z.writestr("levering/format_version", "1\n")
        z.writestr("__MACOSX/levering/._borgere.csv", b"\x00\x05junk")
    assert lines(archive) == [
        "borgere.csv:2:2: Kommunekoden '999' findes ikke; "
        "brug en af de 98 kommunekoder, fx 147 Frederiksberg."
    ]


def test_parquet_row_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    pl.DataFrame(
        {
            "person_id": ["p1", "p2", "p3"],
            "kommunekode": ["147", "998", "147"],
            "foedselsdato": [date(1980, 1, 1)] * 3,
            "koen": ["K", "M", "Q"],
            "herkomst": ["dansk"] * 3,
        }
    ).write_parquet(folder / "borgere.parquet")
    pl.DataFrame(
        {"person_id": ["p1"], "initiativ": ["fsm2"], "gruppe": [3.0], "start": ["2020-01-01"]}
    ).write_parquet(folder / "forloeb.parquet")
    expected = [
        "borgere.parquet:2:2: Kommunekoden '998'",
        "borgere.parquet:3:4: Ukendt kode 'Q'",
        "forloeb.parquet:1:3: Ukendt kode '3'",
    ]
    found = lines(folder)
    assert len(found) == 3 and all(a.startswith(b) for a, b in zip(found, expected, strict=True))


def test_xlsx_cell_references(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "borgere"
    sheet.append(["person_id", "kommunekode", "foedselsdato", "koen", "herkomst"])
    sheet.append(["p1", 147, "1980-01-01", "K", "dansk"])
    sheet.append(["p2", 147, "1980-01-01", "Q", "dansk"])
    activities = book.create_sheet("aktiviteter")
    activities.append(["person_id", "aktivitet", "start", "slut", "timer_pr_uge"])
    for _ in range(5):
        activities.append(["p1", "andet", "2020-01-01", None, 5])
    activities.append(["p1", "andet", "2020-01-01", "2019-12-31", -1])
    book.create_sheet("noter").append(["frit"])
    folder = tmp_path / "x"
    folder.mkdir()
    book.save(folder / "levering.xlsx")
    assert lines(folder) == [
        "levering.xlsx:noter!A1: Arket 'noter' er ikke en tabel i formatet og læses ikke; "
        "arkene hedder borgere, forloeb, markeringer, ydelser, aktiviteter, medarbejdere.",
        "levering.xlsx:borgere!D3: Ukendt kode 'Q' i koen; brug en af: M, K.",
        "levering.xlsx:aktiviteter!D7: Slutdatoen 2019-12-31 ligger før startdatoen 2020-01-01; "
        "ret en af dem.",
        "levering.xlsx:aktiviteter!E7: '-1' i timer_pr_uge er ikke et tal på 0 eller derover; "
        "skriv fx 7.5 (punktum som decimaltegn).",
    ]


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p / "nope", "not_found"),
        (lambda p: _file(p / "levering.csv", BORGERE.encode()), "not_a_delivery"),
        (lambda p: _file(p / "junk.zip", b"PK\x03\x04" + bytes(range(256)) * 8), "unreadable_zip"),
        (lambda p: _damaged_zip(p / "d.zip"), "unreadable_zip"),
    ],
)
def test_no_delivery_at_all_is_one_problem_and_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, code: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    found = validate_delivery(path)
    assert [p.code for p in found] == [code]
    assert main(["validate", str(path), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("fremdrift validate: ") and "Traceback" not in err


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _damaged_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("borgere.csv", (BORGERE + P1) * 500)
    data = bytearray(path.read_bytes())
    data[60:200] = bytes(140)  # damage the compressed data, keep the directory
    path.write_bytes(bytes(data))
    return path


def test_cli_exit_codes_english_and_json_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "d", {"borgere.csv": BORGERE + "p1,999,1980-01-01,K,dansk\n"})
    report = tmp_path / "r.json"
    assert main(["validate", str(folder), "--lang", "en", "--report", str(report)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("borgere.csv:2:2: The municipality code '999' does not exist")
    assert err.startswith("1 errors, 0 warnings (kommunekode 1; rows: borgere 1)")
    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["errors"] == 1 and saved["counts"] == {"kommunekode": 1}
    assert saved["problems"][0] == {
        "file": "borgere.csv",
        "line": 2,
        "column": 2,
        "code": "kommunekode",
        "message_da": "Kommunekoden '999' findes ikke; brug en af de 98 kommunekoder, "
        "fx 147 Frederiksberg.",
        "message_en": "The municipality code '999' does not exist; use one of the 98 codes, "
        "e.g. 147.",
        "severity": "error",
    }


def test_cli_caps_lines_per_kind_but_counts_all_and_writes_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"p{i},999,1980-01-01,K,dansk\n" for i in range(120))
    folder = write(tmp_path / "d", {"borgere.csv": BORGERE + rows})
    report = tmp_path / "r.csv"
    assert main(["validate", str(folder), "--report", str(report)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 51 and out.splitlines()[-1].startswith(
        "... og 70 flere af slagsen kommunekode"
    )
    assert err.startswith("120 fejl, 0 advarsler (kommunekode 120;")
    saved = pl.read_csv(report, infer_schema=False)
    assert saved.height == 120 and saved.columns[:4] == ["file", "line", "column", "code"]
    assert main(["validate", str(folder), "--max-per-kind", "0"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 120


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    assert "fremdrift validate levering.zip --lang en --report problemer.json" in out
    assert "JSON" in out and "CSV" in out


def test_problem_text_formats() -> None:
    assert Problem("a.csv", 3, 2, "x", "fejl", "error").text() == "a.csv:3:2: fejl"
    assert Problem("b.xlsx", 7, "ark!C7", "x", "fejl", "error").text("en") == "b.xlsx:ark!C7: error"
    assert Problem("c.csv", None, None, "x", "fejl", "error").text() == "c.csv: fejl"


def test_committed_json_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render()
    schema = json_schema()
    tables = schema["$defs"]
    assert isinstance(tables, dict) and set(tables) >= {"borgere", "forloeb", "medarbejdere"}
    assert tables["forloeb"]["required"] == ["person_id", "initiativ", "gruppe", "start"]
