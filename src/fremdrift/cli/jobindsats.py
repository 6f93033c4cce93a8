"""fremdrift jobindsats: look up jobindsats.dk and store its figures as benchmarks beside ours."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from typing import Any

from tqdm import tqdm

from fremdrift.cli.common import check_kommune
from fremdrift.cli.django_setup import setup
from fremdrift.engine.months import format_month, parse_month
from fremdrift.errors import UserError
from fremdrift.integrations.jobindsats.benchmarks import (
    BenchmarkSpec,
    choose_periods,
    fetch_rows,
    spec_for,
    specs,
)
from fremdrift.integrations.jobindsats.client import DEFAULT_BASE_URL, JobindsatsClient

KEY_ENV = "FREMDRIFT_JOBINDSATS_KEY"

EPILOG = """\
eksempler:
  fremdrift jobindsats subjects
  fremdrift jobindsats tables --subject 11
  fremdrift jobindsats metadata y11e01 --api-version 3
  fremdrift jobindsats fetch --initiative ressourceforloeb --kommune 147,791 --from 2024-01

Nøglen fra jobindsats.dk gives med --key eller i FREMDRIFT_JOBINDSATS_KEY (v2: nøglen, v3:
bearer-token). `fetch` gemmer landstallet og kommunernes tal i databasen (DATABASE_URL) som
benchmarks, der vises ved siden af vores egne tal; samme hentning to gange ændrer intet.
Hvilke målinger der svarer til hvilke indikatorer står i docs/integrations.md.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "jobindsats",
        help="hent tal fra jobindsats.dk og gem dem som benchmarks",
        description="Slå op i jobindsats.dk's API (v2 eller v3) og gem landstal og kommunetal "
        "for de målinger, der kan sammenlignes med vores indikatorer.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
    subjects = _action(actions, "subjects", "list emnerne")
    tables = _action(actions, "tables", "list tabellerne (for ét emne)")
    tables.add_argument("--subject", help="emnets id")
    metadata = _action(actions, "metadata", "vis en tabels perioder, målinger og dimensioner")
    metadata.add_argument("table", metavar="TABEL", help="tabellens id, fx y11e01")
    fetch = _action(actions, "fetch", "hent og gem benchmarks for vores indikatorer")
    fetch.add_argument("--initiative", default="ressourceforloeb", help="initiativ")
    fetch.add_argument("--indicator", help="kun denne indikator (ellers alle med en måling)")
    fetch.add_argument("--kommune", default="", help="kommunekoder ud over landstallet, fx 147,791")
    fetch.add_argument("--from", dest="first", metavar="ÅÅÅÅ-MM", help="første måned")
    fetch.add_argument("--to", dest="last", metavar="ÅÅÅÅ-MM", help="sidste måned")
    fetch.add_argument("--table", help="en anden tabel end den, docs/integrations.md nævner")
    fetch.add_argument("--measure", help="en anden måling end den, docs/integrations.md nævner")
    for p in (subjects, tables, metadata, fetch):
        p.set_defaults(run=run)


def _action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str
) -> argparse.ArgumentParser:
    parser = actions.add_parser(
        name,
        help=text,
        description=text[0].upper() + text[1:] + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--key", help=f"nøglen fra jobindsats.dk (ellers {KEY_ENV})")
    parser.add_argument("--api-version", type=int, choices=(2, 3), default=2, help="API-version")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="API'ets adresse")
    parser.add_argument("--timeout", type=float, default=60.0, help="sekunder pr. kald")
    parser.add_argument("--retries", type=int, default=3, help="nye forsøg ved serverfejl")
    return parser


def client(args: argparse.Namespace) -> JobindsatsClient:
    key = args.key or os.environ.get(KEY_ENV, "")
    if not key.strip():
        raise UserError(f"angiv nøglen til jobindsats.dk med --key eller {KEY_ENV}")
    return JobindsatsClient(
        key,
        api_version=args.api_version,
        base_url=args.base_url,
        timeout=args.timeout,
        retries=args.retries,
    )


