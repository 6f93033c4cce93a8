"""`fremdrift create_demo_casework --kommuner 147,766,791`: synthetic case work for the demo."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.errors import UserError
from fremdrift.indsats.demo_data import DEFAULT_SEED, create_demo_casework

LABELS = {
    "trin": "trin",
    "kontakter": "kontakter",
    "cv": "CV'er",
    "jobmaal": "jobmål",
    "delmaal": "delmål",
    "step_up_tilbud": "step-up-tilbud",
    "netvaerk": "netværksinddragelser",
    "timer": "måneder med timer",
}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today skal være en dato som 2021-06-15, ikke {text!r}") from None


class Command(BaseCommand):
    help = (
        "Opretter syntetisk sagsarbejde (trin, kontakter, CV, jobmål, delmål, step-up, netværk, "
        "virksomhedsnavne og timer) for indlæste borgere med et åbent forløb. Kørt igen "
        "erstattes det, kommandoen selv oprettede; det, medarbejdere har registreret om borgere "
        "oprettet i fremdrift, røres ikke. "
        "Eksempel: fremdrift create_demo_casework --kommuner 147,766,791 --seed 1"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kommuner", required=True, help="kommunekoder adskilt af komma, fx 147,766,791"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="samme seed giver samme data"
        )
        parser.add_argument(
            "--today",
            help="dagen sagsarbejdet gælder, fx 2021-06-15 (standard: den seneste dag i data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [c.strip() for c in options["kommuner"].split(",") if c.strip()]
        if not codes:
            raise CommandError("angiv mindst én kommunekode med --kommuner")
        today = _day(options["today"]) if options["today"] else None
        try:
            result = create_demo_casework(kommuner=codes, seed=options["seed"], today=today)
        except UserError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Sagsarbejde pr. {result.today:%Y-%m-%d} (seed {result.seed}) i "
            f"{', '.join(sorted(codes))}: {result.borgere} borgere med åbent forløb"
        )
        rows = [(LABELS[name], count) for name, count in result.rows.items()]
        rows.append(("virksomheder navngivet", result.virksomheder))
        rows.append(("erstattede rækker", result.removed))
        width = max(len(label) for label, _ in rows)
        for label, count in rows:
            self.stdout.write(f"  {label.ljust(width)}  {count:>8}")
