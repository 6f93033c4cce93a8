"""fremdrift validate: every problem of a delivery, with its position."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from fremdrift.delivery.validate import Problem, Report, check_delivery

EPILOG = """\
eksempler:
  fremdrift validate levering/
  fremdrift validate levering.zip --lang en --report problemer.json
  fremdrift validate levering/ --report problemer.csv --max-per-kind 0

Hvert problem skrives som fil:linje:kolonne: besked (for XLSX fil:ark!celle: besked), fx

  borgere.csv:3:2: Kommunekoden '999' findes ikke; brug en af de 98 kommunekoder, ...

og til sidst en linje med antallet af fejl og advarsler. Afslutter med 1 ved fejl og 0, når
leverancen er i orden (advarsler alene giver 0).

--report FIL skriver alle problemer (også dem, der ikke vises): som CSV, hvis FIL ender på
.csv (kolonner file,line,column,code,severity,message_da,message_en), ellers som JSON
({"errors", "warnings", "counts", "rows", "problems": [...]}).
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
    parser.add_argument(
        "--lang", choices=("da", "en"), default="da", help="sprog for beskederne (standard: da)"
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="FIL",
        help="skriv alle problemer til FIL: CSV hvis FIL ender på .csv, ellers JSON",
    )
    parser.add_argument(
        "--max-per-kind",
        type=int,
        default=50,
        metavar="N",
        help="vis højst N linjer pr. slags problem (0: alle; standard 50); alle tælles med",
    )
    parser.set_defaults(run=run)


# Problems that mean there is no delivery to check at all: one line, no summary.
FATAL = frozenset({"not_found", "not_a_delivery", "unreadable_zip"})


def run(args: argparse.Namespace) -> int:
    report = check_delivery(args.delivery)
    fatal = [p for p in report if p.code in FATAL]
    if fatal:
        print(f"fremdrift validate: {fatal[0].text(args.lang)}", file=sys.stderr)
        return _write(report, args.report) or 1
    limit = args.max_per_kind if args.max_per_kind > 0 else None
    shown: Counter[str] = Counter()
    for problem in report.problems:
        shown[problem.code] += 1
        if limit is None or shown[problem.code] <= limit:
            print(problem.text(args.lang))
    if limit is not None:
        for code, count in shown.items():
            if count > limit:
                more = count - limit
                print(
                    f"... og {more} flere af slagsen {code} (se --report)"
                    if args.lang == "da"
                    else f"... and {more} more of kind {code} (see --report)"
                )
    failed = _write(report, args.report)
    if failed:
        return failed
    print(summary(report, args.lang), file=sys.stderr if report.errors else sys.stdout)
    return 1 if report.errors else 0


def _write(report: Report, path: Path | None) -> int:
    """Write the report if asked; 2 (and one line) when the file cannot be written."""
    if path is None:
        return 0
    try:
        write_report(report, path)
    except OSError as exc:
        print(f"fremdrift validate: kan ikke skrive rapporten {path}: {exc}", file=sys.stderr)
        return 2
    return 0


def write_report(report: Report, path: Path) -> None:
    """The full report: CSV for a .csv path, JSON otherwise (one problem a line, streamed)."""
    fields = ("file", "line", "column", "code", "severity", "message_da", "message_en")
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(fields)
            writer.writerows(_row(p, fields) for p in report.problems)
        return
    head = {
        "errors": report.errors,
        "warnings": report.warnings,
        "counts": dict(report.counts()),
        "rows": report.rows,
    }
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2])
        f.write(',\n  "problems": [')
        for i, problem in enumerate(report.problems):
            f.write(",\n    " if i else "\n    ")
            f.write(json.dumps(problem.as_dict(), ensure_ascii=False))
        f.write("\n  ]\n}\n" if report.problems else "]\n}\n")


def _row(problem: Problem, fields: tuple[str, ...]) -> list[object]:
    values = problem.as_dict()
    return ["" if values[f] is None else values[f] for f in fields]


def summary(report: Report, lang: str) -> str:
    """One line: the counts of errors and warnings, per kind, rows read, and the verdict."""
    kinds = ", ".join(f"{code} {n}" for code, n in sorted(report.counts().items()))
    rows = ", ".join(f"{name} {count}" for name, count in report.rows.items())
    if lang == "da":
        verdict = "leverancen er i orden" if not report.errors else "leverancen afvises"
        detail = "; ".join(x for x in (kinds, f"rækker: {rows}" if rows else "") if x)
        detail = f" ({detail})" if detail else ""
        return f"{report.errors} fejl, {report.warnings} advarsler{detail}: {verdict}"
    verdict = "the delivery is clean" if not report.errors else "the delivery is rejected"
    detail = "; ".join(x for x in (kinds, f"rows: {rows}" if rows else "") if x)
    detail = f" ({detail})" if detail else ""
    return f"{report.errors} errors, {report.warnings} warnings{detail}: {verdict}"
