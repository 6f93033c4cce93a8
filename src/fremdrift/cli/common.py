"""Arguments and helpers shared by the subcommands that read a delivery."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from fremdrift.delivery.io import read_delivery
from fremdrift.delivery.schema import Delivery
from fremdrift.delivery.validate import validate_delivery
from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.engine.months import parse_month
from fremdrift.errors import UserError
from fremdrift.reference.kommuner import is_kommunekode


def add_period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "delivery",
        type=Path,
        nargs="?",
        metavar="DELIVERY",
        help="leverance: mappe eller .zip (eller --database)",
    )
    parser.add_argument(
        "--database",
        action="store_true",
        help="regn på databasens data (DATABASE_URL) i stedet for en leverance",
    )
    parser.add_argument("--initiative", required=True, choices=INITIATIVE_KEYS, help="initiativ")
    parser.add_argument(
        "--from", dest="first", required=True, metavar="ÅÅÅÅ-MM", help="første måned"
    )
    parser.add_argument("--to", dest="last", required=True, metavar="ÅÅÅÅ-MM", help="sidste måned")
    parser.add_argument(
        "--no-validate",
        dest="validate",
        action="store_false",
        help="spring kontrollen over (kun for en leverance, der allerede er kontrolleret)",
    )


def parse_period(args: argparse.Namespace) -> tuple[date, date]:
    first, last = parse_month(args.first), parse_month(args.last)
    if last < first:
        raise UserError(
            f"perioden slutter ({args.last}) før den begynder ({args.first}); "
            "byt om på --from og --to"
        )
    return first, last


def source(args: argparse.Namespace) -> Delivery:
    """The delivery named on the command line, or the database's data with --database."""
    if args.database == (args.delivery is not None):
        raise UserError("angiv enten en leverance eller --database (ikke begge)")
    if args.database:
        from fremdrift.cli.django_setup import setup

        setup()
        from fremdrift.leveringer.selectors import database_delivery

        return database_delivery()
    return load(args.delivery, validate=args.validate)


def load(path: Path, *, validate: bool = True) -> Delivery:
    """Read a delivery; figures from a delivery with errors would be wrong, so check it first."""
    if not path.exists():
        raise UserError(f"leverancen {path} findes ikke; angiv en mappe eller en .zip-fil")
    if validate:
        report = validate_delivery(path)
        if report.errors:
            raise UserError(
                f"leverancen har {report.errors} fejl; "
                f"kør `fremdrift validate {path}` for at se dem"
            )
    return read_delivery(path)


def check_kommune(code: str) -> str:
    if not is_kommunekode(code):
        raise UserError(
            f"{code!r} er ikke en af de 98 kommunekoder (fx 147 Frederiksberg, 791 Viborg)"
        )
    return code
