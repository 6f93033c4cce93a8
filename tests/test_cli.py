"""The command line as a user runs it: exact CSV columns, disclosure marks, payout, clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from fremdrift.cli import main

COLUMNS = "initiative,month,level,kommunekode,breakdown,category,indicator,numerator,denominator"


@pytest.fixture(scope="module")
def delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "levering"
    assert main(["generate", str(out), "--kommuner", "147,766,791", "--seed", "11"]) == 0
    return out


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def period(initiative: str, first: str, last: str) -> list[str]:
    return ["--initiative", initiative, "--from", first, "--to", last]


def test_indicators_csv_has_exactly_the_columns(
    delivery: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "indicators",
        str(delivery),
        *period("fsm2", "2020-01", "2020-03"),
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == COLUMNS
    assert {r["month"] for r in rows} == {"2020-01", "2020-02", "2020-03"}
    assert {r["breakdown"] for r in rows} == {
        "total",
        "herkomst",
        "herkomst3",
        "koen",
        "alder",
        "fritaget",
    }
    assert {r["kommunekode"] for r in rows if r["level"] == "national"} == {""}
    total = [r for r in rows if r["breakdown"] == "total"]
    assert all(r["category"] == "i_alt" for r in total)
    assert {r["indicator"] for r in total} >= {
        "jobformidler",
        "ydelsesskift",
        "step_up",
        "loentimer_eller_uddannelse",
    }


def test_ressourceforloeb_lists_status_states(
    delivery: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "indicators",
        str(delivery),
        *period("ressourceforloeb", "2020-01", "2022-12"),
        "--format",
        "json",
    )
    assert code == 0
    rows = json.loads(out)
    states = {r["category"] for r in rows if r["indicator"] == "status_efter_forloeb"}
    assert {"fleksjob", "foertidspension", "andet"} <= states


def test_disclosure_control_prints_the_mark(
    delivery: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "indicators",
        str(delivery),
        *period("fsm2", "2020-01", "2020-02"),
        "--disclosure-control",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    marked = [r for r in rows if r["numerator"] == "<5"]
    assert marked and all(r["denominator"] == "<5" for r in marked)
    for r in rows:
        for value in (r["numerator"], r["denominator"]):
            assert value == "<5" or not 1 <= int(value) <= 4


def test_payout_json_and_text(delivery: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "payout",
        str(delivery),
        "--initiative",
        "fsm2",
        "--kommune",
        "147",
        "--grant",
        "3695000",
        "--from",
        "2020-01",
        "--to",
        "2021-12",
    ]
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert {"rule", "best_month", "best_share", "thresholds", "share_of_grant", "amount"} <= set(
        result
    )
    expected = 0.5 + sum(
        t["releases"] for t in result["thresholds"] if result["best_share"] >= t["share"]
    )
    assert result["share_of_grant"] == pytest.approx(expected)
    assert result["amount"] == pytest.approx(3_695_000 * expected)
    code, text, _ = run(capsys, *args, "--format", "text")
    assert code == 0 and "Bedste måned" in text and result["best_month"] in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2020-13", "--to", "2020-01"], "ÅÅÅÅ-MM"),
        (["--from", "2021-01", "--to", "2020-01"], "før den begynder"),
    ],
)
def test_bad_months_give_one_clear_line(
    delivery: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "indicators", str(delivery), "--initiative", "fsm2", *args)
    assert code != 0 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_delivery_and_unknown_kommune(
    tmp_path: Path, delivery: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "indicators",
        str(tmp_path / "nope"),
        *period("fsm2", "2020-01", "2020-01"),
    )
    assert code != 0 and "findes ikke" in err
    code, _, err = run(
        capsys,
        "payout",
        str(delivery),
        "--initiative",
        "fsm2",
        "--kommune",
        "999",
        "--grant",
        "1",
        "--from",
        "2020-01",
        "--to",
        "2020-01",
    )
    assert code != 0 and "98 kommunekoder" in err
    code, _, err = run(
        capsys,
        "payout",
        str(delivery),
        "--initiative",
        "ressourceforloeb",
        "--kommune",
        "791",
        "--grant",
        "4000000",
        "--from",
        "2020-01",
        "--to",
        "2020-12",
    )
    assert code != 0 and "udbetalingsregel" in err


def test_figures_are_refused_for_a_delivery_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "borgere.csv").write_text(
        "person_id,kommunekode,foedselsdato,koen,herkomst\np1,147,1980-01-01,K,martian\n"
    )
    code, out, err = run(capsys, "indicators", str(bad), *period("fsm2", "2020-01", "2020-01"))
    assert code != 0 and out == ""
    assert "1 fejl" in err and "fremdrift validate" in err
