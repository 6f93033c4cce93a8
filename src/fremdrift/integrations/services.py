"""Writes of the integrations: storing fetched benchmarks (idempotent upsert, audit-logged)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.integrations.jobindsats.benchmarks import BenchmarkRow
from fremdrift.integrations.models import Benchmark, BenchmarkFetch
from fremdrift.organisation.models import User


@dataclass(frozen=True)
class StoreResult:
    fetch: BenchmarkFetch
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def store_benchmarks(
    *,
    actor: User | None,
    api_version: int,
    base_url: str,
    table_id: str,
    table_name: str,
    request: dict[str, Any],
    metadata: dict[str, Any],
    rows: Sequence[BenchmarkRow],
    source: str = "jobindsats",
) -> StoreResult:
    """Record the fetch and upsert its figures: a figure fetched again unchanged stays as it
    was (with the fetch it first came from); a revised figure replaces the stored one."""
    fetch = BenchmarkFetch(
        source=source,
        api_version=api_version,
        base_url=base_url,
        table_id=table_id,
        table_name=table_name[:300],
        fetched_by=actor,
        request=request,
        metadata=metadata,
        row_count=len(rows),
    )
    fetch.full_clean()
    fetch.save()
    created = updated = unchanged = 0
    for row in rows:
        key = {
            "source": source,
            "table_id": row.table_id,
            "measure": row.measure,
            "initiative": row.initiative,
            "indicator": row.indicator,
            "category": row.category,
            "kommunekode": row.kommunekode or "",
            "period": row.period.code(),
        }
        existing = Benchmark.objects.filter(**key).first()
        if existing is not None and existing.value == row.value and existing.unit == row.unit:
            unchanged += 1
            continue
        benchmark = existing or Benchmark(**key)
        benchmark.period_kind = row.period.kind
        benchmark.month = row.period.last_month
        benchmark.value = row.value
        benchmark.unit = row.unit
        benchmark.fetch = fetch
        benchmark.full_clean()
        benchmark.save()
        if existing is None:
            created += 1
        else:
            updated += 1
    record(
        actor=actor,
        action=Action.CREATE,
        obj=fetch,
        view="integrations.jobindsats.fetch",
        after={"table": table_id, "created": created, "updated": updated, "unchanged": unchanged},
    )
    return StoreResult(fetch, created, updated, unchanged)
