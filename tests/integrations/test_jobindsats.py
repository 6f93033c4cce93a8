"""The jobindsats.dk client against a local server answering in the documented shapes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.integrations.http import RemoteError
from fremdrift.integrations.jobindsats.client import KEY_MESSAGE, JobindsatsClient
from fremdrift.integrations.jobindsats.periods import Period
from fremdrift.integrations.jobindsats.values import cell_value

from .conftest import Answer, LocalServer, Request

KEY = "hemmelig-noegle"
EXPIRED = {"Forkert nøgle eller nøglen er udløbet.": ""}

V2_META = [
    {
        "ID": "y11e01",
        "Name": "Ressourceforløb: lønnede timer",
        "Period": ["2024M01", "2024M02", "2024M03", "2024Q1", "2023QMAT04", "2023Y01"],
        "Measurements": [
            {"ID": "andel_loennede_timer", "Label": "Andel med lønnede timer (pct.)"},
            {"ID": "antal", "Label": "Antal personer"},
        ],
        "Dimensions": [{"ID": "_alder", "Label": "Alder", "Values": ["I alt", "16-29 år"]}],
    }
]

V3_META = {
    "table_id": "y11e01",
    "table_name": "Ressourceforløb: lønnede timer",
    "periods": ["2024M01", "2024M02"],
    "measures": [{"measure_id": "andel_loennede_timer", "measure_name": "Andel (pct.)"}],
    "dimensions": [
        {
            "dimension_id": "_omrade",
            "dimension_name": "Område",
            "hierarchies": [
                {
                    "hierarchy_id": "_nykom",
                    "levels": [
                        {
                            "values": [
                                {"value_id": "k147", "value_name": "Frederiksberg"},
                                {"value_id": "k791", "value_name": "Viborg"},
                            ]
                        }
                    ],
                }
            ],
        }
    ],
}


def v2_data(request: Request) -> Answer:
    body = request.json()
    cells = {"Hele landet": ["12,5", "."], "Frederiksberg": [9.25, "-"], "Viborg": ["..", ""]}
    rows = [
        [area, period, cells[area][i % 2], 100 + i]
        for area in body["area"]
        for i, period in enumerate(body["period"])
    ]
    variables = [
        {"Name": "area", "Label": "Area"},
        {"Name": "period", "Label": "Periode"},
        {"Name": "andel_loennede_timer", "Label": "Andel med lønnede timer (pct.)"},
        {"Name": "antal", "Label": "Antal personer"},
    ]
    return 200, [{"ID": "y11e01", "Variables": variables, "Data": rows}]


def v2_api(request: Request) -> Answer:
    if request.headers.get("authorization") != KEY:
        return 200, EXPIRED
    routes: dict[str, Any] = {
        "/v2/subjects/json": [{"SubjectID": "11", "SubjectName": "Ressourceforløb"}],
        "/v2/tables/json": [{"TableID": "y11e01", "TableName": "Lønnede timer", "SubjectID": "11"}],
        "/v2/tables/y11e01/json": V2_META,
    }
    if request.path == "/v2/data/y11e01/json" and request.method == "POST":
        return v2_data(request)
    return (200, routes[request.path]) if request.path in routes else (404, {"Message": "?"})


def v3_api(request: Request) -> Answer:
    if request.headers.get("authorization") != f"Bearer {KEY}":
        return 401, EXPIRED
    if request.path == "/v3/table/y11e01":
        return 200, V3_META
    if request.path == "/v3/data/y11e01":
        periods = request.query["period.M"][0].split(",")
        areas = ["Frederiksberg" if v == "k147" else "Viborg" for v in
                 request.query.get("hierarchy._nykom", [""])[0].split(",") if v]  # fmt: skip
        if "hierarchy._hele_landet" in request.query:
            areas.insert(0, "Hele landet")
        rows = [[p, a, 10.0 + i, "."] for i, p in enumerate(periods) for a in areas]
        return 200, {"columns": ["period", "_nykom", "andel_loennede_timer", "antal"], "data": rows}
    if request.path == "/v3/tables":
        return 200, [
            {
                "subject_id": "11",
                "subject_name": "Ressourceforløb",
                "table_groups": [
                    {
                        "table_group_name": "Indsats",
                        "tables": [{"table_id": "y11e01", "table_name": "Lønnede timer"}],
                    }
                ],
            }
        ]
    return 404, {}


def client(server: LocalServer, version: int = 2, key: str = KEY) -> JobindsatsClient:
    return JobindsatsClient(key, api_version=version, base_url=server.url, backoff=0)  # type: ignore[arg-type]


def test_v2_sends_the_key_as_it_is_and_lists_subjects_tables_and_metadata(
    local_server: LocalServer,
) -> None:
    local_server.handler = v2_api
    api = client(local_server)
    assert [(s.id, s.name) for s in api.subjects()] == [("11", "Ressourceforløb")]
    assert [t.id for t in api.tables("11")] == ["y11e01"]
    assert local_server.requests[1].query == {"subjectid": ["11"]}
    meta = api.metadata("Y11E01")
    assert [p.code() for p in meta.periods] == [
        "2023QMAT04", "2023Y01", "2024M01", "2024M02", "2024M03", "2024Q1",
    ]  # fmt: skip
    assert meta.measures[0].id == "andel_loennede_timer"
    assert meta.dimensions[0].values == ("I alt", "16-29 år")
    assert all(r.headers["authorization"] == KEY for r in local_server.requests)


def test_v2_data_reads_numbers_and_markers_as_missing_never_zero(
    local_server: LocalServer,
) -> None:
    local_server.handler = v2_api
    points = client(local_server).data(
        "y11e01",
        measure="andel_loennede_timer",
        areas=[None, "147", "791"],
        periods=[Period.parse("2024M01"), Period.parse("2024M02")],
    )
    body = local_server.requests[-1].json()
    assert body == {
        "area": ["Hele landet", "Frederiksberg", "Viborg"],
        "period": ["2024M01", "2024M02"],
    }
    got = {(p.kommunekode, p.period.code()): p.value for p in points}
    assert got == {
        (None, "2024M01"): 12.5,
        (None, "2024M02"): None,
        ("147", "2024M01"): 9.25,
        ("147", "2024M02"): None,
        ("791", "2024M01"): None,
        ("791", "2024M02"): None,
    }


def test_v3_uses_a_bearer_token_and_the_municipalities_value_ids(
    local_server: LocalServer,
) -> None:
    local_server.handler = v3_api
    api = client(local_server, version=3)
    assert [t.id for t in api.tables("11")] == ["y11e01"]
    points = api.data(
        "y11e01",
        measure="andel_loennede_timer",
        areas=[None, "147"],
        periods=[Period.parse("2024M01"), Period.parse("2024M02")],
    )
    data_request = local_server.requests[-1]
    assert data_request.headers["authorization"] == f"Bearer {KEY}"
    assert data_request.query["hierarchy._nykom"] == ["k147"]
    assert data_request.query["period.M"] == ["2024M01,2024M02"]
    assert data_request.query["hierarchy._hele_landet"] == ["/"]
    got = {(p.kommunekode, p.period.code()): p.value for p in points}
    assert got == {
        (None, "2024M01"): 10.0,
        ("147", "2024M01"): 10.0,
        (None, "2024M02"): 11.0,
        ("147", "2024M02"): 11.0,
    }


@pytest.mark.parametrize(("version", "handler"), [(2, v2_api), (3, v3_api)])
def test_an_expired_key_gives_the_clear_message(
    local_server: LocalServer, version: int, handler: Any
) -> None:
    local_server.handler = handler
    with pytest.raises(RemoteError) as caught:
        client(local_server, version=version, key="udloebet").metadata("y11e01")
    assert str(caught.value) == KEY_MESSAGE
    assert caught.value.exit_code == 1


def test_server_errors_are_retried_then_succeed(local_server: LocalServer) -> None:
    calls = 0

    def flaky(request: Request) -> Answer:
        nonlocal calls
        calls += 1
        return (503, b"<html>Service Unavailable</html>") if calls < 3 else v2_api(request)

    local_server.handler = flaky
    assert client(local_server).subjects()[0].name == "Ressourceforløb"
    assert calls == 3


def test_a_server_that_keeps_failing_gives_one_line(local_server: LocalServer) -> None:
    local_server.handler = lambda request: (500, {"Message": "An error has occurred."})
    with pytest.raises(RemoteError, match="HTTP 500 efter 4 forsøg"):
        client(local_server).subjects()
    assert len(local_server.requests) == 4


def test_no_server_at_all_is_a_clear_error() -> None:
    api = JobindsatsClient(KEY, base_url="http://127.0.0.1:9", retries=1, backoff=0)
    with pytest.raises(RemoteError, match=r"kunne ikke få forbindelse til jobindsats\.dk"):
        api.subjects()


@pytest.mark.parametrize("marker", ["-", ".", "..", "", " ", None])
def test_null_markers_are_missing(marker: object) -> None:
    assert cell_value(marker) is None


def test_numbers_in_both_notations() -> None:
    assert cell_value("1.234,5") == 1234.5
    assert cell_value("12.5") == 12.5
    assert cell_value(0) == 0.0  # a real zero stays zero


@pytest.mark.parametrize(
    ("code", "first", "last", "label"),
    [
        ("2024M01", "2024-01", "2024-01", "januar 2024"),
        ("2024Q1", "2024-01", "2024-03", "1. kvartal 2024"),
        ("2024QMAT02", "2023-07", "2024-06", "året til og med 2. kvartal 2024"),
        ("2024Y01", "2024-01", "2024-12", "2024"),
    ],
)
def test_period_codes(code: str, first: str, last: str, label: str) -> None:
    p = Period.parse(code)
    assert (f"{p.first_month:%Y-%m}", f"{p.last_month:%Y-%m}", p.label()) == (first, last, label)
    assert p.code() == code


@pytest.mark.parametrize("code", ["2024M1", "2024M13", "2024Q5", "2024QMAT2", "2024Y02", "24M01"])
def test_bad_period_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="periode"):
        Period.parse(code)


_KINDS = {"M": 12, "Q": 4, "QMAT": 4, "Y": 1}


@given(
    st.sampled_from(sorted(_KINDS)).flatmap(
        lambda kind: st.builds(
            Period, st.integers(1990, 2100), st.just(kind), st.integers(1, _KINDS[kind])
        )
    )
)
def test_period_code_round_trip(period: Period) -> None:
    assert Period.parse(period.code()) == period
    assert period.first_month <= period.last_month
