"""A client for the jobindsats.dk API, versions 2 and 3 (see docs/integrations.md).

v2: the key as it is in the `Authorization` header; `GET v2/subjects/json`,
`GET v2/tables/json?subjectid=`, `GET v2/tables/{table}/json` (metadata: a list of one object
with `Period` ...), `POST v2/data/{table}/json` with a JSON body of `area`, `period` and
dimension selections, answering a list of one object with `Variables` (columns) and `Data`
(rows). Areas are named (`Hele landet`, `Frederiksberg`).

v3: `Authorization: Bearer <token>`; `GET v3/subjects?format=json`, `GET v3/tables?format=json`
(subjects with `table_groups` of `tables`), `GET v3/table/{table}?format=json` (`dimensions` with
`hierarchies` of `levels` of `values`), `GET v3/data/{table}?mgroup.*=*&period.M=...&
hierarchy._nykom=<value_id>&format=json` answering `columns` and rows.

A wrong or expired key is answered with the body `{"Forkert nøgle eller nøglen er udløbet.":""}`
(with status 401/403, or 200): it becomes one clear Danish line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import requests

from fremdrift.integrations.http import HttpClient, RemoteError
from fremdrift.integrations.jobindsats.periods import Period
from fremdrift.integrations.jobindsats.values import cell_value
from fremdrift.reference.kommuner import kommuner

DEFAULT_BASE_URL: Final = "https://api.jobindsats.dk"
ApiVersion = Literal[2, 3]
KEY_REJECTED: Final = "Forkert nøgle eller nøglen er udløbet."
KEY_MESSAGE: Final = (
    "jobindsats.dk afviste nøglen: den er forkert eller udløbet; bestil en ny på jobindsats.dk "
    "og angiv den med --key / FREMDRIFT_JOBINDSATS_KEY"
)
NATIONAL: Final = "Hele landet"
# v3 area hierarchies: the whole country, and the municipalities.
V3_NATIONAL: Final = "_hele_landet"
V3_KOMMUNER: Final = "_nykom"


class KeyRejectedError(RemoteError):
    def __init__(self) -> None:
        super().__init__(KEY_MESSAGE)


@dataclass(frozen=True)
class Subject:
    id: str
    name: str


@dataclass(frozen=True)
class TableInfo:
    id: str
    name: str
    subject: str


@dataclass(frozen=True)
class Measure:
    id: str
    name: str


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class TableMetadata:
    id: str
    name: str
    periods: tuple[Period, ...]
    measures: tuple[Measure, ...]
    dimensions: tuple[Dimension, ...]
    raw: Any = field(repr=False, compare=False, default=None)


@dataclass(frozen=True)
class DataPoint:
    area: str  # as jobindsats.dk names it
    kommunekode: str | None  # None: the whole country
    period: Period
    measure: str
    value: float | None  # None where a marker (-, ., .., empty) stands: missing, never 0


def area_name(kommunekode: str | None) -> str:
    return NATIONAL if kommunekode is None else kommuner()[kommunekode].navn


def kommunekode_of(area: str) -> str | None:
    """`Hele landet` -> None; a municipality's name -> its code (a `Kommune` suffix allowed)."""
    name = area.strip().removesuffix(" Kommune").casefold()
    if name == NATIONAL.casefold():
        return None
    for code, kommune in kommuner().items():
        if kommune.navn.casefold() == name:
            return code
    raise RemoteError(f"jobindsats.dk nævnte et ukendt område {area!r}")


