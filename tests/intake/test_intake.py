"""STAR's intake: a good delivery is split per municipality and kept as a version, a bad one is
rejected with its whole report and nothing of it accepted, the same delivery twice changes
nothing, a correction supersedes and the old version stays, and no delivery is shown as missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.cli import main
from fremdrift.delivery.io import read_delivery
from fremdrift.delivery.schema import TABLES, Delivery
from fremdrift.delivery.validate import validate_delivery
from fremdrift.intake.models import DeliveryVersion, FrozenError
from fremdrift.intake.selectors import current_versions, delivery_status, load_version
from fremdrift.leveringer.tables import for_kommune

from .conftest import MONTH, corrected, small, write

pytestmark = pytest.mark.django_db


def intake(path: Path, *args: str) -> int:
    return main(["intake", str(path), "--month", MONTH, *args])


def assert_same(a: Delivery, b: Delivery) -> None:
    for name in TABLES:
        assert_frame_equal(a[name], b[name])


def test_a_delivery_is_split_per_kommune_and_kept(
    two_kommuner: Delivery, tmp_path: Path, var_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(two_kommuner, tmp_path / "levering.zip", as_zip=True)
    assert intake(path, "--by", "Jobcenter Frederiksberg") == 0
    out = capsys.readouterr().out
    assert "Frederiksberg (147), 2025-06: version 1 modtaget" in out
    assert "Viborg (791), 2025-06: version 1 modtaget" in out
    current = current_versions(MONTH)
    assert sorted(current) == ["147", "791"]
    for kommune, version in current.items():
        assert version.status == "accepted" and version.version == 1
        assert version.delivered_by == "Jobcenter Frederiksberg"
        assert (var_dir / "intake" / kommune / MONTH / "v1" / "borgere.parquet").is_file()
        assert_same(load_version(version), for_kommune(two_kommuner, kommune))
        assert version.row_counts["borgere"] == (
            two_kommuner["borgere"].filter(pl.col("kommunekode") == kommune).height
        )


def test_the_same_delivery_again_changes_nothing_whatever_its_format(
    two_kommuner: Delivery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert intake(write(two_kommuner, tmp_path / "csv")) == 0
    capsys.readouterr()
    assert intake(write(two_kommuner, tmp_path / "pq", fmt="parquet"), "--kommune", "147") == 0
    assert "Frederiksberg (147), 2025-06: ingen ændring (samme som version 1)" in (
        capsys.readouterr().out
    )
    assert DeliveryVersion.objects.count() == 2


def test_a_correction_supersedes_and_the_old_version_stays(
    two_kommuner: Delivery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert intake(write(two_kommuner, tmp_path / "v1")) == 0
    fixed = corrected(two_kommuner, "147")
    assert intake(write(fixed, tmp_path / "v2")) == 0
    out = capsys.readouterr().out
    assert "Frederiksberg (147), 2025-06: version 2 modtaget (erstatter version 1)" in out
    assert "Viborg (791), 2025-06: ingen ændring" in out
    current = current_versions(MONTH)
    assert current["147"].version == 2 and current["791"].version == 1
    old = DeliveryVersion.objects.get(kommune_id="147", month=MONTH, version=1)
    assert current["147"].supersedes == old
    assert_same(load_version(old), for_kommune(two_kommuner, "147"))
    assert_same(load_version(current["147"]), for_kommune(fixed, "147"))
    with pytest.raises(FrozenError):
        old.save()
    with pytest.raises(FrozenError):
        old.delete()


def test_cpr_numbers_are_refused_at_star(
    tmp_path: Path, var_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    delivery = small(["147"], cpr=True, persons=60)
    path = write(delivery, tmp_path / "cpr")
    assert validate_delivery(path).errors == 0, "valid for the municipality, not for STAR"
    assert intake(path, "--report", str(tmp_path / "rapport.json")) == 1
    err = capsys.readouterr().err
    assert "person_id i borgere er CPR-numre" in err
    assert "skal være pseudonymiseret" in err
    assert "version 1 afvist" in err
    version = DeliveryVersion.objects.get()
    assert version.status == "rejected" and version.storage == ""
    assert {p["code"] for p in version.report["problems"]} == {"not_pseudonymised"}
    assert current_versions(MONTH) == {}
    # Nothing of the delivery is kept at STAR, only the report (which names no person).
    kept = list((var_dir / "intake").rglob("*"))
    assert [p.name for p in kept if p.is_file()] == ["kontrolrapport.json"]
    stored = next(p for p in kept if p.is_file()).read_text()
    assert not any(cpr in stored for cpr in delivery["borgere"]["person_id"].to_list())
    assert json.loads((tmp_path / "rapport.json").read_text())["errors"] == version.report["errors"]


def test_a_bad_delivery_is_rejected_with_every_problem_and_nothing_accepted(
    two_kommuner: Delivery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert intake(write(two_kommuner, tmp_path / "good")) == 0
    bad = tmp_path / "bad"
    write(two_kommuner, bad)
    borgere = pl.read_csv(bad / "borgere.csv", infer_schema=False)
    # Impossible birth dates in Frederiksberg: more problems than the command prints.
    rows = borgere.with_row_index("i").with_columns(
        foedselsdato=pl.when((pl.col("kommunekode") == "147") & (pl.col("i") < 80))
        .then(pl.lit("1990-02-30"))
        .otherwise(pl.col("foedselsdato"))
    )
    rows.drop("i").write_csv(bad / "borgere.csv")
    expected = validate_delivery(bad).errors
    assert expected > 20
    assert intake(bad, "--report", str(tmp_path / "r.csv")) == 1
    err = capsys.readouterr().err
    assert "leverancen afvises" in err and "problemer mere" in err
    for kommune in ("147", "791"):
        latest = DeliveryVersion.objects.filter(kommune_id=kommune, month=MONTH).last()
        assert latest is not None and latest.status == "rejected" and latest.version == 2
        assert len(latest.report["problems"]) == latest.report["errors"] == expected
    assert len((tmp_path / "r.csv").read_text().splitlines()) == expected + 1
    # The accepted versions are still the current ones.
    assert {k: v.version for k, v in current_versions(MONTH).items()} == {"147": 1, "791": 1}
    # The same bad delivery again: no new version.
    assert intake(bad) == 1
    assert "samme leverance som sidst" in capsys.readouterr().err
    assert DeliveryVersion.objects.count() == 4


def test_a_municipality_without_a_delivery_is_missing_not_zero(
    two_kommuner: Delivery, tmp_path: Path
) -> None:
    assert intake(write(two_kommuner, tmp_path / "a"), "--kommune", "147") == 0
    assert intake(write(small(["766"], cpr=True, persons=30), tmp_path / "b")) == 1
    status = {s.kommunekode: s for s in delivery_status(MONTH)}
    assert len(status) == 98
    assert status["147"].status == "delivered" and status["147"].version == 1
    assert status["766"].status == "rejected" and status["766"].version == 1
    assert status["791"].status == "missing" and status["791"].version is None
    assert status["791"].received_at is None
    assert sum(s.status == "missing" for s in status.values()) == 96
    # Another month knows nothing of June's deliveries.
    assert {s.status for s in delivery_status("2025-07")} == {"missing"}


def test_a_wrong_kommune_is_a_clear_error(
    two_kommuner: Delivery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(two_kommuner, tmp_path / "a")
    assert intake(path, "--kommune", "101") == 2
    assert "ingen borgere i København (101)" in capsys.readouterr().err
    assert main(["intake", str(path), "--month", "juni"]) == 2
    assert "ÅÅÅÅ-MM" in capsys.readouterr().err
    assert intake(tmp_path / "findes-ikke.zip", "--kommune", "147") == 2
    assert "findes ikke" in capsys.readouterr().err
    assert DeliveryVersion.objects.count() == 0


def test_read_back_matches_the_delivery_as_read(two_kommuner: Delivery, tmp_path: Path) -> None:
    path = write(two_kommuner, tmp_path / "x.zip", as_zip=True)
    assert intake(path) == 0
    whole = read_delivery(path)
    for kommune, version in current_versions(MONTH).items():
        assert_same(load_version(version), for_kommune(whole, kommune))


def test_a_delivery_that_looks_like_another_month_is_warned_about(
    two_kommuner: Delivery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(two_kommuner, tmp_path / "a")
    # Data up to 2025-06, said to be for 2024-03: periods begin after it.
    assert main(["intake", str(path), "--month", "2024-03"]) == 0
    out = capsys.readouterr().out
    assert "perioder, der begynder efter 2024-03" in out and "advarsler" in out
    # Said to be for 2027-01: nothing has happened for a year and a half.
    assert main(["intake", str(path), "--month", "2027-01"]) == 0
    assert "er det et gammelt udtræk, eller er --month (2027-01) forkert?" in (
        capsys.readouterr().out
    )
    version = DeliveryVersion.objects.get(kommune_id="147", month="2027-01")
    assert [p["code"] for p in version.report["problems"]] == ["old_extract"]
    # The right month: no warning.
    assert intake(path) == 0
    assert "advarsler" not in capsys.readouterr().out


def test_a_huge_report_is_kept_whole_in_its_file_and_cut_in_the_row(
    two_kommuner: Delivery,
    tmp_path: Path,
    var_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("fremdrift.intake.services.REPORT_LIMIT", 3)
    path = write(small(["147"], cpr=True, persons=60), tmp_path / "cpr")
    assert intake(path) == 1
    version = DeliveryVersion.objects.get()
    assert version.report["errors"] == 5 and version.report["truncated"]
    assert len(version.report["problems"]) == 3
    whole = json.loads((var_dir / "intake/147/2025-06/v1/kontrolrapport.json").read_text())
    assert len(whole["problems"]) == 5
