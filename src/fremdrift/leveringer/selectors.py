"""Reading the case system back as a delivery: for export, and for the engine (one code path)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

import polars as pl
from django.db.models import F

from fremdrift.borgere.models import Borger, Forloeb, Markering, Ydelse
from fremdrift.delivery.schema import PERIOD_TABLES, TABLES, Delivery
from fremdrift.leveringer.models import DeliveryImport
from fremdrift.leveringer.tables import canonical, unpack
from fremdrift.organisation.models import Medarbejder
from fremdrift.virksomheder.models import DELIVERY_AKTIVITET, Aftale

# Pseudonyms are the first 32 hex digits (128 bits) of HMAC-SHA256 under the municipality's key.
PSEUDONYM_LENGTH = 32


def database_delivery(
    kommuner: Iterable[str] | None = None, *, pseudonym_key: bytes | None = None
) -> Delivery:
    """The database's citizens (of these municipalities, or all) as a delivery.

    With `pseudonym_key`, every person_id becomes a keyed hash and staff names are left out:
    the form for a delivery that leaves the municipality.
    """
    borgere = Borger.objects.all()
    staff = Medarbejder.objects.all()
    if kommuner is not None:
        codes = list(kommuner)
        borgere = borgere.filter(kommune_id__in=codes)
        staff = staff.filter(kommune_id__in=codes)
    frames = {
        "borgere": _frame(
            "borgere",
            borgere.values_list("person_id", "kommune_id", "foedselsdato", "koen", "herkomst"),
        ),
        "forloeb": _frame(
            "forloeb",
            Forloeb.objects.filter(borger__in=borgere).values_list(
                "borger__person_id", "initiativ", "gruppe", "start", "slut", "slutaarsag"
            ),
        ),
        "markeringer": _frame(
            "markeringer",
            Markering.objects.filter(borger__in=borgere).values_list(
                "borger__person_id",
                "markering",
                "start",
                "slut",
                "medarbejder__medarbejder_id",
                "fritagelsesgrund",
            ),
        ),
        "ydelser": _frame(
            "ydelser",
            Ydelse.objects.filter(borger__in=borgere).values_list(
                "borger__person_id", "ydelse", "start", "slut", "visitation", "program"
            ),
        ),
        "aktiviteter": _frame(
            "aktiviteter",
            Aftale.objects.filter(borger__in=borgere).values_list(
                "borger__person_id", "aktivitet", "start", "slut", "timer_pr_uge", "virksomhed__cvr"
            ),
        ).with_columns(pl.col("aktivitet").replace(DELIVERY_AKTIVITET)),
        "medarbejdere": _frame(
            "medarbejdere",
            staff.values_list("medarbejder_id", "kommune_id", "navn", F("team__navn")),
        ),
    }
    delivery = Delivery(canonical(frames))
    return delivery if pseudonym_key is None else pseudonymised(delivery, pseudonym_key)


def stored_import(delivery_import: DeliveryImport) -> Delivery:
    """The tables exactly as an earlier import loaded them (kept for audit)."""
    return unpack(bytes(delivery_import.tables))


def _frame(name: str, rows: Iterable[tuple[Any, ...]]) -> pl.DataFrame:
    schema = TABLES[name].polars_schema
    frame = pl.DataFrame(list(rows), schema=list(schema), orient="row", infer_schema_length=None)
    # Blank text in the database is a missing value in a delivery.
    return frame.select(
        (
            pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).cast(t)
            if t == pl.String()
            else pl.col(c).cast(t)
        ).alias(c)
        for c, t in schema.items()
    )


def pseudonym(person_id: str, key: bytes) -> str:
    return hmac.new(key, person_id.encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def pseudonymised(delivery: Delivery, key: bytes) -> Delivery:
    """CPR numbers replaced by keyed hashes and staff names left out."""
    ids = delivery["borgere"]["person_id"].unique()
    mapping = dict(zip(ids.to_list(), [pseudonym(p, key) for p in ids.to_list()], strict=True))

    def hashed(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("person_id").replace_strict(mapping, default=None))

    frames = {name: hashed(delivery[name]) for name in ("borgere", *PERIOD_TABLES)}
    frames["medarbejdere"] = delivery["medarbejdere"].with_columns(navn=pl.lit(None, pl.String))
    return Delivery(canonical(frames), delivery.format_version)
