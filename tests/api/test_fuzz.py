"""Schemathesis against the app's own OpenAPI schema, in-process (WSGI), as a project leader
of Frederiksberg with citizens, agreements and hours in the database.

Every answer must conform to the schema (status, content type, body), no answer may be a
server error, and every 4xx and 5xx must be problem details that say what was wrong, in both
languages. Path ids are half the time those of real rows, so that the fuzzing reaches the
routes' own work and not only their 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from fremdrift.wsgi import application
from tests.api.conftest import World

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance", "detail_da", "detail_en"}


@schemathesis.check
def problem_details(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code < 400:
        return None
    headers = {k.lower(): v for k, v in response.headers.items()}
    content_type = headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/problem+json"), (
        f"{response.status_code} without problem details: {content_type}"
    )
    body = response.json()
    assert set(body) >= PROBLEM_FIELDS, f"missing fields: {PROBLEM_FIELDS - set(body)}"
    assert body["status"] == response.status_code
    assert body["detail_da"].strip() and body["detail_en"].strip(), body
    return True


@pytest.fixture
def fuzz_world(world: World) -> dict[str, list[int]]:
    from fremdrift.borgere.models import Markering
    from fremdrift.virksomheder.models import Aftale, Timer

    for borger in world.borgere.values():
        Markering.objects.create(borger=borger, markering="step_up", start=date(2024, 1, 1))
        aftale = Aftale.objects.create(
            borger=borger,
            aktivitet="virksomhedspraktik",
            virksomhed=world.virksomheder[borger.kommune_id],
            start=date(2024, 1, 1),
            timer_pr_uge=10,
        )
        Timer.objects.create(aftale=aftale, maaned=date(2024, 2, 1), timer=40)
    leader = world.users["projektleder"]
    return {
        "borger_id": [world.borgere["own"].pk, world.borgere["other_kommune"].pk],
        "aftale_id": [world.borgere["own"].aftaler.get().pk],
        "medarbejder_id": [world.users["jf_own"].medarbejder_id, leader.pk],
    }


@pytest.fixture
def in_process() -> Any:
    """Keep the test's database connection across requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded when the module is collected (the schema needs no database); schemathesis' lazy
# loader from a fixture does not run under pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz(
    case: Any, tokens: dict[str, str], fuzz_world: dict[str, list[int]], in_process: None
) -> None:
    for name, value in list((case.path_parameters or {}).items()):
        real = fuzz_world.get(name)
        if real and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = real[value // 2 % len(real)]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {tokens['projektleder']}"},
        # A valid request may still be refused by a service (a date in the future, a month
        # outside the agreement): a 422 problem is a correct answer to it.
        excluded_checks=[positive_data_acceptance],
    )
