"""The day's stored figures: computed once per municipality, initiative and state of its data.

A request asks for `current(...)`: two cheap queries make the fingerprint of the municipality's
data (its citizens, the highest id of each period table, its staff and teams, the definition's
version and the day), and the audit log since the last computation is asked for an import or an
edit of a case row; when neither changed, the stored figures are read back, else they are
computed from the database and stored. Figures are thus
never stale, and the page says when they were computed.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Borger, Forloeb, Markering, Ydelse
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.masks import Masks, Window
from fremdrift.engine.members import LEVELS, Level, Members, Part, Units, all_units, members
from fremdrift.engine.members import unit_counts as count_units
from fremdrift.engine.months import last_day, month_from_index, month_index
from fremdrift.leveringer.selectors import database_delivery
from fremdrift.organisation.models import Medarbejder
from fremdrift.overblik.models import DailyFigures
from fremdrift.virksomheder.models import Aftale

# Changes of the rows a figure is computed from (an import, or an edit of one of these models);
# a goal, a contact or a look at a citizen changes no figure.
CHANGES = (Action.CREATE, Action.UPDATE, Action.DELETE)
CASE_OBJECTS = ("borger", "forloeb", "markering", "ydelse", "aftale", "medarbejder", "team")
MONTHS_SHOWN = 24  # the current month and the 23 before it


def figure_period(today: date) -> tuple[date, date]:
    """First and last day of the months shown as of `today`."""
    current = month_index(today)
    return month_from_index(current - MONTHS_SHOWN + 1), last_day(month_from_index(current))


def fingerprint(kommunekode: str, initiative: str, today: date) -> str:
    state = [today.isoformat(), initiative, load_initiative(initiative).version]
    return hashlib.sha256(
        json.dumps([*state, *_table_state(kommunekode)], default=str).encode()
    ).hexdigest()


def _table_state(kommunekode: str) -> tuple[object, ...]:
    """What the figures are computed from, cheaply: the municipality's citizens (count and
    highest id), the highest id of each period table (an index lookup; a new row anywhere
    counts, as joining the periods to the municipality's citizens would cost a scan), and its
    staff with their teams (a few hundred rows: an edit in the admin counts too). Edits of
    periods are found in the audit log (`changed_since`). The SQL is built from the models'
    table names only; the municipality is a parameter."""
    citizens = (
        f"(SELECT count(*) || ':' || coalesce(max(id), 0) FROM {Borger._meta.db_table} "  # noqa: S608
        "WHERE kommune_id = %s)"
    )
    periods = (Forloeb, Markering, Ydelse, Aftale)
    tops = [f"(SELECT max(id) FROM {m._meta.db_table})" for m in periods]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([citizens, *tops]), [kommunekode])
        row = cursor.fetchone()
    staff = Medarbejder.objects.filter(kommune_id=kommunekode).order_by("pk")
    return (*(row or ()), list(staff.values_list("pk", "medarbejder_id", "team__navn")))


def changed_since(kommunekode: str, seen: int) -> bool:
    """Whether the audit log has an import or an edit of a case row of the municipality after
    event `seen`: the edits that change no count (a period ended, a date moved). Only the events
    since the last computation are read."""
    return (
        AuditEvent.objects.filter(pk__gt=seen, kommune_id=kommunekode)
        .filter(Q(action=Action.IMPORT) | Q(action__in=CHANGES, object_type__in=CASE_OBJECTS))
        .exists()
    )


@dataclass(frozen=True)
class StoredFigures:
    kommunekode: str
    initiative: str
    computed_at: datetime
    figures: pl.DataFrame  # engine long form, kommune level
    units: pl.DataFrame  # engine.members.UNIT_COUNT_SCHEMA, every level
    row_id: int

    @property
    def drill(self) -> Drill:
        return _stored_drill(self.row_id, self.computed_at)


@lru_cache(maxsize=16)
def _stored_drill(row_id: int, computed_at: datetime) -> Drill:
    """The persons of one stored computation (a new computation has a new `computed_at`);
    DailyFigures.DoesNotExist when another request has replaced it meanwhile."""
    blob = DailyFigures.objects.values_list("members", flat=True).get(
        pk=row_id, computed_at=computed_at
    )
    return load_drill(bytes(blob))


@dataclass(frozen=True)
class Drill:
    """The persons behind the figures and their units, as stored."""

    members: Members
    units: dict[Level, Units]

    def person_ids(
        self, *, indicator: str, part: Part, month: str, level: Level, unit: str | None
    ) -> list[str]:
        """The person_ids behind one figure; ValueError for a month outside the stored ones."""
        offset = self.members.offset(month)
        flags = self.members.flags(indicator, part, month)
        kommunekode = self.members.persons["kommunekode"]
        chosen = np.zeros(len(flags), dtype=bool)
        for k in kommunekode.unique().to_list():
            chosen |= self.units[level].persons_in((k, unit), offset)
        return self.members.persons["person_id"].filter(pl.Series(flags & chosen)).to_list()


def current(kommunekode: str, *, initiative: str, today: date) -> StoredFigures:
    """The figures as of now: the stored ones if the data has not changed today, else new."""
    mark = fingerprint(kommunekode, initiative, today)
    row = (
        DailyFigures.objects.filter(kommune_id=kommunekode, initiative=initiative)
        .defer("members")
        .first()
    )
    if (
        row is None
        or row.fingerprint != mark
        or row.day != today
        or changed_since(kommunekode, row.audit_seen)
    ):
        row = _compute_and_store(kommunekode, initiative, today, mark)
    return StoredFigures(
        kommunekode=kommunekode,
        initiative=initiative,
        computed_at=row.computed_at,
        figures=pl.read_parquet(io.BytesIO(bytes(row.figures))),
        units=pl.read_parquet(io.BytesIO(bytes(row.units))),
        row_id=row.pk,
    )


def _compute_and_store(kommunekode: str, initiative: str, today: date, mark: str) -> DailyFigures:
    definition = load_initiative(initiative)
    first, last = figure_period(today)
    # Read before the data: a change logged while computing is seen by the next request.
    seen = AuditEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    delivery = database_delivery([kommunekode])
    figures = compute_indicators(delivery, definition, first, last).filter(
        pl.col("level") == "kommune"
    )
    persons = members(delivery, definition, first, last)
    units = all_units(delivery, persons)
    counts = pl.concat([count_units(persons, units[level]) for level in LEVELS])
    with transaction.atomic():
        row, _ = DailyFigures.objects.update_or_create(
            kommune_id=kommunekode,
            initiative=initiative,
            defaults={
                "day": today,
                "computed_at": timezone.now(),
                "fingerprint": mark,
                "audit_seen": seen,
                "figures": _parquet(figures),
                "units": _parquet(counts),
                "members": dump_drill(Drill(persons, units)),
            },
        )
    return row


def _parquet(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


def dump_drill(drill: Drill) -> bytes:
    m = drill.members
    meta = {
        "initiative": m.initiative,
        "w0": m.window.w0,
        "size": m.window.size,
        "masks": [list(key) for key in m.masks],
        "units": {level: [list(n) for n in u.names] for level, u in drill.units.items()},
    }
    arrays = {
        "meta": np.array(json.dumps(meta)),
        "person_id": m.persons["person_id"].to_numpy().astype(str),
        "kommunekode": m.persons["kommunekode"].to_numpy().astype(str),
        **{f"mask{i}": mask for i, mask in enumerate(m.masks.values())},
        **{f"unit_{level}": u.of for level, u in drill.units.items()},
    }
    out = io.BytesIO()
    np.savez_compressed(out, **arrays)  # type: ignore[arg-type]
    return out.getvalue()


def load_drill(blob: bytes) -> Drill:
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        persons = pl.DataFrame(
            {"person_id": data["person_id"].tolist(), "kommunekode": data["kommunekode"].tolist()},
            schema={"person_id": pl.String, "kommunekode": pl.String},
        )
        masks: dict[tuple[str, Part], Masks] = {
            (key[0], key[1]): data[f"mask{i}"] for i, key in enumerate(meta["masks"])
        }
        units = {
            level: Units(level, [(k, n) for k, n in names], data[f"unit_{level}"])
            for level, names in meta["units"].items()
        }
    return Drill(
        Members(meta["initiative"], Window(meta["w0"], meta["size"]), persons, masks), units
    )
