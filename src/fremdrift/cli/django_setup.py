"""Starting Django from the command line: the commands that touch the database call `setup`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
    import django

    django.setup()


def run_management_command(argv: Sequence[str]) -> int:
    """`fremdrift migrate`, `fremdrift runserver` ...: Django's own commands through our name."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fremdrift", *argv])
    return 0


def environment_problem(exc: BaseException) -> str | None:
    """One line for a failure of the surroundings (a file, the database), None for a bug."""
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"kan ikke bruge{where}: {exc.strerror or exc}"
    db = sys.modules.get("django.db")
    if db is not None and isinstance(exc, db.DatabaseError):
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        return f"databasen svarede: {first}; kør `fremdrift migrate` eller tjek DATABASE_URL"
    return None
