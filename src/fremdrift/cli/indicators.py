"""fremdrift indicators: the monthly figures of an initiative in long form."""

from __future__ import annotations

import argparse
import sys

import polars as pl

from fremdrift.cli.common import add_period_arguments, check_kommune, load
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.disclosure import masked
from fremdrift.engine.months import parse_month

EPILOG = """\
eksempel:
  fremdrift indicators levering/ --initiative fsm2 --from 2020-01 --to 2021-12 > fsm2.csv
  fremdrift indicators levering.zip --initiative ressourceforloeb --from 2020-01 --to 2020-12 \\
      --format json --disclosure-control

Kolonner: initiative,month,level,kommunekode,breakdown,category,indicator,numerator,denominator
Reglerne for optællingen står i docs/indicators.md.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "indicators",
        help="beregn indikatorerne måned for måned",
        description="Beregn et initiativs indikatorer pr. måned, kommune og landsplan.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_period_arguments(parser)
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--kommune", help="kun denne kommune (og landsplan)")
    parser.add_argument(
        "--disclosure-control",
        action="store_true",
        help="diskretionér: tal 1-4 og andele bygget på dem vises som <5",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    initiative = load_initiative(args.initiative)
    first, last = parse_month(args.first), parse_month(args.last)
    figures = compute_indicators(load(args.delivery), initiative, first, last)
    if args.kommune:
        code = check_kommune(args.kommune)
        figures = figures.filter((pl.col("kommunekode") == code) | (pl.col("level") == "national"))
    if args.disclosure_control:
        figures = masked(figures)
    if args.format == "csv":
        sys.stdout.write(figures.write_csv())
    else:
        sys.stdout.write(figures.write_json() + "\n")
    return 0
