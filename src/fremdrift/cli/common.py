"""Arguments and helpers shared by the subcommands that read a delivery."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from fremdrift.delivery.io import read_delivery
from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.engine.months import parse_month
from fremdrift.errors import UserError
from fremdrift.reference.kommuner import is_kommunekode


def add_period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "delivery", type=Path, metavar="DELIVERY", help="leverance: mappe eller .zip"
    )
    parser.add_argument("--initiative", required=True, choices=INITIATIVE_KEYS, help="initiativ")
    parser.add_argument(
        "--from", dest="first", required=True, metavar="ÅÅÅÅ-MM", help="første måned"
    )
    parser.add_argument("--to", dest="last", required=True, metavar="ÅÅÅÅ-MM", help="sidste måned")


def parse_period(args: argparse.Namespace) -> tuple[date, date]:
    first, last = parse_month(args.first), parse_month(args.last)
    if last < first:
        raise UserError(
            f"perioden slutter ({args.last}) før den begynder ({args.first}); "
            "byt om på --from og --to"
        )
    return first, last


def load(path: Path) -> Delivery:
    if not path.exists():
        raise UserError(f"leverancen {path} findes ikke; angiv en mappe eller en .zip-fil")
    return read_delivery(path)


def check_kommune(code: str) -> str:
    if not is_kommunekode(code):
        raise UserError(
            f"{code!r} er ikke en af de 98 kommunekoder (fx 147 Frederiksberg, 791 Viborg)"
        )
    return code
