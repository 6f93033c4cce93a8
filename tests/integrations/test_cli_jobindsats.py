"""`fremdrift jobindsats` as a user runs it, against the local server."""

from __future__ import annotations

import pytest

from fremdrift.cli import main
from fremdrift.integrations.jobindsats.client import KEY_MESSAGE
from fremdrift.integrations.models import Benchmark, BenchmarkFetch
from fremdrift.integrations.selectors import benchmark

from .conftest import LocalServer
from .test_jobindsats import KEY, v2_api, v3_api


def test_subjects_and_metadata_print_what_the_api_has(
    local_server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    local_server.handler = v2_api
    assert main(["jobindsats", "subjects", "--base-url", local_server.url, "--key", KEY]) == 0
    assert capsys.readouterr().out == "11\tRessourceforløb\n"
    assert main(["jobindsats", "metadata", "y11e01", "--base-url", local_server.url,
                 "--key", KEY]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "perioder: 6, 2023QMAT04 ... 2024Q1" in out
    assert "  andel_loennede_timer\tAndel med lønnede timer (pct.)" in out


def test_an_expired_key_exits_1_with_one_clear_line(
    local_server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    local_server.handler = v2_api
    monkeypatch.setenv("FREMDRIFT_JOBINDSATS_KEY", "udloebet")
    assert main(["jobindsats", "tables", "--base-url", local_server.url]) == 1
    err = capsys.readouterr().err
    assert err == f"fremdrift jobindsats: fejl: {KEY_MESSAGE}\n"


def test_no_key_at_all_says_how_to_give_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FREMDRIFT_JOBINDSATS_KEY", raising=False)
    assert main(["jobindsats", "subjects"]) == 2
    assert "--key eller FREMDRIFT_JOBINDSATS_KEY" in capsys.readouterr().err


@pytest.mark.django_db
def test_fetch_stores_the_country_and_the_municipality_and_is_idempotent(
    local_server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    local_server.handler = v2_api
    argv = [
        "jobindsats", "fetch", "--base-url", local_server.url, "--key", KEY,
        "--initiative", "ressourceforloeb", "--indicator", "loennede_timer",
        "--kommune", "147", "--from", "2024-02",
    ]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    # The country and Frederiksberg, February and March 2024 (the monthly periods from --from).
    assert "4 tal, februar 2024 til marts 2024" in out
    assert "4 nye, 0 rettede, 0 uændrede; 2 ikke offentliggjort" in out
    national = benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-02")
    assert national is not None and (national.period, national.value) == ("2024M02", 12.5)
    missing = benchmark(initiative="ressourceforloeb", indicator="loennede_timer", month="2024-03")
    assert missing is not None and missing.period == "2024M03" and missing.value is None
    own = benchmark(
        initiative="ressourceforloeb",
        indicator="loennede_timer",
        kommunekode="147",
        month="2024-02",
    )
    assert own is not None and own.value == 9.25
    assert main(argv) == 0
    assert "0 nye, 0 rettede, 4 uændrede" in capsys.readouterr().out
    assert Benchmark.objects.count() == 4
    assert BenchmarkFetch.objects.count() == 2


@pytest.mark.django_db
def test_fetch_through_v3_with_a_bearer_token(
    local_server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    local_server.handler = v3_api
    argv = [
        "jobindsats", "fetch", "--api-version", "3", "--base-url", local_server.url,
        "--key", KEY, "--indicator", "loennede_timer", "--kommune", "147",
    ]  # fmt: skip
    assert main(argv) == 0
    assert "4 nye" in capsys.readouterr().out
    own = benchmark(
        initiative="ressourceforloeb",
        indicator="loennede_timer",
        kommunekode="147",
        month="2024-02",
    )
    assert own is not None and (own.period, own.value) == ("2024M02", 11.0)
    assert BenchmarkFetch.objects.get().api_version == 3
