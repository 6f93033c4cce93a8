"""The validator: each check gives the exact position and a message; clean deliveries pass."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from fremdrift.cli import main
from fremdrift.delivery.schema import json_schema
from fremdrift.delivery.validate import validate_delivery

BORGERE = "person_id,kommunekode,foedselsdato,koen,herkomst\n"
CLEAN = {
    "borgere.csv": BORGERE + "0101801234,147,1980-01-01,K,dansk\np2,791,1975-06-30,M,vestlig\n",
    "forloeb.csv": "person_id,initiativ,gruppe,start,slut,slutaarsag\n"
    "0101801234,fsm2,1,2020-01-01,2020-03-14,gruppeskift\n0101801234,fsm2,2,2020-03-15,,\n",
    "markeringer.csv": "person_id,markering,start,slut,medarbejder_id,fritagelsesgrund\n"
    "p2,fritagelse,2020-01-01,2020-06-30,,sygdom\np2,fritagelse,2020-03-01,,,barsel\n",
    "aktiviteter.csv": "person_id,aktivitet,start,slut,timer_pr_uge,cvr\n"
    "p2,loennede_timer,2020-02-01,2020-02-29,7.5,12345678\np2,uddannelse,2020-02-10,,,\n",
}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def lines(folder: Path) -> list[str]:
    return [p.text() for p in validate_delivery(folder).problems]


def test_a_clean_delivery_has_no_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "d", CLEAN)
    assert lines(folder) == []
    assert main(["validate", str(folder)]) == 0
    assert "leverancen er i orden" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "borgere.csv",
            BORGERE + "p1,999,1980-01-01,K,dansk\n",
            "borgere.csv:2:2: Kommunekoden '999' findes ikke",
        ),
        (
            "borgere.csv",
            BORGERE + "p1,147,01-02-1980,K,dansk\n",
            "borgere.csv:2:3: '01-02-1980' i foedselsdato er ikke en dato",
        ),
        (
            "borgere.csv",
            BORGERE + "p1,147,1980-01-01,X,dansk\n",
            "borgere.csv:2:4: Ukendt kode 'X' i koen; brug en af: M, K.",
        ),
        (
            "borgere.csv",
            BORGERE + "p1,147,1980-01-01,K,\n",
            "borgere.csv:2:5: Kolonnen herkomst er tom",
        ),
        (
            "borgere.csv",
            BORGERE + "3213801234,147,1980-01-01,K,dansk\n",
            "borgere.csv:2:1: person_id ligner et CPR-nummer",
        ),
        (
            "borgere.csv",
            BORGERE + "p 1,147,1980-01-01,K,dansk\n",
            "borgere.csv:2:1: person_id er hverken et CPR-nummer",
        ),
        (
            "borgere.csv",
            BORGERE + "p1,147,1980-01-01,K,dansk\np1,147,1980-01-01,K,dansk\n",
            "borgere.csv:3:1: Borgeren står allerede i borgere (linje 2)",
        ),
        (
            "borgere.csv",
            "person_id,kommunekode\np1,147\n",
            "borgere.csv:1: Den krævede kolonne 'foedselsdato' mangler",
        ),
        (
            "borgere.csv",
            "person_id;kommunekode\np1;147\n",
            "borgere.csv:1: Kolonnerne er adskilt med semikolon",
        ),
        (
            "forloeb.csv",
            "person_id,initiativ,gruppe,start,slut\np1,fsm2,1,2020-03-01,2020-02-01\n",
            "forloeb.csv:2:5: Slutdatoen 2020-02-01 ligger før startdatoen 2020-03-01",
        ),
        (
            "forloeb.csv",
            "person_id,initiativ,gruppe,start,slut\np1,fsm2,1,2020-01-01,\np1,fsm2,2,2020-05-01,\n",
            "forloeb.csv:3:4: Perioden overlapper en tidligere periode af samme slags "
            "for samme borger (linje 2)",
        ),
        (
            "forloeb.csv",
            "person_id,initiativ,gruppe,start\np1,fsm2,3,2020-01-01\n",
            "forloeb.csv:2:3: Ukendt kode '3' i gruppe",
        ),
        (
            "forloeb.csv",
            "person_id,initiativ,gruppe,start\nghost,fsm2,1,2020-01-01\n",
            "forloeb.csv:2:1: Borgeren findes ikke i borgere",
        ),
        (
            "aktiviteter.csv",
            "person_id,aktivitet,start,timer_pr_uge\np1,loennede_timer,2020-01-01,-2\n",
            "aktiviteter.csv:2:4: '-2' i timer_pr_uge er ikke et tal på 0 eller derover",
        ),
        ("format_version", "2\n", "format_version:1:1: Formatversion '2' kendes ikke"),
    ],
)
def test_each_check_points_at_the_cell(tmp_path: Path, name: str, text: str, expected: str) -> None:
    files = {"borgere.csv": BORGERE + "p1,147,1980-01-01,K,dansk\n", name: text}
    found = lines(write(tmp_path / "d", files))
    assert any(line.startswith(expected) for line in found), found


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    rows = "".join(f"p{i},999,1980-01-01,K,dansk\n" for i in range(200))
    found = lines(write(tmp_path / "d", {"borgere.csv": BORGERE + rows}))
    assert len(found) == 200
    assert found[-1].startswith("borgere.csv:201:2:")


def test_overlapping_exemptions_and_activities_are_allowed(tmp_path: Path) -> None:
    assert lines(write(tmp_path / "d", CLEAN)) == []


def test_a_2_gb_junk_file_gets_one_message_and_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    with (folder / "borgere.csv").open("wb") as f:
        f.write(bytes(range(256)) * 64)
        f.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    found = validate_delivery(folder).problems
    assert [p.code for p in found] == ["binary_file", "missing_table"]


def test_latin1_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "borgere.csv").write_bytes(
        (BORGERE + "p1,147,1980-01-01,K,dansk\np2,147,Søren,K,dansk\n").encode("latin-1")
    )
    assert lines(folder)[0].startswith("borgere.csv:3: Filen er ikke UTF-8")


def test_zip_parquet_and_xlsx_positions(tmp_path: Path) -> None:
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("levering/borgere.csv", BORGERE + "p1,999,1980-01-01,K,dansk\n")
    assert lines(archive) == [
        "borgere.csv:2:2: Kommunekoden '999' findes ikke; "
        "brug en af de 98 kommunekoder, fx 147 Frederiksberg."
    ]
    parquet = tmp_path / "p"
    parquet.mkdir()
    pl.DataFrame(
        {
            "person_id": ["p1", "p2"],
            "kommunekode": ["147", "998"],
            "foedselsdato": ["1980-01-01"] * 2,
            "koen": ["K", "M"],
            "herkomst": ["dansk"] * 2,
        }
    ).write_parquet(parquet / "borgere.parquet")
    assert lines(parquet)[0].startswith("borgere.parquet:2:2: Kommunekoden '998'")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "borgere"
    sheet.append(["person_id", "kommunekode", "foedselsdato", "koen", "herkomst"])
    sheet.append(["p1", "147", "1980-01-01", "K", "dansk"])
    sheet.append(["p2", "147", "1980-01-01", "Q", "dansk"])
    xlsx = tmp_path / "x"
    xlsx.mkdir()
    book.save(xlsx / "levering.xlsx")
    assert lines(xlsx)[0].startswith("levering.xlsx:borgere!D3: Ukendt kode 'Q' i koen")


def test_cli_exit_codes_english_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "d", {"borgere.csv": BORGERE + "p1,999,1980-01-01,K,dansk\n"})
    report = tmp_path / "r.json"
    assert main(["validate", str(folder), "--lang", "en", "--report", str(report)]) == 1
    out = capsys.readouterr()
    assert "borgere.csv:2:2: The municipality code '999' does not exist" in out.out
    assert "1 errors" in out.err
    saved = json.loads(report.read_text())
    assert saved["errors"] == 1 and saved["problems"][0]["code"] == "kommunekode"


def test_warnings_alone_pass(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "d",
        {
            "borgere.csv": "person_id,kommunekode,foedselsdato,koen,herkomst,note\n"
            "p1,147,1980-01-01,K,dansk,x\n"
        },
    )
    assert main(["validate", str(folder)]) == 0


def test_cpr_numbers_are_never_repeated_in_messages(tmp_path: Path) -> None:
    folder = write(tmp_path / "d", {"borgere.csv": BORGERE + "3213801234,147,1980-01-01,K,dansk\n"})
    assert all("3213801234" not in line for line in lines(folder))


def test_committed_json_schema_matches_the_code() -> None:
    committed = Path(__file__).parents[2] / "src/fremdrift/delivery/schema-v1.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json_schema()
