"""The 98 Danish municipalities (kommuner) since the 2007 reform, by their three-digit code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Kommune:
    kode: str
    navn: str
    region: str


@cache
def kommuner() -> dict[str, Kommune]:
    text = resources.files(__package__).joinpath("kommuner.csv").read_text(encoding="utf-8")
    return {
        row["kommunekode"]: Kommune(**_fields(row)) for row in csv.DictReader(text.splitlines())
    }


def _fields(row: dict[str, str]) -> dict[str, str]:
    return {"kode": row["kommunekode"], "navn": row["navn"], "region": row["region"]}


def is_kommunekode(code: str) -> bool:
    return code in kommuner()


def navn(code: str) -> str:
    return kommuner()[code].navn
