"""fremdrift validate: every problem of a delivery, with its position."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from fremdrift.delivery.validate import Report, validate_delivery

EPILOG = """\
eksempel:
  fremdrift validate levering/
  fremdrift validate levering.zip --lang en --report problemer.json

Hvert problem skrives som fil:linje:kolonne: besked. Afslutter med 1 ved fejl, 0 når
leverancen er ren (advarsler alene giver 0). --report skriver alle problemer som JSON.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "validate",
        help="kontrollér en leverance",
        description="Kontrollér en hel leverance og vis hvert problem med fil, linje og kolonne.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "delivery", type=Path, metavar="DELIVERY", help="leverance: mappe eller .zip"
    )
    parser.add_argument("--lang", choices=("da", "en"), default="da", help="sprog for beskederne")
    parser.add_argument("--report", type=Path, help="skriv alle problemer som JSON til denne fil")
    parser.add_argument(
        "--max-per-kind", type=int, default=50, metavar="N", help="højst N linjer pr. slags problem"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = validate_delivery(args.delivery)
    shown: Counter[str] = Counter()
    for problem in report.problems:
        shown[problem.code] += 1
        if shown[problem.code] <= args.max_per_kind:
            print(problem.text(args.lang))
    for code, count in shown.items():
        if count > args.max_per_kind:
            more = count - args.max_per_kind
            print(
                f"... og {more} flere af slagsen {code}"
                if args.lang == "da"
                else f"... and {more} more {code}"
            )
    if args.report:
        args.report.write_text(
            json.dumps(
                {
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "rows": report.rows,
                    "problems": [p.as_dict() for p in report.problems],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    print(summary(report, args.lang), file=sys.stderr if report.errors else sys.stdout)
    return 1 if report.errors else 0


def summary(report: Report, lang: str) -> str:
    rows = ", ".join(f"{name} {count}" for name, count in report.rows.items())
    if lang == "da":
        verdict = "leverancen er i orden" if not report.errors else "leverancen afvises"
        return f"{report.errors} fejl, {report.warnings} advarsler ({rows}): {verdict}"
    verdict = "the delivery is clean" if not report.errors else "the delivery is rejected"
    return f"{report.errors} errors, {report.warnings} warnings ({rows}): {verdict}"
