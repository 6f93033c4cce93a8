"""fremdrift import: load a municipality's citizens from a delivery into the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from fremdrift.cli.common import check_kommune
from fremdrift.cli.django_setup import setup
from fremdrift.cli.validate import summary
from fremdrift.delivery.validate import check_delivery
from fremdrift.errors import UserError

EPILOG = """\
eksempler:
  fremdrift import levering.zip --kommune 147
  DATABASE_URL=postgres://fremdrift@db/fremdrift fremdrift import levering/ --kommune 791

Leverancen kontrolleres hel, før noget skrives; har den fejl, skrives intet. Samme leverance to
gange ændrer intet. En rettet leverance erstatter den forrige for kommunen; den forrige gemmes
og kan læses med `fremdrift export --import ID`. Det, medarbejderne har registreret i fremdrift
(kontakter, trin, aftaler ...), røres ikke.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import",
        help="indlæs en kommunes borgere fra en leverance i databasen",
        description="Indlæs én kommunes borgere, perioder og medarbejdere fra en leverance.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "delivery", type=Path, metavar="DELIVERY", help="leverance: mappe eller .zip"
    )
    parser.add_argument("--kommune", required=True, help="kommunekoden, fx 147")
    parser.add_argument(
        "--lang", choices=("da", "en"), default="da", help="sprog for fejlrapporten"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    kommune = check_kommune(args.kommune)
    if not args.delivery.exists():
        raise UserError(f"leverancen {args.delivery} findes ikke; angiv en mappe eller en .zip-fil")
    setup()
    from fremdrift.leveringer.services import STAGES, InvalidDeliveryError, import_delivery

    report = check_delivery(args.delivery)
    stages = tqdm(total=len(STAGES), unit="trin", disable=not sys.stderr.isatty(), leave=False)

    def progress(stage: str) -> None:
        stages.set_description(stage)
        stages.update(1)

    try:
        with stages:
            result = import_delivery(
                path=args.delivery, kommune=kommune, report=report, progress=progress
            )
    except InvalidDeliveryError:
        for problem in report.problems[:50]:
            print(problem.text(args.lang), file=sys.stderr)
        print(summary(report, args.lang), file=sys.stderr)
        raise
    if not result.changed:
        print(
            f"Kommune {kommune}: leverancen er allerede indlæst "
            f"(import {result.delivery_import.pk}); intet er ændret."
        )
        return 0
    counts = ", ".join(f"{name} {n}" for name, n in result.rows.items())
    print(f"Kommune {kommune}: import {result.delivery_import.pk} indlæst: {counts}.")
    if result.removed_borgere:
        print(f"{result.removed_borgere} borgere fra den forrige leverance er fjernet.")
    print(summary(report, args.lang))
    return 0
