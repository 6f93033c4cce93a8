"""Starting Django from the command line: the commands that touch the database call `setup`."""

from __future__ import annotations

import os
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
