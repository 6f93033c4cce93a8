"""The delivery format, version 1: its tables, columns, types and code lists.

This module is the single source of truth for the format. The reader, the validator, the
generator, the engine and the JSON schema in the docs all derive from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import polars as pl

FORMAT_VERSION: Final = 1

ColumnKind = Literal["id", "kommunekode", "date", "code", "int", "float", "text"]

HERKOMST5: Final = (
    "dansk",
    "indvandrer_vestlig",
    "efterkommer_vestlig",
    "indvandrer_ikke_vestlig",
    "efterkommer_ikke_vestlig",
)
HERKOMST3: Final = ("dansk", "vestlig", "ikke_vestlig")
# The five categories of Statistics Denmark fold to three; a three-valued delivery folds to itself.
HERKOMST_TO_3: Final = {
    "dansk": "dansk",
    "indvandrer_vestlig": "vestlig",
    "efterkommer_vestlig": "vestlig",
    "indvandrer_ikke_vestlig": "ikke_vestlig",
    "efterkommer_ikke_vestlig": "ikke_vestlig",
    "vestlig": "vestlig",
    "ikke_vestlig": "ikke_vestlig",
}
KOEN: Final = ("M", "K")
INITIATIVER: Final = ("fsm2", "ressourceforloeb")
GRUPPER: Final = (1, 2)
SLUTAARSAGER: Final = ("gruppeskift", "fraflytning", "doed", "folkepension")
MARKERINGER: Final = ("jobformidler", "rehabilitering", "step_up", "fritagelse")
YDELSER: Final = (
    "kontanthjaelp",
    "integrationsydelse",
    "uddannelseshjaelp",
    "ressourceforloeb",
    "fleksjob",
    "ledighedsydelse",
    "foertidspension",
    "sygedagpenge",
    "a_dagpenge",
    "loenmodtagerbeskaeftigelse",
    "selvforsoergelse",
    "andet",
)
VISITATIONER: Final = ("aktivitetsparat", "jobparat")
PROGRAMMER: Final = ("selvforsoergelse_hjemrejse", "introduktion")
AKTIVITETER: Final = (
    "virksomhedspraktik",
    "loentilskud",
    "loennede_timer",
    "uddannelse",
    "selvforsoerget_beskaeftigelse",
    "andet",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    required: bool
    codes: tuple[str, ...] = ()

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind]


_DTYPES: Final[dict[ColumnKind, pl.DataType]] = {
    "id": pl.String(),
    "kommunekode": pl.String(),
    "date": pl.Date(),
    "code": pl.String(),
    "int": pl.Int8(),
    "float": pl.Float64(),
    "text": pl.String(),
}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    # Kinds whose periods of the same person may not overlap; None: the table has no periods.
    period_key: str | None = None
    # Values of period_key whose periods may overlap (several activities at once are normal).
    overlap_allowed: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.dtype for c in self.columns}

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _c(
    name: str, kind: ColumnKind, *, required: bool = False, codes: tuple[str, ...] = ()
) -> Column:
    return Column(name, kind, required, codes)


TABLES: Final[dict[str, Table]] = {
    t.name: t
    for t in (
        Table(
            "borgere",
            (
                _c("person_id", "id", required=True),
                _c("kommunekode", "kommunekode", required=True),
                _c("foedselsdato", "date", required=True),
                _c("koen", "code", required=True, codes=KOEN),
                _c("herkomst", "code", required=True, codes=HERKOMST5 + HERKOMST3[1:]),
            ),
        ),
        Table(
            "forloeb",
            (
                _c("person_id", "id", required=True),
                _c("initiativ", "code", required=True, codes=INITIATIVER),
                _c("gruppe", "int", required=True, codes=("1", "2")),
                _c("start", "date", required=True),
                _c("slut", "date"),
                _c("slutaarsag", "code", codes=SLUTAARSAGER),
            ),
            period_key="initiativ",
        ),
        Table(
            "markeringer",
            (
                _c("person_id", "id", required=True),
                _c("markering", "code", required=True, codes=MARKERINGER),
                _c("start", "date", required=True),
                _c("slut", "date"),
                _c("medarbejder_id", "id"),
                _c("fritagelsesgrund", "text"),
            ),
            period_key="markering",
            # A citizen can hold two exemptions for different reasons at once.
            overlap_allowed=("fritagelse",),
        ),
        Table(
            "ydelser",
            (
                _c("person_id", "id", required=True),
                _c("ydelse", "code", required=True, codes=YDELSER),
                _c("start", "date", required=True),
                _c("slut", "date"),
                _c("visitation", "code", codes=VISITATIONER),
                _c("program", "code", codes=PROGRAMMER),
            ),
            period_key="ydelse",
            overlap_allowed=("andet", "loenmodtagerbeskaeftigelse"),
        ),
        Table(
            "aktiviteter",
            (
                _c("person_id", "id", required=True),
                _c("aktivitet", "code", required=True, codes=AKTIVITETER),
                _c("start", "date", required=True),
                _c("slut", "date"),
                _c("timer_pr_uge", "float"),
                _c("cvr", "id"),
            ),
            period_key="aktivitet",
            overlap_allowed=AKTIVITETER,
        ),
        Table(
            "medarbejdere",
            (
                _c("medarbejder_id", "id", required=True),
                _c("kommunekode", "kommunekode", required=True),
                _c("navn", "text"),
                _c("team", "text"),
            ),
        ),
    )
}

# Tables with periods carry person_id and refer to borgere.
PERIOD_TABLES: Final = ("forloeb", "markeringer", "ydelser", "aktiviteter")


def empty_table(name: str) -> pl.DataFrame:
    return pl.DataFrame(schema=TABLES[name].polars_schema)


@dataclass(frozen=True)
class Delivery:
    """A delivery read into typed tables: every table present, with exactly the schema's columns."""

    tables: dict[str, pl.DataFrame]
    format_version: int = FORMAT_VERSION

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    @classmethod
    def from_frames(cls, frames: dict[str, pl.DataFrame]) -> Delivery:
        """Build from frames that may lack optional columns or whole tables; casts to the schema."""
        tables: dict[str, pl.DataFrame] = {}
        for name, table in TABLES.items():
            frame = frames.get(name)
            if frame is None:
                tables[name] = empty_table(name)
                continue
            tables[name] = frame.select(
                (
                    pl.col(c.name).cast(c.dtype)
                    if c.name in frame.columns
                    else pl.lit(None, dtype=c.dtype).alias(c.name)
                )
                for c in table.columns
            )
        return cls(tables)

    def kommunekoder(self) -> list[str]:
        return sorted(self.tables["borgere"]["kommunekode"].unique().drop_nulls().to_list())
