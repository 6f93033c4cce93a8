"""The command line standard, for every command in fremdrift.cli.COMMANDS (new ones included):
`--help` with an example, and a failure as one clear line on stderr with a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fremdrift.cli import COMMANDS, main

MISSING = "/findes/ikke/levering"

# A failing invocation per command that gets past argparse (a wrong argument is argparse's
# usage message). A command not listed is tried with a missing delivery path.
FAILING: dict[str, list[str]] = {
    "generate": ["/dev/null/levering", "--kommuner", "147", "--seed", "1", "--persons", "5"],
    "indicators": [MISSING, "--initiative", "fsm2", "--from", "2024-01", "--to", "2024-02"],
    "payout": [
        MISSING,
        "--initiative",
        "fsm2",
        "--kommune",
        "147",
        "--grant",
        "1",
        "--from",
        "2024-01",
        "--to",
        "2024-02",
    ],
    "import": [MISSING, "--kommune", "147"],
    "export": ["--kommune", "147", "--import", "999999", "/dev/null/udtraek"],
    "intake": [MISSING, "--month", "2025-06"],
    "release": ["--initiative", "fsm2", "--month", "1999-01"],
    "report": ["--month", "2021-03", "--format", "pdf", "/dev/null/rapport.pdf"],
    "jobindsats": ["subjects", "--key", "k", "--base-url", "http://127.0.0.1:9", "--retries", "0"],
    "momentum": [
        "fetch",
        "/dev/null/levering",
        "--kommune",
        "147",
        "--base-url",
        "http://127.0.0.1:9",
        "--client-id",
        "a",
        "--client-secret",
        "b",
        "--retries",
        "0",
    ],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_has_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: fremdrift {command}")
    examples = [line.strip() for line in out.splitlines() if line.strip().startswith("fremdrift")]
    assert any(line.startswith(f"fremdrift {command} ") for line in examples), out


@pytest.mark.django_db
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_failure_is_one_clear_line_and_a_non_zero_exit(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FREMDRIFT_JOBINDSATS_KEY", raising=False)
    code = main([command, *FAILING.get(command, [MISSING])])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"fremdrift {command}"), err
    assert "Traceback" not in err


def test_a_database_without_tables_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Through the real entry point in a fresh process, on an empty database file."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("fremdrift")), "export", "--kommune", "147",
         str(tmp_path / "udtraek")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'tom.sqlite3'}"},
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("fremdrift export: fejl: databasen svarede: no such table")
    assert "fremdrift migrate" in done.stderr
