"""Loading a delivery into the case system: validated whole, atomic, idempotent, versioned.

A municipality's rows that came from a delivery carry that import as `source`; a corrected
delivery replaces them all, while what staff recorded in fremdrift itself (source empty) stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.models import Borger, Forloeb, Markering, Ydelse
from fremdrift.delivery.io import read_delivery
from fremdrift.delivery.schema import PERIOD_TABLES, Delivery
from fremdrift.delivery.validate import Report, validate_delivery
from fremdrift.errors import UserError
from fremdrift.leveringer.models import DeliveryImport
from fremdrift.leveringer.selectors import database_delivery, pseudonymised, stored_import
from fremdrift.leveringer.tables import digest, for_kommune, pack
from fremdrift.organisation.models import Medarbejder, Team, User
from fremdrift.reference.kommuner import is_kommunekode, navn
from fremdrift.virksomheder.models import Aftale, Virksomhed

BATCH = 5000
Progress = Callable[[str], None]
# The steps reported to `progress`, in order (the command line draws them as a bar).
STAGES = (
    "kontrollerer leverancen",
    "læser leverancen",
    "skriver medarbejdere",
    "skriver borgere",
    "skriver perioder",
)


class InvalidDeliveryError(UserError):
    """The delivery has errors; nothing was written. The report says where."""

    def __init__(self, path: Path, report: Report) -> None:
        super().__init__(
            f"leverancen {path} har {report.errors} fejl og er ikke indlæst; intet er skrevet. "
            f"Ret fejlene (se ovenfor eller kør `fremdrift validate {path}`) og indlæs igen"
        )
        self.report = report


@dataclass
class ImportResult:
    kommune: str
    delivery_import: DeliveryImport
    # False: the same data was already the active import, and nothing changed.
    changed: bool
    rows: dict[str, int]
    removed_borgere: int = 0
    warnings: list[str] = field(default_factory=list)


def import_delivery(
    *,
    path: Path,
    kommune: str,
    actor: User | None = None,
    progress: Progress | None = None,
    report: Report | None = None,
) -> ImportResult:
    """Load one municipality's citizens, periods and staff from a delivery into the database."""
    if not is_kommunekode(kommune):
        raise UserError(f"{kommune!r} er ikke en kommunekode; angiv fx --kommune 147")
    say = progress or (lambda _: None)
    say(STAGES[0])
    report = report if report is not None else validate_delivery(path)
    if report.errors:
        raise InvalidDeliveryError(path, report)
    say(STAGES[1])
    part = for_kommune(read_delivery(path), kommune)
    if part["borgere"].is_empty():
        raise UserError(
            f"leverancen {path} har ingen borgere i {navn(kommune)} ({kommune}); "
            "tjek --kommune eller leverancens kommunekoder"
        )
    warnings = [p.text() for p in report if p.severity == "warning"]
    rows = {name: frame.height for name, frame in part.tables.items()}
    sha = digest(part)
    active = DeliveryImport.objects.filter(kommune_id=kommune, active=True).first()
    if active is not None and active.sha256 == sha:
        return ImportResult(kommune, active, changed=False, rows=rows, warnings=warnings)
    with transaction.atomic():
        new = DeliveryImport.objects.create(
            kommune_id=kommune,
            sha256=sha,
            source_name=path.name,
            imported_by=actor,
            active=False,
            row_counts=rows,
            warnings=warnings,
            tables=pack(part),
        )
        if active is not None:
            active.active = False
            active.superseded_by = new
            active.save(update_fields=["active", "superseded_by"])
        new.active = True
        new.save(update_fields=["active"])
        say(STAGES[2])
        staff = _load_staff(part, kommune)
        say(STAGES[3])
        people, removed = _load_borgere(part, kommune, new)
        say(STAGES[4])
        _load_periods(part, kommune, new, people, staff)
        record(
            actor=actor,
            action=Action.IMPORT,
            obj=new,
            kommune_id=kommune,
            after={
                "source": path.name,
                "sha256": sha,
                "rows": rows,
                "removed_borgere": removed,
                "supersedes": active.pk if active else None,
            },
        )
    return ImportResult(kommune, new, True, rows, removed, warnings)


def _load_staff(part: Delivery, kommune: str) -> dict[str, int]:
    teams = {t.navn: t.pk for t in Team.objects.filter(kommune_id=kommune)}
    for name in part["medarbejdere"]["team"].drop_nulls().unique().to_list():
        if name not in teams:
            teams[name] = Team.objects.create(kommune_id=kommune, navn=name).pk
    existing = {m.medarbejder_id: m for m in Medarbejder.objects.filter(kommune_id=kommune)}
    changed: list[Medarbejder] = []
    for row in part["medarbejdere"].iter_rows(named=True):
        m = existing.get(row["medarbejder_id"])
        navn_ = row["navn"] or ""
        team_id = teams.get(row["team"]) if row["team"] else None
        if m is None:
            existing[row["medarbejder_id"]] = Medarbejder.objects.create(
                kommune_id=kommune,
                medarbejder_id=row["medarbejder_id"],
                navn=navn_,
                team_id=team_id,
            )
        elif (m.navn, m.team_id) != (navn_, team_id):
            m.navn, m.team_id = navn_, team_id
            changed.append(m)
    Medarbejder.objects.bulk_update(changed, ["navn", "team"])
    # A marking may name staff the delivery does not list (a warning): they are created bare.
    referenced = part["markeringer"]["medarbejder_id"].drop_nulls().unique().to_list()
    for medarbejder_id in referenced:
        if medarbejder_id not in existing:
            existing[medarbejder_id] = Medarbejder.objects.create(
                kommune_id=kommune, medarbejder_id=medarbejder_id
            )
    return {k: m.pk for k, m in existing.items()}


