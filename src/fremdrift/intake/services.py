"""Receiving a municipality's monthly delivery at STAR: validated whole, every version kept.

A delivery is checked as `fremdrift validate` checks it, and besides must be pseudonymised (a
person_id that is a valid CPR number is an error: CPR numbers never leave the municipality). A
bad delivery is recorded as rejected with its full report and nothing of it is accepted. A good
one is split per municipality; each municipality's part becomes a new version for the month,
unless it is identical to the current one (same canonical hash: nothing changes).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Max

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.cli.validate import FATAL, write_report
from fremdrift.delivery.cpr import valid_cpr
from fremdrift.delivery.io import delivery_folder, read_delivery, table_files
from fremdrift.delivery.schema import PERIOD_TABLES, TABLES, Delivery, empty_table
from fremdrift.delivery.validate import Problem, Report, check_delivery
from fremdrift.engine.months import add_months, format_month, last_day, parse_month
from fremdrift.errors import UserError
from fremdrift.intake.models import DeliveryStatus, DeliveryVersion
from fremdrift.intake.storage import intake_root, version_folder, write_tables
from fremdrift.leveringer.tables import canonical, digest, for_kommune
from fremdrift.organisation.models import User
from fremdrift.reference.kommuner import is_kommunekode, navn

Progress = Callable[[str], None]
# The steps reported to `progress`, in order (the command line draws them as a bar).
STAGES = ("kontrollerer leverancen", "læser leverancen", "gemmer versionerne")
REPORT_FILE = "kontrolrapport.json"
REPORT_LIMIT = 10_000


@dataclass(frozen=True)
class IntakeResult:
    kommune: str
    version: DeliveryVersion
    # False: the delivery was identical to the latest one received, and nothing new was made.
    changed: bool

    @property
    def accepted(self) -> bool:
        return self.version.accepted


def receive_delivery(
    *,
    path: Path,
    month: str,
    actor: User | None = None,
    delivered_by: str = "",
    kommune: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[IntakeResult], Report]:
    """Receive a delivery for `month`: one result per municipality in it (or `kommune` only).

    Returns the results and the full validation report; a rejected delivery is recorded (one
    rejected version per municipality) and nothing of it is accepted.
    """
    month = format_month(parse_month(month))
    if kommune is not None and not is_kommunekode(kommune):
        raise UserError(f"{kommune!r} er ikke en kommunekode; angiv fx --kommune 147")
    say = progress or (lambda _: None)
    say(STAGES[0])
    report = check_delivery(path)
    fatal = [p for p in report if p.code in FATAL]
    if fatal:
        # Nothing was received (no such file, or not a delivery): nothing to record.
        raise UserError(fatal[0].text())
    delivery: Delivery | None = None
    if not report.errors:
        say(STAGES[1])
        delivery = read_delivery(path)
        report.extend(pseudonymisation_problems(delivery))
        report.extend(month_problems(delivery, month))
    kommuner = [kommune] if kommune else _kommuner(path, delivery)
    say(STAGES[2])
    if report.errors or delivery is None:
        return _reject(path, month, kommuner, report, actor, delivered_by), report
    parts = split(delivery, kommuner)
    empty = [k for k, part in parts.items() if part["borgere"].is_empty()]
    if empty:
        raise UserError(
            f"leverancen {path} har ingen borgere i {navn(empty[0])} ({empty[0]}); "
            "tjek --kommune eller leverancens kommunekoder"
        )
    return _accept(path, month, parts, report, actor, delivered_by), report


def split(delivery: Delivery, kommuner: list[str]) -> dict[str, Delivery]:
    """Each municipality's part (as `leveringer.tables.for_kommune`), in one pass over the rows
    rather than one per municipality: a national file has 98."""
    if len(kommuner) == 1:
        return {kommuner[0]: for_kommune(delivery, kommuner[0])}
    borgere = delivery["borgere"].filter(pl.col("kommunekode").is_in(kommuner))
    owner = borgere.select("person_id", pl.col("kommunekode").alias("_kommune"))
    groups: dict[str, dict[str, pl.DataFrame]] = {k: {} for k in kommuner}
    frames = {
        "borgere": borgere.with_columns(_kommune=pl.col("kommunekode")),
        **{name: delivery[name].join(owner, on="person_id", how="inner") for name in PERIOD_TABLES},
        "medarbejdere": delivery["medarbejdere"].with_columns(_kommune=pl.col("kommunekode")),
    }
    for name, frame in frames.items():
        for (k,), part in frame.partition_by("_kommune", as_dict=True).items():
            if k in groups:
                groups[str(k)][name] = part.drop("_kommune")
    return {
        k: Delivery(
            canonical({name: found.get(name, empty_table(name)) for name in TABLES}),
            delivery.format_version,
        )
        for k, found in groups.items()
    }


def pseudonymisation_problems(delivery: Delivery) -> list[Problem]:
    """One error per table whose person_id holds valid CPR numbers."""
    problems = []
    for name in ("borgere", *PERIOD_TABLES):
        cpr = valid_cpr(delivery[name]["person_id"])
        n = int(cpr.sum())
        if n:
            first = int(cpr.arg_true()[0]) + 1
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    "not_pseudonymised",
                    f"{n} person_id i {name} er CPR-numre (den første i række {first}); en "
                    "leverance til STAR skal være pseudonymiseret: lav den med `fremdrift export "
                    "--kommune K UD --pseudonymise NØGLEFIL`",
                    f"{n} person_id in {name} are CPR numbers (the first in row {first}); a "
                    "delivery to STAR must be pseudonymised: make it with `fremdrift export "
                    "--kommune K OUT --pseudonymise KEYFILE`",
                )
            )
    return problems


def month_problems(delivery: Delivery, month: str) -> list[Problem]:
    """Warnings that the delivery may be for another month than `month` (`--month` mistyped or
    an old extract): periods that begin after it, or nothing that begins or ends in it or the
    month before."""
    first = parse_month(month)
    last = last_day(first)
    problems = []
    starts = [delivery[name]["start"].max() for name in PERIOD_TABLES]
    latest = max((d for d in starts if isinstance(d, date)), default=None)
    if latest is not None and latest > last:
        problems.append(
            Problem(
                "",
                None,
                None,
                "after_month",
                f"leverancen har perioder, der begynder efter {month} (den seneste {latest}); "
                "er --month den rigtige måned?",
                f"the delivery has periods that begin after {month} (the latest {latest}); "
                "is --month the right month?",
                "warning",
            )
        )
    events = [
        delivery[name][column].max() for name in PERIOD_TABLES for column in ("start", "slut")
    ]
    newest = max((d for d in events if isinstance(d, date)), default=None)
    if newest is not None and newest < add_months(first, -1):
        problems.append(
            Problem(
                "",
                None,
                None,
                "old_extract",
                f"intet i leverancen begynder eller slutter efter {newest}; er det et gammelt "
                f"udtræk, eller er --month ({month}) forkert?",
                f"nothing in the delivery begins or ends after {newest}; is it an old extract, "
                f"or is --month ({month}) wrong?",
                "warning",
            )
        )
    return problems


def _kommuner(path: Path, delivery: Delivery | None) -> list[str]:
    """The municipalities a delivery is for, from its citizens (read as text if it has errors)."""
    found = delivery.kommunekoder() if delivery is not None else _raw_kommunekoder(path)
    found = [k for k in found if is_kommunekode(k)]
    if not found:
        raise UserError(
            f"kan ikke se, hvilken kommune leverancen {path} er fra; angiv den med --kommune"
        )
    return found


def _raw_kommunekoder(path: Path) -> list[str]:
    try:
        with delivery_folder(path) as folder:
            file = table_files(folder).get("borgere")
            if file is None:
                return []
            if file.suffix == ".parquet":
                column = pl.read_parquet(file, columns=["kommunekode"])["kommunekode"]
            else:
                column = pl.read_csv(file, infer_schema=False, columns=["kommunekode"])[
                    "kommunekode"
                ]
    except (UserError, pl.exceptions.PolarsError, OSError, UnicodeDecodeError):
        return []
    return sorted(column.cast(pl.String).str.strip_chars().drop_nulls().unique().to_list())


def files_sha256(path: Path) -> str:
    """The hash of a delivery as received: the file, or the folder's files by name."""
    h = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        h.update(file.relative_to(path).as_posix().encode() if file != path else b"")
        with file.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def report_json(report: Report, *, warnings_only: bool = False) -> dict[str, Any]:
    """The report as stored with the version: the counts, and the problems up to REPORT_LIMIT.

    A systematic error in a national file is one problem per row, millions; the whole list is
    in the version's kontrolrapport.json, the row keeps what a person reads.
    """
    problems = [p for p in report if p.severity == "warning"] if warnings_only else list(report)
    return {
        "errors": report.errors,
        "warnings": report.warnings,
        "counts": dict(report.counts()),
        "rows": report.rows,
        "problems": [p.as_dict() for p in problems[:REPORT_LIMIT]],
        "truncated": len(problems) > REPORT_LIMIT,
    }


