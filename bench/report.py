"""What every benchmark writes: the machine it ran on, and the result as JSON in bench/results/."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "cpus": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
    }


def write(name: str, measured: Mapping[str, object]) -> Path:
    """`bench/results/<name>-<UTC time>.json`, what was measured after when and on what; the
    path from the repository's root, to print."""
    now = datetime.now(UTC)
    report = {"when": now.isoformat(timespec="seconds"), "machine": machine(), **measured}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}-{now:%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return out.relative_to(HERE.parent)
