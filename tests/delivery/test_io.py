"""Reading and writing deliveries: every format round-trips, and unreadable input says so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.delivery.io import read_delivery, write_delivery
from fremdrift.delivery.schema import Delivery
from fremdrift.errors import UserError
from fremdrift.synth.generate import generate


@pytest.fixture(scope="module")
def delivery() -> Delivery:
    return generate(
        kommuner=["147", "766"], seed=5, persons=120, first=date(2020, 1, 1), last=date(2020, 12, 1)
    )


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
@pytest.mark.parametrize("as_zip", [False, True])
def test_round_trip(delivery: Delivery, tmp_path: Path, fmt: str, as_zip: bool) -> None:
    target = tmp_path / ("levering.zip" if as_zip else "levering")
    write_delivery(delivery, target, fmt=fmt, as_zip=as_zip)  # type: ignore[arg-type]
    back = read_delivery(target)
    for name, frame in delivery.tables.items():
        assert_frame_equal(back[name], frame, check_row_order=True)


def test_optional_columns_and_tables_may_be_left_out(tmp_path: Path) -> None:
    (tmp_path / "borgere.csv").write_text(
        "\ufeffperson_id,kommunekode,foedselsdato,koen,herkomst\np1,147,1980-02-03,K,dansk\n",
        encoding="utf-8",
    )
    (tmp_path / "forloeb.csv").write_text(
        "person_id,initiativ,gruppe,start\np1,fsm2,1,2020-01-01\n"
    )
    d = read_delivery(tmp_path)
    assert d["borgere"]["foedselsdato"].to_list() == [date(1980, 2, 3)]
    assert d["forloeb"]["slut"].to_list() == [None]
    assert d["aktiviteter"].is_empty()
    assert d["forloeb"].schema["gruppe"] == pl.Int8


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "ingen borgere"),
        ({"borgere.csv": "person_id,kommunekode\np1,147\n"}, "mangler kolonnen"),
        (
            {
                "borgere.csv": "person_id,kommunekode,foedselsdato,koen,herkomst\n"
                "p1,147,3/2/1980,K,dansk\n"
            },
            "fremdrift validate",
        ),
        ({"borgere.csv": "x\n", "format_version": "2\n"}, "format 1"),
    ],
)
def test_unreadable_deliveries_say_what_is_wrong(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(UserError, match=message):
        read_delivery(tmp_path)


def test_a_missing_path_and_a_non_zip_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="findes ikke"):
        read_delivery(tmp_path / "nope")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01not a zip")
    with pytest.raises(UserError, match="hverken en mappe"):
        read_delivery(junk)


def test_binary_and_latin1_files_are_refused_before_reading(tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    with (junk / "borgere.csv").open("wb") as f:
        f.write(b"\x00\x9f" * 1000)
        f.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    with pytest.raises(UserError, match="ikke en tekstfil"):
        read_delivery(junk)
    latin = tmp_path / "latin"
    latin.mkdir()
    (latin / "borgere.csv").write_bytes("person_id,navn\np1,Søren\n".encode("latin-1"))
    with pytest.raises(UserError, match="UTF-8"):
        read_delivery(latin)


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(tmp_path: Path) -> None:
    staff = pl.DataFrame(
        {"medarbejder_id": ["m1"], "kommunekode": ["147"], "navn": ["=HYPERLINK(1)"]}
    )
    delivery = Delivery.from_frames({"medarbejdere": staff})
    write_delivery(delivery, tmp_path / "x", fmt="xlsx")
    assert read_delivery(tmp_path / "x")["medarbejdere"]["navn"].to_list() == ["=HYPERLINK(1)"]


def test_blank_lines_bom_version_and_extra_parquet_columns(tmp_path: Path) -> None:
    (tmp_path / "format_version.txt").write_text("\ufeff1\r\n", encoding="utf-8")
    (tmp_path / "borgere.csv").write_text(
        "person_id,kommunekode,foedselsdato,koen,herkomst\n\np1, 147 ,1980-02-03,K,dansk\n\n"
    )
    pl.DataFrame(
        {"person_id": ["p1"], "initiativ": ["fsm2"], "gruppe": [1], "start": [date(2020, 1, 1)]}
    ).with_columns(note=pl.lit("x")).write_parquet(tmp_path / "forloeb.parquet")
    d = read_delivery(tmp_path)
    assert d["borgere"]["kommunekode"].to_list() == ["147"]
    assert d["forloeb"].columns == [
        "person_id",
        "initiativ",
        "gruppe",
        "start",
        "slut",
        "slutaarsag",
    ]
    assert d["forloeb"]["gruppe"].to_list() == [1]


def test_a_damaged_zip_is_one_clear_error(tmp_path: Path, delivery: Delivery) -> None:
    archive = tmp_path / "d.zip"
    write_delivery(delivery, archive, as_zip=True)
    data = bytearray(archive.read_bytes())
    data[100:400] = bytes(300)
    archive.write_bytes(bytes(data))
    with pytest.raises(UserError, match="beskadiget"):
        read_delivery(archive)


def test_zips_are_identical_for_identical_content(tmp_path: Path, delivery: Delivery) -> None:
    write_delivery(delivery, tmp_path / "a.zip", fmt="parquet", as_zip=True)
    write_delivery(delivery, tmp_path / "b.zip", fmt="parquet", as_zip=True)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
