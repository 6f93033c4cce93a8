"""fremdrift export: the database's citizens of one municipality written as a delivery."""

from __future__ import annotations

import argparse
from pathlib import Path

from fremdrift.cli.common import check_kommune
from fremdrift.cli.django_setup import setup
from fremdrift.cli.progress import stages
from fremdrift.errors import UserError

EPILOG = """\
eksempler:
  fremdrift export --kommune 147 udtraek/
  fremdrift export --kommune 147 til-star.zip --pseudonymise noegle.bin --format parquet
  fremdrift export --kommune 147 --import 12 tidligere/

Med --pseudonymise NØGLEFIL erstattes hvert CPR-nummer af et nøglet hash (HMAC-SHA256) og
medarbejdernes navne udelades: formen for en leverance, der forlader kommunen. Samme nøgle giver
samme pseudonym hver måned; nøglen bliver i kommunen. --import ID skriver en tidligere indlæst
leverance, som den blev indlæst (til revision).
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "export",
        help="skriv databasens borgere i en kommune som en leverance",
        description="Skriv én kommunes borgere, perioder og medarbejdere som en leverance.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "out", type=Path, metavar="OUT", help="mappe, eller en fil der ender på .zip"
    )
    parser.add_argument("--kommune", required=True, help="kommunekoden, fx 147")
    parser.add_argument("--format", choices=("csv", "parquet", "xlsx"), default="csv")
    parser.add_argument(
        "--pseudonymise", type=Path, metavar="NØGLEFIL", help="pseudonymisér med nøglen i filen"
    )
    parser.add_argument(
        "--import", dest="import_id", type=int, metavar="ID", help="en tidligere indlæst leverance"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    kommune = check_kommune(args.kommune)
    key = _key(args.pseudonymise) if args.pseudonymise else None
    setup()
    from fremdrift.delivery.io import write_delivery
    from fremdrift.leveringer.services import export_delivery

    with stages(("læs databasen", "skriv filer")) as step:
        step("læs databasen")
        delivery = export_delivery(kommune=kommune, pseudonym_key=key, import_id=args.import_id)
        step("skriv filer")
        write_delivery(delivery, args.out, fmt=args.format, as_zip=args.out.suffix == ".zip")
    rows = ", ".join(f"{name} {frame.height}" for name, frame in delivery.tables.items())
    print(f"Kommune {kommune} skrevet til {args.out}: {rows}.")
    return 0


def _key(path: Path) -> bytes:
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise UserError(f"nøglefilen {path} kan ikke læses ({exc.strerror})") from exc
    if len(key.strip()) < 16:
        raise UserError(
            f"nøglefilen {path} er for kort; brug mindst 16 tilfældige bytes, "
            "fx `head -c 32 /dev/urandom > noegle.bin`"
        )
    return key.strip()
