"""The Momentum adapter against a local server answering in Momentum's shapes."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from fremdrift.cli import main
from fremdrift.delivery.io import read_delivery
from fremdrift.integrations.http import RemoteError
from fremdrift.integrations.momentum.client import MomentumClient
from fremdrift.integrations.momentum.delivery import momentum_date

from .conftest import Answer, LocalServer, Request

SECRET = "hemmelig"
API_KEY = "kommunens-noegle"

CITIZENS: dict[str, dict[str, Any]] = {
    "c1": {"id": "c1", "cpr": "0105801231", "targetGroupCode": "2.2",
           "targetGroupStartDate": "2023-12-31T23:00:00Z"},
    "c2": {"id": "c2", "cpr": "1203752222", "targetGroupCode": "2.2",
           "targetGroupStartDate": "2024-01-15"},
    "c3": {"id": "c3", "cpr": "2811901233", "targetGroupCode": "6.6",
           "targetGroupStartDate": "2024-02-01"},
    "c4": {"id": "c4", "cpr": "0707652224", "targetGroupCode": "2.6",
           "targetGroupStartDate": "2024-03-01"},
    "c5": {"id": "c5", "cpr": "3112851235", "targetGroupCode": "2.1",
           "targetGroupStartDate": "2024-01-01"},
}  # fmt: skip

TAG_ASSIGNMENTS: dict[str, list[dict[str, Any]]] = {
    "c1": [
        {"id": "t1", "tag": {"id": "a", "title": "FSM2 indsatsgruppe"},
         "start": "2024-01-31T23:00:00Z", "end": None},
        {"id": "t2", "tag": {"id": "b", "title": "Step-up"},
         "start": "2024-03-01", "end": "2024-05-31T22:00:00Z"},
        {"id": "t3", "tag": {"id": "c", "title": "ØF-JC-AC-IT-emnebank"},
         "start": "2024-01-01", "end": None},
    ],
    "c2": [
        {"id": "t4", "tag": {"id": "d", "title": "FSM2 rehabiliteringsgruppe"},
         "start": "2024-02-01", "end": None},
        {"id": "t5", "tag": {"id": "e", "title": "Kommunens step up"},
         "start": "2024-04-01", "end": None},
    ],
}  # fmt: skip

CASEWORKERS: dict[str, list[dict[str, Any]]] = {
    "c1": [
        {"id": "r1", "caseworkerId": "m-17", "caseworkerName": "Jobformidler A",
         "responsibilityName": "Personlig jobformidler",
         "responsibilityCode": "PERSONLIG_JOBFORMIDLER", "role": 0,
         "startDate": "2024-02-01", "endDate": None},
        {"id": "r2", "caseworkerId": "m-99", "caseworkerName": "Ydelse",
         "responsibilityName": "Ydelsesmedarbejder", "role": 1,
         "startDate": "2024-01-01", "endDate": None},
    ],
    "c3": [
        {"id": "r3", "caseworkerId": "m-17", "responsibilityName": "Personlig jobformidler",
         "role": 0, "startDate": "2024-02-10", "endDate": "2024-04-30"},
        {"id": "r4", "caseworkerId": "m-18", "responsibilityName": "Personlig jobformidler",
         "role": 0, "startDate": "2024-04-30", "endDate": None},
    ],
}  # fmt: skip


class FakeMomentum:
    """Momentum's token endpoint and the reads, with tokens that can be revoked."""

    def __init__(self, page_size: int = 2) -> None:
        self.page_size = page_size
        self.valid_tokens: set[str] = set()
        self.serial = itertools.count(1)
        self.expires_in = 3600
        self.fail_next: list[int] = []

    def __call__(self, request: Request) -> Answer:
        if self.fail_next:
            return self.fail_next.pop(0), b"upstream trouble"
        if request.path == "/oauth2/token":
            form = request.form()
            if form != {"grant_type": "client_credentials", "client_id": "fremdrift",
                        "client_secret": SECRET}:  # fmt: skip
                return 401, {"error": "invalid_client"}
            token = f"tok{next(self.serial)}"
            self.valid_tokens.add(token)
            return 200, {"access_token": token, "token_type": "Bearer",
                         "expires_in": self.expires_in}  # fmt: skip
        auth = request.headers.get("authorization", "")
        if auth.removeprefix("Bearer ") not in self.valid_tokens:
            return 401, {"message": "token expired"}
        if request.headers.get("apikey") != API_KEY:
            return 403, {"message": "apikey"}
        if request.path == "/api/citizensearch":
            body = request.json()
            assert body["filters"][0]["fieldName"] == "targetGroupCode"
            assert body["size"] == self.page_size
            matching = [c for c in CITIZENS.values()
                        if c["targetGroupCode"] in body["filters"][0]["values"]]  # fmt: skip
            page = matching[body["skip"] : body["skip"] + body["size"]]
            return 200, {"totalCount": len(matching), "results": [{"id": c["id"]} for c in page]}
        if request.path.startswith("/api/citizens/"):
            return 200, CITIZENS[request.path.rsplit("/", 1)[1]]
        if request.path == "/api/tagassignments":
            return 200, TAG_ASSIGNMENTS.get(request.query["referenceId"][0], [])
        if request.path.startswith("/api/responsibleCaseworkers/all/byCitizen/"):
            return 200, CASEWORKERS.get(request.path.rsplit("/", 1)[1], [])
        return 404, {}


