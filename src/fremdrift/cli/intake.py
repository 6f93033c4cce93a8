"""fremdrift intake: STAR receives a municipality's monthly delivery."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from fremdrift.cli.common import check_kommune
from fremdrift.cli.django_setup import setup
from fremdrift.cli.validate import summary, write_report
from fremdrift.numbers import danish

EPILOG = """\
eksempler:
  fremdrift intake levering-147-2025-06.zip --month 2025-06 --by "Frederiksberg Jobcenter"
  fremdrift intake leverancer/ --month 2025-06 --kommune 791 --report problemer.json

Leverancen kontrolleres hel (som `fremdrift validate`) og skal være pseudonymiseret: et
person_id, der er et CPR-nummer, afviser den. En leverance med flere kommuner deles pr. kommune
(--kommune tager kun den ene). Hver modtagelse får et versionsnummer pr. kommune og måned; en
rettet leverance erstatter den forrige, som bevares. Samme leverance igen giver ingen ny version.

En afvist leverance gemmes med hele kontrolrapporten (også i VAR_DIR/intake/<kommune>/<måned>/
v<N>/kontrolrapport.json og i --report FIL); intet af den modtages, og kommandoen afslutter med 1.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "intake",
        help="modtag en kommunes månedlige leverance (STAR)",
        description="Modtag og kontrollér en kommunes leverance for en måned; gem hver version.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "delivery", type=Path, metavar="DELIVERY", help="leverance: mappe eller .zip"
    )
    parser.add_argument("--month", required=True, metavar="ÅÅÅÅ-MM", help="indberetningsmåned")
    parser.add_argument("--kommune", help="kun denne kommune, fx 147")
    parser.add_argument("--by", default="", metavar="NAVN", help="hvem i kommunen har leveret")
    parser.add_argument(
        "--report", type=Path, metavar="FIL", help="skriv kontrolrapporten til FIL (.csv/.json)"
    )
    parser.add_argument(
        "--lang", choices=("da", "en"), default="da", help="sprog for kontrolrapporten"
    )
    parser.set_defaults(run=run)


SHOWN = 20


def run(args: argparse.Namespace) -> int:
    kommune = check_kommune(args.kommune) if args.kommune else None
    setup()
    from fremdrift.intake.services import STAGES, receive_delivery
    from fremdrift.intake.storage import intake_root
    from fremdrift.reference.kommuner import navn

    stages = tqdm(total=len(STAGES), unit="trin", disable=not sys.stderr.isatty(), leave=False)

    def progress(stage: str) -> None:
        stages.set_description(stage)
        stages.update(1)

    with stages:
        results, report = receive_delivery(
            path=args.delivery,
            month=args.month,
            delivered_by=args.by,
            kommune=kommune,
            progress=progress,
        )
    if args.report is not None:
        write_report(report, args.report)
    rejected = [r for r in results if not r.accepted]
    if rejected:
        for problem in report.problems[:SHOWN]:
            print(problem.text(args.lang), file=sys.stderr)
        if len(report) > SHOWN:
            print(f"... og {len(report) - SHOWN} problemer mere", file=sys.stderr)
        print(summary(report, args.lang), file=sys.stderr)
        for r in rejected:
            v = r.version
            where = intake_root() / f"{v.kommune_id}/{v.month}/v{v.version}/kontrolrapport.json"
            seen = "" if r.changed else " (samme leverance som sidst; ingen ny version)"
            print(
                f"{navn(v.kommune_id)} ({v.kommune_id}), {v.month}: version {v.version} "
                f"afvist{seen}; hele rapporten: {where}",
                file=sys.stderr,
            )
        return 1
    for r in results:
        v = r.version
        place = f"{navn(v.kommune_id)} ({v.kommune_id}), {v.month}"
        if not r.changed:
            print(f"{place}: ingen ændring (samme som version {v.version})")
            continue
        rows = ", ".join(f"{name} {danish(n)}" for name, n in v.row_counts.items())
        after = f" (erstatter version {v.supersedes.version})" if v.supersedes else ""
        print(f"{place}: version {v.version} modtaget{after}: {rows}")
    if report.warnings:
        for problem in report.problems[:SHOWN]:
            print(problem.text(args.lang))
        print(summary(report, args.lang))
    return 0
