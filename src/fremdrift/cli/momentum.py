"""fremdrift momentum: read a municipality's citizens from the Momentum API into a delivery."""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

from tqdm import tqdm

from fremdrift.cli.common import check_kommune
from fremdrift.delivery.io import write_delivery
from fremdrift.delivery.validate import validate_delivery
from fremdrift.errors import UserError
from fremdrift.integrations.momentum.client import DEFAULT_TOKEN_URL, PAGE_SIZE, MomentumClient
from fremdrift.integrations.momentum.delivery import build_delivery
from fremdrift.integrations.momentum.mapping import TAGS, TagRule

SECRET_ENV = "FREMDRIFT_MOMENTUM_CLIENT_SECRET"  # noqa: S105 - the variable's name
API_KEY_ENV = "FREMDRIFT_MOMENTUM_API_KEY"

EPILOG = """\
eksempel:
  fremdrift momentum fetch levering/ --kommune 147 --base-url https://momentum.example/api \\
      --client-id fremdrift --herkomst herkomst.csv --tag "Personlig step-up=step_up"

Hemmeligheden gives i FREMDRIFT_MOMENTUM_CLIENT_SECRET (eller --client-secret), kommunens
API-nøgle i FREMDRIFT_MOMENTUM_API_KEY (eller --api-key).

Henter borgerne i målgrupperne, deres markeringer (tags) og personlige jobformidlere og skriver
en leverance (DELIVERY.md), der er kontrolleret som med `fremdrift validate`; har den fejl,
skrives intet. Hvilke tags der bliver til hvilke markeringer står i docs/integrations.md;
--tag "Titel=markering" eller "Titel=fsm2:1" tilføjer kommunens egne titler.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "momentum",
        help="hent en leverance fra Momentums API",
        description="Byg en leverance ud fra Momentums API (OAuth2 client credentials).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
    fetch = actions.add_parser(
        "fetch",
        help="hent borgerne og skriv en leverance",
        description="Hent borgerne fra Momentum og skriv dem som en leverance.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch.add_argument("out", type=Path, metavar="OUT", help="ny mappe (eller .zip) til leverancen")
    fetch.add_argument("--kommune", required=True, help="kommunekoden, fx 147")
    fetch.add_argument("--base-url", required=True, help="adressen på Momentums API")
    fetch.add_argument("--client-id", default=os.environ.get("FREMDRIFT_MOMENTUM_CLIENT_ID"))
    fetch.add_argument("--client-secret", help=f"klientens hemmelighed (ellers {SECRET_ENV})")
    fetch.add_argument("--token-url", default=DEFAULT_TOKEN_URL, help="OAuth2-tokenadressen")
    fetch.add_argument("--resource", help="OAuth2-resource (Momentums app-id)")
    fetch.add_argument("--api-key", help=f"kommunens API-nøgle til Momentum (ellers {API_KEY_ENV})")
    fetch.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TITEL=MARKERING",
        help="et tag mere: markering (step_up ...) eller initiativ:gruppe (fsm2:1)",
    )
    fetch.add_argument("--herkomst", type=Path, metavar="FIL", help="CSV med person_id,herkomst")
    fetch.add_argument("--herkomst-default", help="herkomst for borgere, der ikke er i --herkomst")
    fetch.add_argument("--format", choices=("csv", "parquet", "xlsx"), default="csv")
    fetch.add_argument("--page-size", type=int, default=PAGE_SIZE, help="borgere pr. side")
    fetch.add_argument("--timeout", type=float, default=60.0, help="sekunder pr. kald")
    fetch.add_argument("--retries", type=int, default=3, help="nye forsøg ved serverfejl")
    fetch.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    kommune = check_kommune(args.kommune)
    out: Path = args.out
    if out.exists() and (out.is_file() or any(out.iterdir())):
        raise UserError(f"{out} findes allerede; angiv en ny mappe eller .zip")
    client = MomentumClient(
        args.base_url,
        client_id=args.client_id or "",
        client_secret=args.client_secret or os.environ.get(SECRET_ENV, ""),
        token_url=args.token_url,
        resource=args.resource,
        api_key=args.api_key or os.environ.get(API_KEY_ENV),
        timeout=args.timeout,
        retries=args.retries,
        page_size=args.page_size,
    )
    with tqdm(unit="borgere", disable=not sys.stderr.isatty(), leave=False) as bar:
        built = build_delivery(
            client,
            kommunekode=kommune,
            tags={**TAGS, **tag_rules(args.tag)},
            herkomst=read_herkomst(args.herkomst) if args.herkomst else None,
            default_herkomst=args.herkomst_default,
            progress=bar.update,
        )
    with tempfile.TemporaryDirectory(prefix="fremdrift-momentum-") as tmp:
        staged = Path(tmp) / out.name
        write_delivery(built.delivery, staged, fmt=args.format, as_zip=out.suffix == ".zip")
        report = validate_delivery(staged)
        if report.errors:
            first = report.problems[0].text("da")
            raise UserError(
                f"Momentums data gav en leverance med {report.errors} fejl; intet er skrevet "
                f"(første: {first})"
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.rmdir()  # the empty folder checked above
        shutil.move(staged, out)
    print(f"Kommune {kommune}: {built.citizens} borgere fra Momentum skrevet til {out}.")
    for name, frame in built.delivery.tables.items():
        print(f"  {name}: {frame.height} rækker")
    if built.defaulted_herkomst:
        print(f"  {built.defaulted_herkomst} borgere fik herkomst {args.herkomst_default!r}.")
    if built.unmapped_tags:
        shown = ", ".join(f"{t!r} ({n})" for t, n in built.unmapped_tags.most_common(5))
        print(f"  tags uden markering (sprunget over): {shown}")
    for note in built.skipped[:10]:
        print(f"  sprunget over: {note}")
    return 0


def tag_rules(pairs: list[str]) -> dict[str, TagRule]:
    """`Titel=step_up` -> a marking; `Titel=fsm2:1` -> a programme period."""
    rules: dict[str, TagRule] = {}
    for pair in pairs:
        title, sep, target = pair.rpartition("=")
        if not sep or not title.strip():
            raise UserError(f'--tag {pair!r}: skriv TITEL=MARKERING, fx "Step-up=step_up"')
        if ":" in target:
            initiativ, _, gruppe = target.partition(":")
            if not gruppe.isdigit():
                raise UserError(f"--tag {pair!r}: gruppen skal være et tal, fx fsm2:1")
            rules[title.strip()] = TagRule(forloeb=(initiativ, int(gruppe)))
        else:
            rules[title.strip()] = TagRule(markering=target.strip())
    return rules


def read_herkomst(path: Path) -> dict[str, str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {row["person_id"]: row["herkomst"] for row in csv.DictReader(handle)}
    except FileNotFoundError:
        raise UserError(f"{path} findes ikke") from None
    except KeyError:
        raise UserError(f"{path} skal have kolonnerne person_id og herkomst") from None
