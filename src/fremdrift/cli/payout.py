"""fremdrift payout: what a municipality's grant pays out under the initiative's payout rule."""

from __future__ import annotations

import argparse
import json
import sys

from fremdrift.cli.common import add_period_arguments, check_kommune, parse_period, source
from fremdrift.cli.progress import stages
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.months import format_month
from fremdrift.engine.payout import PayoutResult, compute_payout, payout_rule
from fremdrift.numbers import danish, danish_pct
from fremdrift.reference.kommuner import navn

EPILOG = """\
eksempel:
  fremdrift payout levering/ --initiative fsm2 --kommune 147 --grant 3695000 \\
      --from 2020-01 --to 2021-12 --costs 3500000 --format text
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "payout",
        help="beregn udbetalingen af et tilskud (rate 1 og 2)",
        description="Beregn udbetalingen efter initiativets regel: bedste måned mod tærsklerne.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_period_arguments(parser)
    parser.add_argument("--kommune", required=True, help="kommunekode, fx 147")
    parser.add_argument("--grant", required=True, type=float, help="tilskuddet i kroner")
    parser.add_argument("--costs", type=float, help="dokumenterede udgifter i kroner (loft)")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    initiative = load_initiative(args.initiative)
    payout_rule(initiative)
    code = check_kommune(args.kommune)
    first, last = parse_period(args)
    with stages(("læs leverancen", "beregn")) as step:
        step("læs leverancen")
        delivery = source(args)
        step("beregn")
        figures = compute_indicators(delivery, initiative, first, last)
    result = compute_payout(
        figures,
        initiative,
        kommunekode=code,
        grant=args.grant,
        costs=args.costs,
        period_from=format_month(first),
        period_to=format_month(last),
    )
    if args.format == "json":
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(explain(result) + "\n")
    return 0


def kr(amount: float) -> str:
    return f"{danish(amount)} kr"


def explain(r: PayoutResult) -> str:
    lines = [
        f"Udbetaling for {navn(r.kommunekode)} ({r.kommunekode}), initiativ {r.initiative} "
        f"(definitioner {r.definitions_version}), perioden {r.period_from} til {r.period_to}.",
        f"Regel: bedste måned for indikatoren {r.indicator}.",
    ]
    if r.best_month is None:
        lines.append("Ingen måned har borgere i indsatsgruppen, så ingen tærskel er nået.")
    else:
        lines.append(
            f"Bedste måned: {r.best_month} med {r.best_numerator} af {r.best_denominator} "
            f"= {danish_pct(r.best_share)}."
        )
    lines.append(f"Rate 1: {danish_pct(r.rate1_share)} af tilskuddet på {kr(r.grant)}.")
    for t in r.thresholds:
        share, releases = danish_pct(float(t["share"])), danish_pct(float(t["releases"]))
        effect = "nået; udløser" if t["reached"] else "ikke nået; ville have udløst"
        lines.append(f"Tærskel {share}: {effect} {releases} af tilskuddet.")
    lines.append(f"I alt {danish_pct(r.share_of_grant)} af tilskuddet = {kr(r.amount)}.")
    if r.capped_by_costs and r.costs is not None:
        lines.append(f"Beløbet er begrænset til de dokumenterede udgifter på {kr(r.costs)}.")
    return "\n".join(lines)
