"""Benchmark of STAR's national monthly run: `make bench-national` (or `python -m bench.national`).

From deliveries of all 98 municipalities totalling --persons citizens (generated once, cached as
Parquet under bench/data/, outside the timing; intake excluded), for --months months up to
2022-12, it times one end-to-end run and prints the split:
  load        reading the stored deliveries
  engine      every fsm2 indicator, breakdown and level for every month (engine.compute)
  suppression primary and secondary disclosure control over the whole frame (engine.disclosure)
  model       the report model: the national report and all 98 municipalities' (reports.content)
  html        the national report and the 98 municipalities' reports as HTML
  pdf, xlsx   the national report as PDF and as XLSX
and, as the baseline in the same run, the naive SQL engine (a range join of periods against a
month calendar, engine/sql.py on DuckDB) for the same figures: the ratio says what the mask
engine saves on the largest part. Writes the result as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from bench import report

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
LAST = date(2022, 12, 1)
TARGET_SECONDS = 60.0
T = TypeVar("T")


def data_path(persons: int, months: int) -> Path:
    return DATA / f"national-{persons}-{months}"


def first_month(months: int) -> date:
    from fremdrift.engine.months import add_months

    return add_months(LAST, -(months - 1))


def ensure_data(persons: int, months: int) -> Path:
    from fremdrift.delivery.io import write_delivery
    from fremdrift.reference.kommuner import kommuner
    from fremdrift.synth.generate import generate

    path = data_path(persons, months)
    if not (path / "borgere.parquet").exists():
        print(f"generating {persons:,} persons in {path} (once, not timed) ...", flush=True)
        start = first_month(months)
        delivery = generate(
            kommuner=sorted(kommuner()),
            seed=2019,
            persons=persons,
            # A year of history before the first reported month, as a real delivery has.
            first=date(start.year - 1, start.month, 1),
            last=LAST,
        )
        write_delivery(delivery, path, fmt="parquet")
    return path


class Timer:
    def __init__(self) -> None:
        self.split: dict[str, float] = {}

    def __call__(self, name: str, work: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = work()
        self.split[name] = round(time.perf_counter() - start, 3)
        print(f"  {name:<12} {self.split[name]:7.2f} s", flush=True)
        return result


def run(persons: int, months: int, *, baseline: bool) -> dict[str, object]:
    from fremdrift.cli.django_setup import setup

    setup()  # the templates; the run reads no database
    from django.utils import translation

    from fremdrift.delivery.io import read_delivery
    from fremdrift.engine.compute import compute_indicators
    from fremdrift.engine.definitions import load_initiative
    from fremdrift.engine.disclosure import suppress
    from fremdrift.engine.months import format_month
    from fremdrift.reports.content import (
        Figures,
        KommuneReport,
        NationalReport,
        ReleaseInfo,
        kommune_report,
        national_report,
    )
    from fremdrift.reports.render import render_html, render_pdf
    from fremdrift.reports.xlsx import render_xlsx

    path = ensure_data(persons, months)
    fsm2 = load_initiative("fsm2")
    first, month = first_month(months), format_month(LAST)
    release = ReleaseInfo("fsm2", month, 1, datetime(2023, 1, 10, tzinfo=UTC), fsm2.version)
    timer = Timer()
    print(f"{persons:,} persons, 98 municipalities, {months} months ({first:%Y-%m}..{month}):")
    total_start = time.perf_counter()
    delivery = timer("load", lambda: read_delivery(path))
    figures = timer("engine", lambda: compute_indicators(delivery, fsm2, first, LAST))
    frame = timer("suppression", lambda: suppress(figures))

    def model() -> tuple[NationalReport, list[KommuneReport]]:
        indexed = Figures(frame, fsm2, month)
        groups = indexed.peer_groups()
        reports = [
            kommune_report(indexed, release, k, peer_groups=groups) for k in indexed.participants
        ]
        return national_report(indexed, release), reports

    with translation.override("da"):
        national, kommuner = timer("model", model)
        every: list[KommuneReport | NationalReport] = [national, *kommuner]
        html = timer("html", lambda: [render_html(r) for r in every])
        pdf = timer("pdf", lambda: render_pdf(national))
        xlsx = timer("xlsx", lambda: render_xlsx(national))
    total = time.perf_counter() - total_start
    print(f"  {'total':<12} {total:7.2f} s (target {TARGET_SECONDS:.0f} s)")
    result: dict[str, object] = {
        "persons": persons,
        "months": months,
        "municipalities": len(kommuner),
        "rows": frame.height,
        "suppressed_rows": int(frame["suppressed"].sum()),
        "split_seconds": timer.split,
        "total_seconds": round(total, 3),
        "target_seconds": TARGET_SECONDS,
        "meets_target": total <= TARGET_SECONDS,
        "html_reports": len(html),
        "pdf_bytes": len(pdf),
        "xlsx_bytes": len(xlsx),
    }
    if baseline:
        from fremdrift.engine.sql import compute_indicators_sql

        print("  baseline: the naive SQL engine for the same figures ...", flush=True)
        start = time.perf_counter()
        naive = compute_indicators_sql(delivery, fsm2, first, LAST)
        seconds = time.perf_counter() - start
        engine = timer.split["engine"]
        result["baseline"] = {
            "naive_sql_engine_seconds": round(seconds, 3),
            "naive_over_engine": round(seconds / engine, 2),
            "same_row_count": naive.height == figures.height,
        }
        print(
            f"  naive SQL engine {seconds:7.2f} s: {seconds / engine:4.1f}x the mask engine; "
            f"end to end with it {total - engine + seconds:7.2f} s"
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=2_000_000, help="citizens in all")
    parser.add_argument("--months", type=int, default=36, help="months up to 2022-12")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive SQL engine")
    args = parser.parse_args()
    result = run(args.persons, args.months, baseline=not args.no_baseline)
    measured = {
        "workload": "fsm2 national monthly run: engine, suppression, reports (98 + national)",
        **result,
    }
    print(f"written {report.write('national', measured)}; target met: {result['meets_target']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