_BORGER_FIELDS = ("foedselsdato", "koen", "herkomst")


def _load_borgere(
    part: Delivery, kommune: str, source: DeliveryImport
) -> tuple[dict[str, int], int]:
    existing = {b.person_id: b for b in Borger.objects.filter(kommune_id=kommune)}
    incoming = {row["person_id"]: row for row in part["borgere"].iter_rows(named=True)}
    new = [
        Borger(kommune_id=kommune, source=source, **_pick(row, ("person_id", *_BORGER_FIELDS)))
        for pid, row in incoming.items()
        if pid not in existing
    ]
    changed = []
    for pid, b in existing.items():
        row = incoming.get(pid)
        if row is not None and any(getattr(b, f) != row[f] for f in _BORGER_FIELDS):
            for f in _BORGER_FIELDS:
                setattr(b, f, row[f])
            changed.append(b)
    gone = [b.pk for pid, b in existing.items() if pid not in incoming and b.source_id is not None]
    for chunk in _chunks(gone):
        Borger.objects.filter(pk__in=chunk).delete()
    Borger.objects.bulk_update(changed, list(_BORGER_FIELDS), batch_size=BATCH)
    Borger.objects.bulk_create(new, batch_size=BATCH)
    ids = dict(Borger.objects.filter(kommune_id=kommune).values_list("person_id", "pk"))
    return ids, len(gone)


def _load_periods(
    part: Delivery,
    kommune: str,
    source: DeliveryImport,
    people: dict[str, int],
    staff: dict[str, int],
) -> None:
    models: dict[str, type[Forloeb | Markering | Ydelse | Aftale]] = {
        "forloeb": Forloeb,
        "markeringer": Markering,
        "ydelser": Ydelse,
        "aktiviteter": Aftale,
    }
    for name in PERIOD_TABLES:
        models[name].objects.filter(borger__kommune_id=kommune, source__isnull=False).delete()
    companies = _companies(part["aktiviteter"], kommune)

    def rows(name: str) -> Iterable[dict[str, Any]]:
        for row in part[name].iter_rows(named=True):
            pid = row.pop("person_id")
            yield {"borger_id": people[pid], "source": source, **_blank(row)}

    Forloeb.objects.bulk_create((Forloeb(**r) for r in rows("forloeb")), batch_size=BATCH)
    Ydelse.objects.bulk_create((Ydelse(**r) for r in rows("ydelser")), batch_size=BATCH)

    def marking(row: dict[str, Any]) -> Markering:
        staff_id = row.pop("medarbejder_id")
        return Markering(**row, medarbejder_id=staff[staff_id] if staff_id else None)

    def agreement(row: dict[str, Any]) -> Aftale:
        cvr = row.pop("cvr")
        return Aftale(**row, virksomhed_id=companies[cvr] if cvr else None)

    Markering.objects.bulk_create(map(marking, rows("markeringer")), batch_size=BATCH)
    Aftale.objects.bulk_create(map(agreement, rows("aktiviteter")), batch_size=BATCH)


def _companies(aktiviteter: pl.DataFrame, kommune: str) -> dict[str, int]:
    known = dict(Virksomhed.objects.filter(kommune_id=kommune).values_list("cvr", "pk"))
    for cvr in aktiviteter["cvr"].drop_nulls().unique().sort().to_list():
        if cvr not in known:
            known[cvr] = Virksomhed.objects.create(kommune_id=kommune, cvr=cvr).pk
    return known


# Text and code columns are blank, not NULL, in the database (Django's convention for text).
_NULLABLE = {"slut", "timer_pr_uge", "medarbejder_id", "cvr"}


def _blank(row: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None and k not in _NULLABLE else v) for k, v in row.items()}


def _pick(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {n: row[n] for n in names}


def _chunks(items: list[int], size: int = 900) -> Iterable[list[int]]:
    # SQLite allows at most 999 parameters in one statement.
    for i in range(0, len(items), size):
        yield items[i : i + size]


def export_delivery(
    *,
    kommune: str,
    actor: User | None = None,
    pseudonym_key: bytes | None = None,
    import_id: int | None = None,
) -> Delivery:
    """The municipality's data as a delivery (or an earlier import as loaded); audit-logged."""
    if import_id is None:
        delivery = database_delivery([kommune], pseudonym_key=pseudonym_key)
    else:
        stored = DeliveryImport.objects.filter(pk=import_id, kommune_id=kommune).first()
        if stored is None:
            raise UserError(
                f"kommune {kommune} har ingen indlæst leverance med id {import_id}; "
                "se listen i administrationen under Indlæste leverancer"
            )
        delivery = stored_import(stored)
        if pseudonym_key is not None:
            delivery = pseudonymised(delivery, pseudonym_key)
    record(
        actor=actor,
        action=Action.EXPORT,
        kommune_id=kommune,
        after={
            "import": import_id,
            "pseudonymised": pseudonym_key is not None,
            "rows": {name: frame.height for name, frame in delivery.tables.items()},
        },
    )
    return delivery
