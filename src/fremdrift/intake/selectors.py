"""Reading STAR's received deliveries: the current version per municipality and month, and
which municipalities have not delivered.

A delivery is made for one reporting month and holds the municipality's history up to it. The
current version of a municipality for a month is its latest accepted delivery FOR THAT MONTH:
a delivery for an earlier month does not stand in for a missing one, so a municipality that has
not delivered for the month is missing from it (and from a release of it), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from fremdrift.delivery.schema import Delivery
from fremdrift.errors import UserError
from fremdrift.intake.models import DeliveryStatus, DeliveryVersion
from fremdrift.intake.storage import intake_root, read_tables
from fremdrift.organisation.models import Kommune

Status = Literal["delivered", "missing", "rejected"]


@dataclass(frozen=True)
class KommuneStatus:
    kommunekode: str
    navn: str
    # delivered: an accepted version exists; rejected: only rejected ones; missing: none.
    status: Status
    # The current accepted version, else the latest rejected one, else None.
    delivery: DeliveryVersion | None
    # A rejected delivery received after the current accepted one (a failed correction).
    later_rejected: DeliveryVersion | None = None

    @property
    def version(self) -> int | None:
        return self.delivery.version if self.delivery else None

    @property
    def received_at(self) -> datetime | None:
        return self.delivery.received_at if self.delivery else None


def current_versions(month: str) -> dict[str, DeliveryVersion]:
    """Kommunekode -> the latest accepted version delivered for `month` (see the module doc)."""
    current: dict[str, DeliveryVersion] = {}
    for v in DeliveryVersion.objects.filter(month=month, status=DeliveryStatus.ACCEPTED).order_by(
        "kommune_id", "version"
    ):
        current[v.kommune_id] = v
    return current


def delivery_status(month: str, kommuner: list[str] | None = None) -> list[KommuneStatus]:
    """Every municipality (or those given), in kommunekode order, with its status for `month`."""
    places = Kommune.objects.order_by("kode")
    if kommuner is not None:
        places = places.filter(kode__in=kommuner)
    versions = DeliveryVersion.objects.filter(month=month).order_by("version")
    if kommuner is not None:
        versions = versions.filter(kommune_id__in=kommuner)
    accepted: dict[str, DeliveryVersion] = {}
    rejected: dict[str, DeliveryVersion] = {}
    for v in versions:
        (accepted if v.accepted else rejected)[v.kommune_id] = v
    out: list[KommuneStatus] = []
    for k in places:
        ok, bad = accepted.get(k.kode), rejected.get(k.kode)
        if ok is not None:
            later = bad if bad is not None and bad.version > ok.version else None
            out.append(KommuneStatus(k.kode, k.navn, "delivered", ok, later))
        elif bad is not None:
            out.append(KommuneStatus(k.kode, k.navn, "rejected", bad))
        else:
            out.append(KommuneStatus(k.kode, k.navn, "missing", None))
    return out


def versions_of(kommune: str, month: str) -> list[DeliveryVersion]:
    """Every version received from a municipality for a month, latest first."""
    return list(
        DeliveryVersion.objects.filter(kommune_id=kommune, month=month)
        .select_related("supersedes")
        .order_by("-version")
    )


def months_received() -> list[str]:
    """The reporting months anything was received for, latest first."""
    return list(
        DeliveryVersion.objects.order_by("-month").values_list("month", flat=True).distinct()
    )


def load_version(version: DeliveryVersion) -> Delivery:
    """The tables of an accepted version as they were received (after validation)."""
    if not version.accepted or not version.storage:
        raise UserError(f"leverancen {version} blev afvist; den har ingen tabeller at læse")
    folder = intake_root() / version.storage
    if not folder.is_dir():
        raise UserError(
            f"tabellerne for leverancen {version} mangler i {folder}; "
            "genskab mappen fra sikkerhedskopien"
        )
    return read_tables(folder)
