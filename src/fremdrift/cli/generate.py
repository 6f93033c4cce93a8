"""fremdrift generate: a synthetic delivery calibrated to the seeds."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fremdrift.cli.progress import stages
from fremdrift.delivery.io import write_delivery
from fremdrift.engine.months import parse_month
from fremdrift.errors import UserError
from fremdrift.numbers import danish
from fremdrift.reference.kommuner import kommuner
from fremdrift.synth.generate import generate

EPILOG = """\
eksempel:
  fremdrift generate demo/levering --kommuner 147,766,791 --seed 2019
  fremdrift generate stor/ --kommuner all --persons 2000000 --seed 1 --format parquet

Frederiksberg (147), Viborg (791) og Hedensted (766) følger tallene i ansøgningerne; andre
kommuner får en stabil størrelse efter deres kode. Alle borgere er opdigtede.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "generate",
        help="lav en syntetisk leverance",
        description="Lav en realistisk, syntetisk leverance; samme --seed giver samme filer.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="mappe (eller .zip med --zip)")
    parser.add_argument("--kommuner", required=True, help="kommunekoder, kommasepareret, eller all")
    parser.add_argument("--seed", type=int, required=True, help="frø for tilfældighederne")
    parser.add_argument("--persons", type=int, help="skaler til omtrent så mange borgere i alt")
    parser.add_argument("--from", dest="first", default="2019-10", metavar="ÅÅÅÅ-MM")
    parser.add_argument("--to", dest="last", default="2022-12", metavar="ÅÅÅÅ-MM")
    parser.add_argument("--format", choices=("csv", "parquet", "xlsx"), default="csv")
    parser.add_argument("--zip", action="store_true", help="skriv en .zip i stedet for en mappe")
    parser.add_argument(
        "--cpr", action="store_true", help="syntetiske CPR-numre i stedet for pseudonymer"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    codes = (
        sorted(kommuner())
        if args.kommuner == "all"
        else [k.strip() for k in args.kommuner.split(",")]
    )
    if args.persons is not None and args.persons <= 0:
        raise UserError("--persons skal være et positivt tal")
    started = time.perf_counter()
    with stages(("lav borgere", "skriv filer")) as step:
        step("lav borgere")
        delivery = generate(
            kommuner=codes,
            seed=args.seed,
            persons=args.persons,
            first=parse_month(args.first),
            last=parse_month(args.last),
            cpr=args.cpr,
        )
        step("skriv filer")
        write_delivery(delivery, args.out, fmt=args.format, as_zip=args.zip)
    sizes = ", ".join(f"{name} {danish(frame.height)}" for name, frame in delivery.tables.items())
    print(f"skrev {args.out}: {sizes} ({time.perf_counter() - started:.1f} s)")
    return 0
