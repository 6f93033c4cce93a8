"""Build a delivery (DELIVERY.md) from what the Momentum API says about a municipality's citizens.

borgere from the citizen (CPR gives birth date and sex; herkomst is not in Momentum and comes
from the municipality's own list or an explicit default), ydelser from the target-group code,
markeringer and forloeb from tag assignments (mapping.py), the jobformidler marking from the
responsible caseworker with the PERSONLIG_JOBFORMIDLER responsibility, medarbejdere from those
caseworkers. Nothing is written here: the caller writes the whole delivery or nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from fremdrift.borgere.cpr import birth_date, is_cpr, koen, normalise
from fremdrift.delivery.schema import HERKOMST3, HERKOMST5, Delivery
from fremdrift.errors import UserError
from fremdrift.integrations.momentum.client import MomentumClient
from fremdrift.integrations.momentum.mapping import (
    JOBFORMIDLER_CODE,
    JOBFORMIDLER_NAME,
    TAGS,
    TARGET_GROUPS,
    TagRule,
    TargetGroup,
)

# Momentum keeps dates as instants (local midnight in UTC); the day is the Danish calendar day.
_DANISH = ZoneInfo("Europe/Copenhagen")


@dataclass
class MomentumDelivery:
    delivery: Delivery
    citizens: int = 0
    skipped: list[str] = field(default_factory=list)
    unmapped_tags: Counter[str] = field(default_factory=Counter)
    defaulted_herkomst: int = 0


def momentum_date(value: Any) -> date | None:
    """`2024-03-01`, or an instant like `2024-02-29T23:00:00Z`, as the Danish calendar day."""
    if value in (None, ""):
        return None
    text = str(value)
    if "T" not in text:
        return date.fromisoformat(text[:10])
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(_DANISH).date()


def build_delivery(
    client: MomentumClient,
    *,
    kommunekode: str,
    target_groups: Mapping[str, TargetGroup] = TARGET_GROUPS,
    tags: Mapping[str, TagRule] = TAGS,
    herkomst: Mapping[str, str] | None = None,
    default_herkomst: str | None = None,
    progress: Callable[[], object] = lambda: None,
) -> MomentumDelivery:
    known_herkomst = {normalise(k) if is_cpr(k) else k: v for k, v in (herkomst or {}).items()}
    rules = {title.casefold(): rule for title, rule in tags.items()}
    result = MomentumDelivery(Delivery.from_frames({}))
    rows: dict[str, list[dict[str, Any]]] = {
        "borgere": [], "forloeb": [], "markeringer": [], "ydelser": [], "medarbejdere": [],
    }  # fmt: skip
    staff: dict[str, str | None] = {}
    missing_herkomst = 0
    for found in client.citizens(sorted(target_groups)):
        progress()
        citizen_id = str(found.get("id") or found.get("citizenId"))
        citizen = client.citizen(citizen_id)
        cpr = str(citizen.get("cpr") or "")
        if not is_cpr(cpr):
            result.skipped.append(f"Momentum-borger {citizen_id}: intet gyldigt CPR-nummer")
            continue
        person = normalise(cpr)
        origin = known_herkomst.get(person, default_herkomst)
        if origin is None:
            missing_herkomst += 1
            continue
        if person not in known_herkomst:
            result.defaulted_herkomst += 1
        result.citizens += 1
        rows["borgere"].append(
            {
                "person_id": person,
                "kommunekode": kommunekode,
                "foedselsdato": birth_date(person),
                "koen": koen(person),
                "herkomst": origin,
            }
        )
        group = target_groups.get(str(citizen.get("targetGroupCode") or ""))
        start = momentum_date(citizen.get("targetGroupStartDate"))
        if group is not None and start is not None:
            rows["ydelser"].append(
                {
                    "person_id": person,
                    "ydelse": group.ydelse,
                    "start": start,
                    "slut": momentum_date(citizen.get("targetGroupEndDate")),
                    "visitation": group.visitation,
                }
            )
        for assignment in client.tag_assignments(citizen_id):
            title = str((assignment.get("tag") or {}).get("title", ""))
            rule = rules.get(title.casefold())
            begin = momentum_date(assignment.get("start"))
            if rule is None or begin is None:
                result.unmapped_tags[title] += 1
                continue
            end = momentum_date(assignment.get("end"))
            if rule.markering:
                rows["markeringer"].append(
                    {"person_id": person, "markering": rule.markering, "start": begin, "slut": end}
                )
            if rule.forloeb:
                initiativ, gruppe = rule.forloeb
                rows["forloeb"].append(
                    {
                        "person_id": person,
                        "initiativ": initiativ,
                        "gruppe": gruppe,
                        "start": begin,
                        "slut": end,
                    }
                )
        for worker in client.responsible_caseworkers(citizen_id):
            if not _is_jobformidler(worker):
                continue
            begin = momentum_date(worker.get("startDate"))
            if begin is None:
                result.skipped.append(f"{citizen_id}: jobformidler uden startdato")
                continue
            medarbejder = str(worker["caseworkerId"])
            staff.setdefault(medarbejder, worker.get("caseworkerName") or worker.get("name"))
            rows["markeringer"].append(
                {
                    "person_id": person,
                    "markering": "jobformidler",
                    "start": begin,
                    "slut": momentum_date(worker.get("endDate")),
                    "medarbejder_id": medarbejder,
                }
            )
    if missing_herkomst:
        raise UserError(
            f"{missing_herkomst} borgere mangler herkomst, som Momentum ikke har; angiv "
            "--herkomst FIL (person_id,herkomst fra kommunens CPR-udtræk) eller "
            f"--herkomst-default ({', '.join(HERKOMST5 + HERKOMST3[1:])})"
        )
    rows["medarbejdere"] = [
        {"medarbejder_id": m, "kommunekode": kommunekode, "navn": navn} for m, navn in staff.items()
    ]
    frames = {name: pl.DataFrame(found) for name, found in rows.items() if found}
    for name in ("forloeb", "markeringer"):
        if name in frames:
            frames[name] = _without_overlaps(
                frames[name], "initiativ" if name == "forloeb" else "markering"
            )
    result.delivery = Delivery.from_frames(frames)
    return result


def _is_jobformidler(worker: Mapping[str, Any]) -> bool:
    return (
        worker.get("responsibilityCode") == JOBFORMIDLER_CODE
        or str(worker.get("responsibilityName", "")).casefold() == JOBFORMIDLER_NAME.casefold()
    )


def _without_overlaps(frame: pl.DataFrame, kind: str) -> pl.DataFrame:
    """A period that runs into the next of the same kind ends the day before it (a handover
    registered on the same day in Momentum); the delivery format forbids such overlaps."""
    rows = frame.sort("person_id", kind, "start").to_dicts()
    for before, after in pairwise(rows):
        same = (before["person_id"], before[kind]) == (after["person_id"], after[kind])
        if same and (before["slut"] is None or before["slut"] >= after["start"]):
            before["slut"] = max(before["start"], after["start"] - timedelta(days=1))
    return pl.DataFrame(rows, schema=frame.schema)
