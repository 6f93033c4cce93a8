"""Creating a release: the current delivery versions of a month, computed, suppressed, frozen."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.engine.definitions import load_initiative, parse_initiative
from fremdrift.engine.months import format_month, parse_month
from fremdrift.errors import UserError
from fremdrift.intake.models import DeliveryVersion
from fremdrift.intake.selectors import current_versions, load_version
from fremdrift.organisation.models import Kommune, User
from fremdrift.releases.compute import (
    STAGES,
    combine,
    default_first,
    release_frame,
    software,
    text_sha256,
    write_figures,
)
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import latest_release, releases_root


def create_release(
    *,
    initiative: str,
    month: str,
    actor: User | None,
    reason: str = "",
    first: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Release:
    """Freeze the figures of `initiative` up to `month` from the current delivery versions.

    Nothing new when the latest revision was made from the same delivery versions, definitions
    and first month: that revision is returned (the same inputs give the same figures). Otherwise
    a new revision supersedes it; a revision after the first must say why (`reason`).
    """
    definition = load_initiative(initiative)
    last = parse_month(month)
    month = format_month(last)
    versions = current_versions(month)
    if not versions:
        raise UserError(
            f"ingen kommune har en godkendt leverance for {month}; "
            f"modtag leverancerne først med `fremdrift intake LEVERANCE --month {month}`"
        )
    inputs = [
        {"id": v.pk, "kommune": k, "version": v.version, "sha256": v.sha256}
        for k, v in sorted(versions.items())
    ]
    previous = latest_release(initiative=initiative, month=month)
    definitions_sha = text_sha256(definition.source_text)
    if (
        previous is not None
        and previous.inputs == inputs
        and previous.definitions_sha256 == definitions_sha
        and (first is None or previous.first_month == format_month(parse_month(first)))
    ):
        return previous
    if previous is not None and not reason.strip():
        raise UserError(
            f"{initiative} {month} er udgivet før (revision {previous.revision}); "
            "angiv hvorfor der udgives igen med --reason, fx 'rettet leverance fra 147'"
        )
    say = progress or (lambda _: None)
    say(STAGES[0])
    delivery = combine([load_version(versions[k]) for k in sorted(versions)])
    start = parse_month(first) if first else default_first(delivery, definition, last)
    if start > last:
        raise UserError(f"første måned ({format_month(start)}) ligger efter {month}")
    figures = release_frame(delivery, definition, start, last, progress)
    say(STAGES[3])
    revision = previous.revision + 1 if previous else 1
    staging = releases_root() / initiative / month / f".r{revision}.staging.parquet"
    sha = write_figures(figures, staging)
    # The hash in the name: two runs racing for a revision number never share a file.
    relative = f"{initiative}/{month}/r{revision}-{sha[:16]}.parquet"
    path = releases_root() / relative
    existed = path.exists()
    staging.replace(path)
    missing = sorted(set(Kommune.objects.values_list("kode", flat=True)) - set(versions))
    try:
        with transaction.atomic():
            release = Release(
                initiative=initiative,
                month=month,
                first_month=format_month(start),
                revision=revision,
                created_by=actor,
                reason=reason.strip(),
                definitions_version=definition.version,
                definitions_sha256=definitions_sha,
                definitions_text=definition.source_text,
                inputs=inputs,
                missing=missing,
                figures_path=relative,
                figures_sha256=sha,
                rows=figures.height,
                software=software(),
                supersedes=previous,
            )
            release.full_clean()
            release.save()
            record(
                actor=actor,
                action=Action.CREATE,
                obj=release,
                after={
                    "release": str(release),
                    "reason": release.reason,
                    "inputs": inputs,
                    "missing": missing,
                    "figures_sha256": sha,
                },
            )
    except BaseException:
        if not existed:
            path.unlink(missing_ok=True)
        raise
    return release


def reproduce(release: Release) -> str:
    """Compute the release again from its stored inputs and definitions; the figures' sha256.

    Equal to `release.figures_sha256` when the release can be reproduced byte for byte.
    """
    definition = parse_initiative(release.definitions_text, source=f"{release.initiative}.toml")
    versions = DeliveryVersion.objects.in_bulk([i["id"] for i in release.inputs])
    delivery = combine([load_version(versions[i["id"]]) for i in release.inputs])
    figures = release_frame(
        delivery, definition, parse_month(release.first_month), parse_month(release.month)
    )
    with tempfile.TemporaryDirectory(prefix="fremdrift-") as tmp:
        return write_figures(figures, Path(tmp) / "figures.parquet")
