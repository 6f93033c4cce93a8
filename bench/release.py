"""Benchmark of STAR's intake and release: `make bench-release` (or `python -m bench.release`).

The same national data as bench/national.py (all 98 municipalities, --persons citizens, --months
months up to 2022-12; generated once under bench/data/). In a throwaway database and VAR_DIR it
times what STAR runs:
  intake      `fremdrift intake` of the national file: validation, the pseudonymisation check,
              the split into 98 municipalities, their hashes and Parquet tables (not part of the
              60 s target, which excludes intake)
  release     `create_release` end to end, split into its steps: reading the 98 stored versions,
              the engine, disclosure control, writing and hashing the Parquet file
and checks that a second release of the same inputs is the same revision, and `reproduce` gives
the same bytes. Writes the result as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.national import LAST, ensure_data, first_month


def run(persons: int, months: int) -> dict[str, object]:
    path = ensure_data(persons, months)
    with tempfile.TemporaryDirectory(prefix="fremdrift-bench-") as tmp:
        os.environ["FREMDRIFT_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        from fremdrift.cli.django_setup import setup

        setup()
        from django.core.management import call_command

        from fremdrift.engine.months import format_month
        from fremdrift.intake.services import receive_delivery
        from fremdrift.releases.services import create_release, reproduce

        call_command("migrate", verbosity=0)
        month = format_month(LAST)
        print(f"{persons:,} persons, 98 municipalities, {months} months up to {month}:")
        start = time.perf_counter()
        results, validation = receive_delivery(path=path, month=month)
        intake = time.perf_counter() - start
        assert not validation.errors and len(results) == 98, validation.errors
        print(f"  {'intake':<12} {intake:7.2f} s (98 municipalities from one national file)")

        steps: list[tuple[str, float]] = []

        def progress(stage: str) -> None:
            steps.append((stage, time.perf_counter()))

        start = time.perf_counter()
        release = create_release(
            initiative="fsm2",
            month=month,
            actor=None,
            first=format_month(first_month(months)),
            progress=progress,
        )
        end = time.perf_counter()
        split = {
            stage: round(later - at, 3)
            for (stage, at), (_, later) in zip(steps, [*steps[1:], ("", end)], strict=True)
        }
        for stage, seconds in split.items():
            print(f"    {stage:<20} {seconds:7.2f} s")
        total = end - start
        print(f"  {'release':<12} {total:7.2f} s ({release.rows:,} rows)")
        again = create_release(initiative="fsm2", month=month, actor=None)
        same = reproduce(release) == release.figures_sha256
        print(f"  same inputs, same revision: {again.pk == release.pk}; reproduced: {same}")
        return {
            "persons": persons,
            "months": months,
            "intake_seconds": round(intake, 3),
            "release_seconds": round(total, 3),
            "release_split_seconds": split,
            "rows": release.rows,
            "same_revision_again": again.pk == release.pk,
            "reproduced_byte_for_byte": same,
        }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=2_000_000, help="citizens in all")
    parser.add_argument("--months", type=int, default=36, help="months up to 2022-12")
    args = parser.parse_args()
    result = run(args.persons, args.months)
    measured = {
        "workload": "STAR intake of the national file and the fsm2 release",
        **result,
    }
    print(f"written {report.write('release', measured)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
