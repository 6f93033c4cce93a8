"""Indicator figures and releases through the API: a municipality's staff get their own exact
figures from the engine; STAR only a release's disclosure-controlled figures, with an ETag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.utils import timezone

from fremdrift.engine.disclosure import SMALLEST_SHOWN
from fremdrift.intake.services import receive_delivery
from fremdrift.leveringer.services import import_delivery
from fremdrift.overblik.selectors import kommune_figures
from fremdrift.releases.selectors import release_figures
from fremdrift.releases.services import create_release
from tests.api.conftest import World
from tests.intake.conftest import MONTH, small, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path / "var"


def every_page(client: Any, url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        body = client.get(url, {**params, "limit": 200, "offset": offset}).json()
        items += body["items"]
        offset = body["next_offset"]
    return items


def test_leaders_get_their_municipalitys_engine_figures(
    api: Any, world: World, tmp_path: Path
) -> None:
    import_delivery(path=write(small(["147"], persons=60), tmp_path / "d"), kommune="147")
    client = api("teamleder")
    items = every_page(client, "/api/v1/indikatorer/", {"breakdown": "total"})
    expected = kommune_figures("147", today=timezone.localdate()).filter(
        pl.col("breakdown") == "total"
    )
    assert len(items) == expected.height > 0
    got = {(i["month"], i["indicator"], i["category"]): i for i in items}
    for row in expected.iter_rows(named=True):
        item = got[(row["month"], row["indicator"], row["category"])]
        assert (item["numerator"], item["denominator"]) == (row["numerator"], row["denominator"])
        assert item["share"] == pytest.approx(row["numerator"] / row["denominator"])
        assert not item["suppressed"] and item["kommunekode"] == "147"
    one_month = client.get("/api/v1/indikatorer/", {"month": items[0]["month"], "limit": 200})
    assert {i["month"] for i in one_month.json()["items"]} == {items[0]["month"]}
    assert one_month.json()["source"] == "database"


def test_a_jobformidler_gets_no_municipality_figures(api: Any, world: World) -> None:
    response = api("jf_own").get("/api/v1/indikatorer/")
    assert response.status_code == 403
    assert "Overblik" in response.json()["detail_da"]


def test_staff_cannot_ask_for_another_municipality(api: Any, world: World) -> None:
    response = api("projektleder").get("/api/v1/indikatorer/", {"kommunekode": "766"})
    assert response.status_code == 403
    assert "egen kommune" in response.json()["detail_da"]
    assert api("projektleder_766").get("/api/v1/indikatorer/").status_code == 200


def test_star_gets_only_released_figures_after_disclosure_control(
    api: Any, world: World, tmp_path: Path
) -> None:
    star = api("star")
    none_yet = star.get("/api/v1/indikatorer/")
    assert none_yet.status_code == 404 and "udgivelse" in none_yet.json()["detail_da"]

    receive_delivery(path=write(small(["147", "791"]), tmp_path / "d"), month=MONTH)
    release = create_release(initiative="fsm2", month=MONTH, actor=None, first="2024-07")
    items = every_page(star, "/api/v1/indikatorer/", {"month": MONTH})
    figures = release_figures(release).filter(pl.col("month") == MONTH)
    assert len(items) == figures.height
    hidden = [i for i in items if i["suppressed"]]
    assert hidden, "small data: some figures are suppressed"
    assert all(i["numerator"] is None and i["share"] is None for i in hidden)
    shown = [i for i in items if not i["suppressed"]]
    assert not any(0 < i["numerator"] < SMALLEST_SHOWN for i in shown)
    assert {i["level"] for i in items} == {"kommune", "national"}


def test_a_release_answers_with_its_etag_and_304_when_unchanged(
    api: Any, world: World, tmp_path: Path
) -> None:
    receive_delivery(path=write(small(["147"]), tmp_path / "d"), month=MONTH)
    release = create_release(initiative="fsm2", month=MONTH, actor=None, first="2024-07")
    client = api("projektleder")
    listed = client.get("/api/v1/udgivelser/").json()["items"]
    assert [(r["id"], r["month"], r["inputs"]) for r in listed] == [(release.pk, MONTH, {"147": 1})]
    url = f"/api/v1/udgivelser/{release.pk}/tal"
    first = client.get(url, {"breakdown": "total"})
    assert first.status_code == 200
    assert first["ETag"] == f'"{release.figures_sha256}"'
    again = client.get(url, {"breakdown": "total"}, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    other = client.get(url, {"breakdown": "total"}, **{"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.json() == first.json()
    assert client.get("/api/v1/udgivelser/999999/tal").status_code == 404