def run(args: argparse.Namespace) -> int:
    api = client(args)
    if args.action == "subjects":
        for s in api.subjects():
            print(f"{s.id}\t{s.name}")
    elif args.action == "tables":
        for t in api.tables(args.subject):
            print(f"{t.id}\t{t.name}\t{t.subject}")
    elif args.action == "metadata":
        print(describe(api, args.table))
    else:
        return fetch(api, args)
    return 0


def describe(api: JobindsatsClient, table: str) -> str:
    meta = api.metadata(table)
    lines = [f"{meta.id}: {meta.name}"]
    if meta.periods:
        lines.append(
            f"perioder: {len(meta.periods)}, {meta.periods[0]} ... {meta.periods[-1]}"
            f" ({meta.periods[0].label()} til {meta.periods[-1].label()})"
        )
    lines += ["målinger:", *(f"  {m.id}\t{m.name}" for m in meta.measures)]
    for d in meta.dimensions:
        shown = ", ".join(d.values[:10]) + (" ..." if len(d.values) > 10 else "")
        lines.append(f"dimension {d.id} ({d.name}): {shown}")
    return "\n".join(lines)


def fetch(api: JobindsatsClient, args: argparse.Namespace) -> int:
    setup()
    from fremdrift.integrations.services import store_benchmarks

    kommunekoder = [check_kommune(k) for k in args.kommune.split(",") if k.strip()]
    first = parse_month(args.first) if args.first else None
    last = parse_month(args.last) if args.last else None
    for spec in chosen_specs(args):
        meta = api.metadata(spec.table)
        periods = choose_periods(meta, first, last)
        with tqdm(
            total=len(periods),
            unit="perioder",
            desc=spec.indicator,
            disable=not sys.stderr.isatty(),
            leave=False,
        ) as bar:
            rows = fetch_rows(
                api,
                spec,
                kommunekoder=kommunekoder,
                meta=meta,
                periods=periods,
                progress=bar.update,
            )
        request: dict[str, Any] = {
            "measure": spec.measure,
            "areas": ["national", *kommunekoder],
            "periods": [p.code() for p in periods],
            "dimensions": spec.dimensions,
        }
        result = store_benchmarks(
            actor=None,
            api_version=api.api_version,
            base_url=api.http.base_url,
            table_id=spec.table,
            table_name=meta.name,
            request=request,
            metadata=meta.raw if isinstance(meta.raw, dict) else {"table": meta.raw},
            rows=rows,
        )
        missing = sum(1 for r in rows if r.value is None)
        print(
            f"{spec.initiative}/{spec.indicator} fra {spec.table}.{spec.measure}: "
            f"{len(rows)} tal, {periods[0].label()} til {periods[-1].label()} "
            f"({format_month(periods[0].last_month)}..{format_month(periods[-1].last_month)}); "
            f"{result.created} nye, {result.updated} rettede, {result.unchanged} uændrede"
            + (f"; {missing} ikke offentliggjort (vises som manglende)" if missing else "")
            + "."
        )
    return 0


def chosen_specs(args: argparse.Namespace) -> list[BenchmarkSpec]:
    """The measures to fetch: the indicator's (or --table/--measure instead), or all mapped."""
    if args.indicator:
        if args.table and args.measure:
            return [BenchmarkSpec(args.initiative, args.indicator, args.table, args.measure)]
        spec = spec_for(args.initiative, args.indicator)
        return [replace(spec, table=args.table or spec.table, measure=args.measure or spec.measure)]
    if args.table or args.measure:
        raise UserError("--table og --measure kræver --indicator")
    chosen = [s for s in specs() if s.initiative == args.initiative]
    if not chosen:
        raise UserError(f"ingen jobindsats.dk-målinger er knyttet til {args.initiative}")
    return chosen