def _next_version(kommune: str, month: str) -> int:
    latest = DeliveryVersion.objects.filter(kommune_id=kommune, month=month).aggregate(
        n=Max("version")
    )["n"]
    return (latest or 0) + 1


def _save_version(
    version: DeliveryVersion, actor: User | None, after: dict[str, Any]
) -> DeliveryVersion:
    """Check and store a received version with its import event (in the caller's transaction)."""
    version.full_clean()
    version.save()
    record(
        actor=actor, action=Action.IMPORT, obj=version, kommune_id=version.kommune_id, after=after
    )
    return version


def _reject(
    path: Path,
    month: str,
    kommuner: list[str],
    report: Report,
    actor: User | None,
    delivered_by: str,
) -> list[IntakeResult]:
    sha = files_sha256(path)
    results = []
    with transaction.atomic():
        for k in kommuner:
            latest = DeliveryVersion.objects.filter(kommune_id=k, month=month).last()
            if latest is not None and not latest.accepted and latest.sha256 == sha:
                results.append(IntakeResult(k, latest, changed=False))
                continue
            number = _next_version(k, month)
            folder = version_folder(k, month, number)
            (intake_root() / folder).mkdir(parents=True, exist_ok=True)
            write_report(report, intake_root() / folder / REPORT_FILE)
            version = _save_version(
                DeliveryVersion(
                    kommune_id=k,
                    month=month,
                    version=number,
                    sha256=sha,
                    delivered_by=delivered_by,
                    received_by=actor,
                    source_name=path.name,
                    status=DeliveryStatus.REJECTED,
                    report=report_json(report),
                    row_counts=report.rows,
                    storage="",
                ),
                actor,
                {"month": month, "status": "rejected", "errors": report.errors},
            )
            results.append(IntakeResult(k, version, changed=True))
    return results


