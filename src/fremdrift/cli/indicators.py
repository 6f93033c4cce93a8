"""fremdrift indicators: the monthly figures of an initiative in long form."""

from __future__ import annotations

import argparse
import sys

import polars as pl

from fremdrift.cli.common import add_period_arguments, check_kommune, parse_period, source
from fremdrift.cli.progress import stages
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import Initiative, load_initiative
from fremdrift.engine.disclosure import masked
from fremdrift.numbers import danish_pct
from fremdrift.reference.kommuner import navn

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
    parser.add_argument(
        "--format",
        choices=("csv", "json", "text"),
        default="csv",
        help="csv og json: alle tal i lang form; text: den sidste måned pr. kommune, til at læse",
    )
    parser.add_argument("--kommune", help="kun denne kommune (og landsplan)")
    parser.add_argument(
        "--disclosure-control",
        action="store_true",
        help="diskretionér: tal 1-4 og andele bygget på dem vises som <5",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    initiative = load_initiative(args.initiative)
    first, last = parse_period(args)
    with stages(("læs leverancen", "beregn")) as step:
        step("læs leverancen")
        delivery = source(args)
        step("beregn")
        figures = compute_indicators(delivery, initiative, first, last)
    if args.kommune:
        code = check_kommune(args.kommune)
        figures = figures.filter((pl.col("kommunekode") == code) | (pl.col("level") == "national"))
    if args.disclosure_control:
        figures = masked(figures)
    if args.format == "csv":
        sys.stdout.write(figures.write_csv())
    elif args.format == "json":
        sys.stdout.write(figures.write_json() + "\n")
    else:
        sys.stdout.write(summary(figures, initiative) + "\n")
    return 0


def summary(figures: pl.DataFrame, initiative: Initiative) -> str:
    """The last month's totals per kommune and nationally, with shares in Danish notation."""
    if figures.is_empty():
        return "Ingen borgere i målgruppen i perioden."
    month = str(figures["month"].max())
    rows = figures.filter((pl.col("breakdown") == "total") & (pl.col("month") == month))
    lines = [f"{initiative.navn} ({initiative.key}, definitioner {initiative.version}), {month}"]
    for code in [*sorted(rows["kommunekode"].drop_nulls().unique().to_list()), None]:
        place = "Hele landet" if code is None else f"{navn(code)} ({code})"
        lines.append(f"\n{place}")
        cell = rows.filter(
            pl.col("kommunekode").is_null() if code is None else pl.col("kommunekode") == code
        )
        for ind in initiative.indicators:
            for category, num, den in (
                cell.filter(pl.col("indicator") == ind.key)
                .select("category", "numerator", "denominator")
                .iter_rows()
            ):
                label = ind.key if category == "i_alt" else f"{ind.key}: {category}"
                lines.append(f"  {label:<50} {num:>7} / {den:<7} {_share(num, den):>8}")
    return "\n".join(lines)


def _share(num: object, den: object) -> str:
    if not isinstance(num, int) or not isinstance(den, int):
        return ""  # suppressed: <5
    return danish_pct(num / den)
