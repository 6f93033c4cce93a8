"""fremdrift report: the monthly report of a frozen release as HTML, PDF or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path

from fremdrift.cli.common import check_kommune
from fremdrift.cli.django_setup import setup
from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.engine.months import format_month, parse_month
from fremdrift.errors import UserError
from fremdrift.numbers import danish

EPILOG = """\
eksempler:
  fremdrift report --month 2021-03 --format pdf hele-landet.pdf
  fremdrift report --month 2021-03 --kommune 147 --format xlsx frederiksberg.xlsx
  fremdrift report --month 2021-03 --kommune 147 --initiative ressourceforloeb --format html rf.html

Rapporten bygger på den seneste udgivelse (revision) for måneden; findes ingen, udgives den
først fra de modtagne leverancer (som `fremdrift release`). Alle tal er diskretionerede: <5 står
for 1-4. Samme udgivelse giver samme fil byte for byte.
"""

FORMATS = ("html", "pdf", "xlsx")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "report",
        help="månedsrapporten for hele landet eller én kommune (HTML, PDF, XLSX)",
        description="Skriv månedsrapporten for en udgivet måned: hele landet eller én kommune.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--month", required=True, metavar="ÅÅÅÅ-MM", help="rapportens måned")
    parser.add_argument("--kommune", help="kommunens rapport (uden: hele landet)")
    parser.add_argument("--initiative", default="fsm2", choices=INITIATIVE_KEYS, help="initiativ")
    parser.add_argument("--format", required=True, choices=FORMATS, help="filformat")
    parser.add_argument(
        "--grant", type=float, help="kommunens tilskud i kr.: viser beløbet, der kan udbetales"
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="filen, der skrives")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    month = format_month(parse_month(args.month))
    kommune = check_kommune(args.kommune) if args.kommune else None
    if args.grant is not None and (kommune is None or args.grant <= 0):
        raise UserError(
            "--grant er en kommunes tilskud i kr. (et positivt beløb) og kræver --kommune"
        )
    if not args.out.parent.is_dir():
        raise UserError(f"mappen {args.out.parent} findes ikke; opret den eller vælg en anden OUT")
    setup()
    from django.utils import translation

    from fremdrift.releases.selectors import latest_release
    from fremdrift.releases.services import create_release
    from fremdrift.reports import selectors
    from fremdrift.reports.files import render

    release = latest_release(initiative=args.initiative, month=month)
    if release is None:
        release = create_release(initiative=args.initiative, month=month, actor=None)
    with translation.override("da"):
        report = (
            selectors.kommune(release, kommune, grant=args.grant)
            if kommune
            else selectors.national(release)
        )
        data = render(report, args.format)
    partial = args.out.with_name(f".{args.out.name}.partial")
    partial.write_bytes(data)
    partial.replace(args.out)  # complete or not at all
    print(f"{args.out}: månedsrapport {month} ({release}), {danish(len(data))} bytes")
    return 0