def _argv(server: LocalServer, out: Path, *extra: str) -> list[str]:
    return [
        "momentum", "fetch", str(out), "--kommune", "147",
        "--base-url", f"{server.url}/api", "--token-url", f"{server.url}/oauth2/token",
        "--client-id", "fremdrift", "--api-key", API_KEY, "--retries", "2", "--page-size", "2",
        *extra,
    ]  # fmt: skip


def test_fetch_writes_a_delivery_that_passes_validate(
    local_server: LocalServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = FakeMomentum()
    local_server.handler = fake
    monkeypatch.setenv("FREMDRIFT_MOMENTUM_CLIENT_SECRET", SECRET)
    herkomst = tmp_path / "herkomst.csv"
    herkomst.write_text("person_id,herkomst\n010580-1231,indvandrer_ikke_vestlig\n")
    out = tmp_path / "levering"
    argv = _argv(local_server, out, "--herkomst", str(herkomst), "--herkomst-default", "dansk",
                 "--tag", "Kommunens step up=step_up")  # fmt: skip
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "5 borgere fra Momentum" in printed
    assert "'ØF-JC-AC-IT-emnebank' (1)" in printed
    assert "4 borgere fik herkomst 'dansk'" in printed

    assert main(["validate", str(out)]) == 0
    delivery = read_delivery(out)
    borgere = delivery["borgere"].sort("person_id")
    assert borgere["person_id"].to_list() == sorted(normal(c["cpr"]) for c in CITIZENS.values())
    first = borgere.filter(pl.col("person_id") == "0105801231").row(0, named=True)
    assert (first["foedselsdato"], first["koen"], first["herkomst"]) == (
        date(1980, 5, 1), "M", "indvandrer_ikke_vestlig",
    )  # fmt: skip
    forloeb = delivery["forloeb"].sort("person_id")
    assert forloeb.select("person_id", "initiativ", "gruppe", "start").rows() == [
        ("0105801231", "fsm2", 1, date(2024, 2, 1)),  # 23:00 UTC is the next Danish day
        ("1203752222", "fsm2", 2, date(2024, 2, 1)),
    ]
    markeringer = delivery["markeringer"].sort("person_id", "markering", "start")
    assert markeringer.select(
        "person_id", "markering", "start", "slut", "medarbejder_id"
    ).rows() == [
        ("0105801231", "jobformidler", date(2024, 2, 1), None, "m-17"),
        ("0105801231", "step_up", date(2024, 3, 1), date(2024, 6, 1), None),
        ("1203752222", "step_up", date(2024, 4, 1), None, None),
        # A handover registered on the same day: the first period ends the day before.
        ("2811901233", "jobformidler", date(2024, 2, 10), date(2024, 4, 29), "m-17"),
        ("2811901233", "jobformidler", date(2024, 4, 30), None, "m-18"),
    ]
    ydelser = delivery["ydelser"].sort("person_id")
    assert ydelser.select("person_id", "ydelse", "visitation", "start").rows() == [
        ("0105801231", "kontanthjaelp", "aktivitetsparat", date(2024, 1, 1)),
        ("0707652224", "integrationsydelse", "aktivitetsparat", date(2024, 3, 1)),
        ("1203752222", "kontanthjaelp", "aktivitetsparat", date(2024, 1, 15)),
        ("2811901233", "ressourceforloeb", None, date(2024, 2, 1)),
        ("3112851235", "kontanthjaelp", "jobparat", date(2024, 1, 1)),
    ]
    assert sorted(delivery["medarbejdere"]["medarbejder_id"].to_list()) == ["m-17", "m-18"]
    # Three pages of two, one token for the whole run.
    searches = [r for r in local_server.requests if r.path == "/api/citizensearch"]
    assert [r.json()["skip"] for r in searches] == [0, 2, 4]
    assert sum(r.path == "/oauth2/token" for r in local_server.requests) == 1


def normal(cpr: str) -> str:
    return cpr.replace("-", "")


def client(server: LocalServer, clock: Any = None, **kw: Any) -> MomentumClient:
    return MomentumClient(
        f"{server.url}/api",
        client_id="fremdrift",
        client_secret=SECRET,
        token_url=f"{server.url}/oauth2/token",
        api_key=API_KEY,
        backoff=0,
        page_size=2,
        **({"clock": clock} if clock else {}),
        **kw,
    )


def test_the_token_is_cached_until_it_expires_then_fetched_again(
    local_server: LocalServer,
) -> None:
    fake = FakeMomentum()
    fake.expires_in = 120
    local_server.handler = fake
    now = [1000.0]
    api = client(local_server, clock=lambda: now[0])
    api.citizen("c1")
    api.citizen("c2")
    assert api.tokens_fetched == 1
    now[0] += 61  # past expires_in less the safety margin
    api.citizen("c3")
    assert api.tokens_fetched == 2
    assert local_server.requests[-1].headers["authorization"] == "Bearer tok2"


def test_a_token_refused_before_its_time_is_renewed_once(local_server: LocalServer) -> None:
    fake = FakeMomentum()
    local_server.handler = fake
    api = client(local_server)
    api.citizen("c1")
    fake.valid_tokens.clear()  # revoked or expired early on the server
    assert api.citizen("c2")["cpr"] == "1203752222"
    assert api.tokens_fetched == 2


def test_server_errors_are_retried(local_server: LocalServer) -> None:
    fake = FakeMomentum()
    local_server.handler = fake
    api = client(local_server)
    api.token()
    fake.fail_next = [502, 503]
    assert len(list(api.citizens(["2.2"]))) == 2


def test_wrong_secret_exits_1_with_one_line(
    local_server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local_server.handler = FakeMomentum()
    out = tmp_path / "levering"
    assert main(_argv(local_server, out, "--client-secret", "forkert")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "afviste klient-id eller hemmelighed" in err
    assert not out.exists()


def test_missing_herkomst_writes_nothing_and_says_what_to_give(
    local_server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local_server.handler = FakeMomentum()
    out = tmp_path / "levering"
    assert main(_argv(local_server, out, "--client-secret", SECRET)) == 2
    err = capsys.readouterr().err
    assert "5 borgere mangler herkomst" in err and "--herkomst" in err
    assert not out.exists()


def test_a_paged_search_ends_on_an_empty_page(local_server: LocalServer) -> None:
    fake = FakeMomentum()
    local_server.handler = fake
    api = client(local_server)
    assert [c["id"] for c in api.citizens(sorted({"2.1", "2.2", "2.6", "6.6"}))] == [
        "c1", "c2", "c3", "c4", "c5",
    ]  # fmt: skip


def test_missing_credentials_are_a_clear_error() -> None:
    with pytest.raises(RemoteError, match="klient-id og hemmelighed"):
        MomentumClient("http://127.0.0.1:9", client_id="", client_secret="")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024-02-29T23:00:00Z", date(2024, 3, 1)),  # winter: UTC+1
        ("2024-05-31T22:00:00Z", date(2024, 6, 1)),  # summer: UTC+2
        ("2024-05-31T12:00:00+02:00", date(2024, 5, 31)),
        (None, None),
        ("", None),
    ],
)
def test_momentum_dates_are_danish_calendar_days(value: str | None, day: date | None) -> None:
    assert momentum_date(value) == day