class JobindsatsClient:
    def __init__(
        self,
        key: str,
        *,
        api_version: ApiVersion = 2,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 1.0,
        session: requests.Session | None = None,
    ) -> None:
        if not key.strip():
            raise KeyRejectedError()
        self.key = key.strip()
        self.api_version = api_version
        self.http = HttpClient(
            base_url,
            system="jobindsats.dk",
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            session=session,
        )

    # -- the four operations -------------------------------------------------------------

    def subjects(self) -> list[Subject]:
        if self.api_version == 2:
            items = self._get("v2/subjects/json")
            return [
                Subject(_text(s, "SubjectID", "ID"), _text(s, "SubjectName", "Name")) for s in items
            ]
        items = self._get("v3/subjects", {"format": "json"})
        return [Subject(_text(s, "subject_id"), _text(s, "subject_name")) for s in items]

    def tables(self, subject: str | None = None) -> list[TableInfo]:
        if self.api_version == 2:
            params = {"subjectid": subject} if subject else None
            items = self._get("v2/tables/json", params)
            return [
                TableInfo(
                    _text(t, "TableID", "ID"),
                    _text(t, "TableName", "Name"),
                    _text(t, "SubjectID", "Subject", default=subject or ""),
                )
                for t in items
            ]
        found = []
        for s in self._get("v3/tables", {"format": "json"}):
            subject_id = _text(s, "subject_id", default=_text(s, "subject_name", default=""))
            if subject and subject not in (subject_id, s.get("subject_name")):
                continue
            for group in s.get("table_groups", []):
                for t in group.get("tables", []):
                    found.append(
                        TableInfo(_text(t, "table_id"), _text(t, "table_name"), subject_id)
                    )
        return found

    def metadata(self, table: str) -> TableMetadata:
        table = table.strip().lower()
        if self.api_version == 2:
            raw = self._get(f"v2/tables/{table}/json")
            meta = raw[0] if isinstance(raw, list) else raw
            return TableMetadata(
                id=_text(meta, "ID", "TableID", default=table),
                name=_text(meta, "Name", "TableName", default=""),
                periods=_periods(meta.get("Period", [])),
                measures=tuple(
                    Measure(_text(m, "ID", "Name"), _text(m, "Label", "Name"))
                    for m in meta.get("Measurements", [])
                ),
                dimensions=tuple(
                    Dimension(
                        _text(d, "ID", "Name"),
                        _text(d, "Label", "Name"),
                        tuple(str(v) for v in d.get("Values", [])),
                    )
                    for d in meta.get("Dimensions", [])
                ),
                raw=raw,
            )
        meta = self._get(f"v3/table/{table}", {"format": "json"})
        return TableMetadata(
            id=_text(meta, "table_id", default=table),
            name=_text(meta, "table_name", default=""),
            periods=_periods(meta.get("periods", [])),
            measures=tuple(
                Measure(_text(m, "measure_id"), _text(m, "measure_name", default=""))
                for m in meta.get("measures", [])
            ),
            dimensions=tuple(
                Dimension(
                    _text(d, "dimension_id"),
                    _text(d, "dimension_name", default=""),
                    tuple(
                        _text(v, "value_name")
                        for h in d.get("hierarchies", [])
                        for level in h.get("levels", [])
                        for v in level.get("values", [])
                    ),
                )
                for d in meta.get("dimensions", [])
            ),
            raw=meta,
        )

    def data(
        self,
        table: str,
        *,
        measure: str,
        areas: Sequence[str | None],
        periods: Sequence[Period],
        dimensions: Mapping[str, Sequence[str]] | None = None,
        metadata: TableMetadata | None = None,
    ) -> list[DataPoint]:
        """The measure's values for the areas (kommunekoder; None for the whole country) and
        periods; cells the API does not return are simply absent."""
        table = table.strip().lower()
        if self.api_version == 2:
            body: dict[str, Any] = {
                "area": [area_name(a) for a in areas],
                "period": [p.code() for p in periods],
                **{k: list(v) for k, v in (dimensions or {}).items()},
            }
            raw = self._call("POST", f"v2/data/{table}/json", json_body=body)
            return list(_v2_points(raw, measure))
        meta = metadata or self.metadata(table)
        params: dict[str, str] = {"mgroup.*": "*", "format": "json"}
        by_kind: dict[str, list[str]] = {}
        for p in periods:
            by_kind.setdefault(p.kind, []).append(p.code())
        params.update({f"period.{kind}": ",".join(codes) for kind, codes in by_kind.items()})
        if None in areas:
            params[f"hierarchy.{V3_NATIONAL}"] = "/"
        codes = [a for a in areas if a is not None]
        if codes:
            params[f"hierarchy.{V3_KOMMUNER}"] = ",".join(_v3_area_ids(meta, codes))
        for dim, values in (dimensions or {}).items():
            params[f"hierarchy.{dim}"] = ",".join(values)
        raw = self._get(f"v3/data/{table}", params)
        return list(_v3_points(raw, measure))

    # -- transport ---------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        token = self.key if self.api_version == 2 else f"Bearer {self.key}"
        return {"Authorization": token, "Accept": "application/json"}

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._call("GET", path, params=params)

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
    ) -> Any:
        response = self.http.request(
            method, path, headers=self._headers(), params=params, json_body=json_body
        )
        if response.status_code in (401, 403):
            raise KeyRejectedError()
        body = self.http.json(response)
        if isinstance(body, dict) and KEY_REJECTED in body:
            raise KeyRejectedError()
        if response.status_code == 404:
            raise RemoteError(
                f"jobindsats.dk kender ikke {path!r} (HTTP 404); tjek tabel-id'et med "
                "`fremdrift jobindsats tables`"
            )
        if response.status_code >= 400:
            raise RemoteError(
                f"jobindsats.dk afviste forespørgslen (HTTP {response.status_code}): {_short(body)}"
            )
        return body


