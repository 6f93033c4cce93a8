"""`fremdrift create_api_token USERNAME --name NAME`: a token for the API, printed once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.api.services import create_token
from fremdrift.organisation.models import User


class Command(BaseCommand):
    help = (
        "Laver et API-token til brugeren og skriver det én gang; kun en hash gemmes. Tokenet "
        "giver brugerens rolle og kommune i API'et (/api/v1/). Eksempel: "
        "fremdrift create_api_token pl147 --name 'BI-teamets udtræk'"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="brugernavnet på den login tokenet tilhører")
        parser.add_argument(
            "--name", required=True, help="hvad tokenet bruges til, fx 'BI-teamets udtræk'"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                f"brugeren {options['username']!r} findes ikke; opret den først (eller se "
                "`fremdrift create_demo_users --help`)"
            )
        try:
            made = create_token(actor=None, user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token {made.token.name!r} til {user.username} ({user.role}); gem det nu, "
            "det vises ikke igen:"
        )
        self.stdout.write(made.secret)
