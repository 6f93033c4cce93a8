"""Django's own commands work through `fremdrift`, and the models match their migrations."""

from __future__ import annotations

import pytest

from fremdrift.cli import main


@pytest.mark.django_db
def test_models_and_migrations_agree(capsys: pytest.CaptureFixture[str]) -> None:
    # A model change without its migration makes `makemigrations --check` exit non-zero.
    assert main(["makemigrations", "--check", "--dry-run"]) == 0
    assert "No changes detected" in capsys.readouterr().out


@pytest.mark.django_db
def test_django_check_passes_through_fremdrift(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "no issues" in capsys.readouterr().out