def _accept(
    path: Path,
    month: str,
    parts: dict[str, Delivery],
    report: Report,
    actor: User | None,
    delivered_by: str,
) -> list[IntakeResult]:
    results = []
    written: list[Path] = []
    try:
        with transaction.atomic():
            for k, part in parts.items():
                sha = digest(part)
                current = (
                    DeliveryVersion.objects.filter(
                        kommune_id=k, month=month, status=DeliveryStatus.ACCEPTED
                    )
                    .order_by("version")
                    .last()
                )
                if current is not None and current.sha256 == sha:
                    results.append(IntakeResult(k, current, changed=False))
                    continue
                number = _next_version(k, month)
                folder = version_folder(k, month, number)
                target = intake_root() / folder
                if target.exists():
                    # Left by an earlier run that failed before it was recorded.
                    shutil.rmtree(target)
                written.append(target)
                write_tables(part, target)
                write_report(report, target / REPORT_FILE)
                rows = {name: frame.height for name, frame in part.tables.items()}
                version = _save_version(
                    DeliveryVersion(
                        kommune_id=k,
                        month=month,
                        version=number,
                        sha256=sha,
                        delivered_by=delivered_by,
                        received_by=actor,
                        source_name=path.name,
                        status=DeliveryStatus.ACCEPTED,
                        report=report_json(report, warnings_only=True),
                        row_counts=rows,
                        storage=folder,
                        supersedes=current,
                    ),
                    actor,
                    {
                        "month": month,
                        "status": "accepted",
                        "version": number,
                        "sha256": sha,
                        "rows": rows,
                        "supersedes": current.pk if current else None,
                    },
                )
                results.append(IntakeResult(k, version, changed=True))
    except BaseException:
        for target in written:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return results
