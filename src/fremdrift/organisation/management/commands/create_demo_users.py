"""`fremdrift create_demo_users --kommuner 147,766,791`: demo logins for every role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.errors import UserError
from fremdrift.organisation.services import ensure_demo_logins


class Command(BaseCommand):
    help = (
        "Opretter en demo-login pr. rolle i hver kommune og en STAR-login, alle med samme "
        "demo-adgangskode. Kørt igen nulstilles adgangskoderne; intet nyt oprettes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kommuner",
            required=True,
            help="kommunekoder adskilt af komma, fx 147,766,791",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [c.strip() for c in options["kommuner"].split(",") if c.strip()]
        if not codes:
            raise CommandError("angiv mindst én kommunekode med --kommuner")
        try:
            logins = ensure_demo_logins(kommune_codes=codes)
        except UserError as exc:
            raise CommandError(str(exc)) from exc
        rows = [("brugernavn", "adgangskode", "rolle", "kommune", "medarbejder", "status")]
        for login in logins:
            rows.append(
                (
                    login.username,
                    login.password,
                    login.role.value,
                    str(login.kommune) if login.kommune is not None else "alle (STAR)",
                    str(login.medarbejder) if login.medarbejder is not None else "",
                    "oprettet" if login.created else "nulstillet",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
