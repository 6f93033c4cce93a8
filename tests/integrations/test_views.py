"""The benchmarks page: what a leader or STAR sees of the figures fetched from jobindsats.dk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fremdrift.integrations.jobindsats.benchmarks import BenchmarkRow
from fremdrift.integrations.jobindsats.periods import Period
from fremdrift.integrations.services import store_benchmarks
from fremdrift.organisation.models import Role

pytestmark = pytest.mark.django_db


def _row(kommune: str | None, period: str, value: float | None) -> BenchmarkRow:
    return BenchmarkRow(
        initiative="ressourceforloeb",
        indicator="loennede_timer",
        table_id="y11e01",
        measure="andel_loennede_timer",
        kommunekode=kommune,
        period=Period.parse(period),
        value=value,
    )


def test_a_leader_sees_the_latest_figure_per_area_in_danish_notation(
    client: Client, make_user: Callable[..., Any]
) -> None:
    store_benchmarks(
        actor=None,
        api_version=2,
        base_url="http://127.0.0.1",
        table_id="y11e01",
        table_name="Lønnede timer",
        request={},
        metadata={},
        rows=[
            _row(None, "2024M01", 10.0),
            _row(None, "2024M02", 12.5),
            _row("147", "2024M02", None),
        ],
    )
    client.force_login(make_user(Role.TEAMLEDER))
    page = client.get("/integrationer/benchmarks/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Andel af målgruppen med lønnede timer" in html
    assert "12,5 %" in html and "10,0 %" not in html  # only the latest month
    assert "Frederiksberg (147)" in html and "–" in html  # not published: a dash, not 0
    assert "februar 2024" in html


def test_a_jobformidler_may_not(client: Client, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user(Role.JOBFORMIDLER))
    assert client.get("/integrationer/benchmarks/").status_code == 403


def test_nothing_fetched_yet_says_so(client: Client, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user(Role.STAR))
    page = client.get("/integrationer/benchmarks/")
    assert "Der er ikke hentet nogen benchmarks endnu." in page.content.decode()
