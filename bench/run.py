"""Benchmark of the indicator engine: `make bench` (or `python -m bench.run`).

For each size it generates (once, cached as Parquet under bench/data/) a delivery across all 98
municipalities and times, each in a fresh process so peak memory is its own:
  engine  the full FSM2 run: every indicator, every breakdown, kommune and national level,
          all months 2020-01..2022-12 (fremdrift.engine.compute);
  naive   the same figures by a plain range join of periods against a month calendar
          (fremdrift.engine.sql on DuckDB), the baseline;
  scan    a bare scan of the same tables (every column read once), the floor.
It prints medians, the ratios and peak memory, and writes them as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import polars as pl

from bench import report

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
FIRST, LAST = date(2020, 1, 1), date(2022, 12, 1)
SIZES = (100_000, 2_000_000)
TARGETS = {100_000: 0.3, 2_000_000: 3.0}  # seconds, from the foundation issue
MEMORY_TARGET_MB = 2048


def data_path(persons: int) -> Path:
    return DATA / f"persons-{persons}"


def ensure_data(persons: int) -> Path:
    from fremdrift.delivery.io import write_delivery
    from fremdrift.reference.kommuner import kommuner
    from fremdrift.synth.generate import generate

    path = data_path(persons)
    if not (path / "borgere.parquet").exists():
        print(f"generating {persons:,} persons in {path} ...", flush=True)
        delivery = generate(
            kommuner=sorted(kommuner()),
            seed=2019,
            persons=persons,
            first=date(2019, 1, 1),
            last=LAST,
        )
        write_delivery(delivery, path, fmt="parquet")
    return path


def run_one(kind: str, path: Path, repeat: int) -> dict[str, object]:
    """Runs in the child process: load, then time `repeat` runs of one kind."""
    from fremdrift.delivery.io import read_delivery
    from fremdrift.engine.compute import compute_indicators
    from fremdrift.engine.definitions import load_initiative

    delivery = read_delivery(path)
    fsm2 = load_initiative("fsm2")
    times: list[float] = []
    rows = 0
    rss_loaded = _rss_mb()
    sampler = _PeakSampler()
    for _ in range(repeat):
        start = time.perf_counter()
        if kind == "engine":
            rows = compute_indicators(delivery, fsm2, FIRST, LAST).height
        elif kind == "naive":
            from fremdrift.engine.sql import compute_indicators_sql

            rows = compute_indicators_sql(delivery, fsm2, FIRST, LAST).height
        else:
            rows = sum(_scan(frame) for frame in delivery.tables.values())
        times.append(time.perf_counter() - start)
    sampler.stop()
    return {
        "kind": kind,
        "seconds": times,
        "median": statistics.median(times),
        "rows": rows,
        "loaded_rss_mb": round(rss_loaded, 1),
        "peak_rss_mb": round(max(sampler.peak, rss_loaded), 1),
        "peak_above_loaded_mb": round(max(sampler.peak - rss_loaded, 0), 1),
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _PeakSampler:
    """Samples the resident memory every 5 ms while the measured work runs: the peak of the
    work itself, not of reading the delivery before it (ru_maxrss only ever grows)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._running = True
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while self._running:
            self.peak = max(self.peak, _rss_mb())
            time.sleep(0.005)

    def stop(self) -> None:
        self._running = False
        self._thread.join()


def _scan(frame: pl.DataFrame) -> int:
    """Touch every value of every column once."""
    exprs = [
        pl.col(c).str.len_bytes().sum() if t == pl.String else pl.col(c).cast(pl.Int64).sum()
        for c, t in frame.schema.items()
    ]
    frame.select(exprs)
    return frame.height


def measure(kind: str, persons: int, repeat: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.run", "--child", kind, str(data_path(persons)), str(repeat)],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="persons, comma separated"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--naive-repeat", type=int, default=1, help="runs of the slow baseline")
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "PATH", "REPEAT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        kind, path, repeat = args.child
        print(json.dumps(run_one(kind, Path(path), int(repeat))))
        return 0
    measured: dict[str, object] = {
        "workload": f"fsm2 {FIRST:%Y-%m}..{LAST:%Y-%m}, all indicators, breakdowns and levels",
        "sizes": {},
    }
    ok = True
    for persons in (int(s) for s in args.sizes.split(",")):
        ensure_data(persons)
        engine = measure("engine", persons, args.repeat)
        scan = measure("scan", persons, args.repeat)
        naive = measure("naive", persons, args.naive_repeat)
        e, n, s = (float(str(m["median"])) for m in (engine, naive, scan))
        target = TARGETS.get(persons)
        summary = {
            "engine": engine,
            "naive_range_join": naive,
            "bare_scan": scan,
            "naive_over_engine": round(n / e, 2),
            "engine_over_scan": round(e / s, 2),
            "target_seconds": target,
            "meets_time_target": target is None or e <= target,
            "meets_memory_target": float(str(engine["peak_rss_mb"])) <= MEMORY_TARGET_MB,
            "meets_5x_over_naive": n / e >= 5,
        }
        ok = ok and all(
            bool(summary[k])
            for k in ("meets_time_target", "meets_memory_target", "meets_5x_over_naive")
        )
        measured["sizes"][str(persons)] = summary  # type: ignore[index]
        print(
            f"{persons:>9,} persons: engine {e:6.2f} s (peak {engine['peak_rss_mb']} MB), "
            f"naive range join {n:7.2f} s, bare scan {s:5.2f} s; "
            f"naive/engine {n / e:5.1f}x, engine/scan {e / s:5.1f}x; target {target} s",
            flush=True,
        )
    print(f"written {report.write('engine', measured)}; all targets met: {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