def _text(item: Mapping[str, Any], *keys: str, default: str | None = None) -> str:
    for key in keys:
        if item.get(key) is not None:
            return str(item[key])
    if default is not None:
        return default
    raise RemoteError(f"uventet svar fra jobindsats.dk: mangler {' eller '.join(keys)}")


def _periods(codes: Iterable[Any]) -> tuple[Period, ...]:
    found = []
    for code in codes:
        text = code if isinstance(code, str) else _text(code, "period_id", "id")
        try:
            found.append(Period.parse(text))
        except ValueError:
            continue  # kinds we do not compare with (half years, weeks) are left out
    return tuple(sorted(found, key=Period.sort_key))


def _short(body: Any) -> str:
    return str(body)[:200]


def _v2_points(raw: Any, measure: str) -> Iterable[DataPoint]:
    for block in raw if isinstance(raw, list) else [raw]:
        variables = block.get("Variables", [])
        names = [str(v.get("Name", v.get("Label", ""))) for v in variables]
        labels = [str(v.get("Label", "")) for v in variables]
        if measure in names:
            column = names.index(measure)
        elif measure in labels:
            column = labels.index(measure)
        else:
            raise RemoteError(
                f"tabellen har ikke målingen {measure!r}; se målingerne med "
                "`fremdrift jobindsats metadata TABEL`"
            )
        for row in block.get("Data", []):
            yield _point(str(row[0]), str(row[1]), measure, row[column])


def _v3_points(raw: Any, measure: str) -> Iterable[DataPoint]:
    columns = [c if isinstance(c, str) else _text(c, "column_id", "id") for c in raw["columns"]]
    if measure not in columns:
        raise RemoteError(
            f"tabellen har ikke målingen {measure!r}; se målingerne med "
            "`fremdrift jobindsats metadata TABEL --api-version 3`"
        )
    area_column = next(
        (columns.index(c) for c in (V3_KOMMUNER, V3_NATIONAL, "area") if c in columns), None
    )
    if area_column is None or "period" not in columns:
        raise RemoteError("uventet svar fra jobindsats.dk: ingen område- eller periodekolonne")
    period_column, measure_column = columns.index("period"), columns.index(measure)
    for row in raw.get("data", []):
        yield _point(str(row[area_column]), str(row[period_column]), measure, row[measure_column])


def _point(area: str, period: str, measure: str, cell: object) -> DataPoint:
    try:
        parsed, value = Period.parse(period), cell_value(cell)
    except ValueError as exc:
        raise RemoteError(str(exc)) from None
    return DataPoint(area, kommunekode_of(area), parsed, measure, value)


def _v3_area_ids(meta: TableMetadata, kommunekoder: Sequence[str]) -> list[str]:
    """The municipalities' value ids in the table's `_nykom` hierarchy, found by name."""
    ids: dict[str, str] = {}
    for d in meta.raw.get("dimensions", []) if isinstance(meta.raw, dict) else []:
        for h in d.get("hierarchies", []):
            if h.get("hierarchy_id") != V3_KOMMUNER:
                continue
            for level in h.get("levels", []):
                for v in level.get("values", []):
                    ids[str(v.get("value_name"))] = str(v.get("value_id"))
    missing = [c for c in kommunekoder if area_name(c) not in ids]
    if missing:
        raise RemoteError(
            f"tabellen {meta.id} har ikke kommunerne {', '.join(missing)} i {V3_KOMMUNER}"
        )
    return [ids[area_name(c)] for c in kommunekoder]
