"""The API's role matrix, with tokens: every operation of the OpenAPI schema has a row saying
what each login of the world (tests/web/conftest.py) gets. An operation added later without a
row fails `test_every_operation_has_a_row`, naming it.

Writes use a body the schema accepts and the service refuses, so a login that may see the
citizen gets the service's 422 (nothing written), one that may not gets 404, STAR 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fremdrift.api.api import api as ninja_api
from tests.api.conftest import World

pytestmark = pytest.mark.django_db

ROLES = ("jf_own", "jf_other_team", "teamleder", "projektleder", "star", "projektleder_766")


def roles(default: int, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Row:
    expect: dict[str, int]
    # Path parameters, by the world's names: a citizen, their agreement, a member of staff.
    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    upload: bool = False


SEES_OWN = roles(404, jf_own=422, teamleder=422, projektleder=422, star=403)
ACCESS: dict[tuple[str, str], list[Row]] = {
    ("get", "/api/v1/borgere/"): [Row(roles(200, star=403))],
    ("get", "/api/v1/borgere/{borger_id}"): [
        Row(roles(404, jf_own=200, teamleder=200, projektleder=200, star=403), {"borger_id": "own"})
    ],
    ("post", "/api/v1/borgere/{borger_id}/kontakter"): [
        Row(SEES_OWN, {"borger_id": "own"}, body={"dato": "2999-01-01", "form": "telefon"})
    ],
    ("post", "/api/v1/borgere/{borger_id}/markeringer"): [
        Row(SEES_OWN, {"borger_id": "own"}, body={"markering": "fritagelse", "start": "2024-01-01"})
    ],
    ("post", "/api/v1/borgere/{borger_id}/aftaler"): [
        Row(
            SEES_OWN,
            {"borger_id": "own"},
            body={"aktivitet": "loentilskud", "start": "2024-01-01"},
        )
    ],
    ("put", "/api/v1/borgere/{borger_id}/aftaler/{aftale_id}/timer/{maaned}"): [
        Row(
            SEES_OWN,
            {"borger_id": "own", "aftale_id": "own", "maaned": "2024-02"},
            body={"timer": "-1"},
        )
    ],
    ("get", "/api/v1/sagsstammer/"): [Row(roles(200, star=403))],
    ("get", "/api/v1/sagsstammer/{medarbejder_id}"): [
        Row(
            roles(404, jf_own=200, teamleder=200, projektleder=200, star=403),
            {"medarbejder_id": "anna"},
        )
    ],
    # Leaders: their own municipality's figures (a jobformidler none, as in Overblik); STAR:
    # none until a release exists.
    ("get", "/api/v1/indikatorer/"): [
        Row(roles(200, jf_own=403, jf_other_team=403, star=404)),
        Row(roles(403, projektleder_766=200, star=404), query={"kommunekode": "766"}),
    ],
    # Releases are published figures: every login reads them.
    ("get", "/api/v1/udgivelser/"): [Row(roles(200))],
    ("get", "/api/v1/udgivelser/{release_id}"): [Row(roles(404), {"release_id": "none"})],
    ("get", "/api/v1/udgivelser/{release_id}/tal"): [Row(roles(404), {"release_id": "none"})],
    # A report of a release that does not exist: 404 whoever asks (the rule is in
    # tests/api/test_reports.py, with a release).
    ("get", "/api/v1/rapporter/{release_id}"): [Row(roles(404), {"release_id": "none"})],
    ("get", "/api/v1/rapporter/{release_id}/{kommunekode}"): [
        Row(roles(404), {"release_id": "none", "kommunekode": "147"})
    ],
    # Leaders only; a file that is no delivery comes back with its report (422).
    ("post", "/api/v1/leverancer/"): [
        Row(roles(403, teamleder=422, projektleder=422, projektleder_766=422), upload=True)
    ],
}


def operations() -> set[tuple[str, str]]:
    schema = ninja_api.get_openapi_schema()
    return {(method, path) for path, ops in schema["paths"].items() for method in ops}


def test_every_operation_has_a_row() -> None:
    assert operations() == set(ACCESS), (
        f"rows missing: {operations() - set(ACCESS)}; stale rows: {set(ACCESS) - operations()}"
    )


def _path(template: str, row: Row, world: World) -> str:
    values = {
        "own": lambda name: (
            world.borgere["own"].pk
            if name == "borger_id"
            else world.borgere["own"].aftaler.get().pk
        ),
        "anna": lambda name: world.users["jf_own"].medarbejder_id,
        "none": lambda name: 999_999,
    }
    for name, ref in row.path.items():
        value = ref if name in ("maaned", "kommunekode") else values[ref](name)
        template = template.replace("{" + name + "}", str(value))
    return template


@pytest.mark.parametrize("role", [*ROLES, None])
def test_access_matrix(api: Any, world: World, role: str | None) -> None:
    from fremdrift.virksomheder.models import Aftale

    Aftale.objects.create(borger=world.borgere["own"], aktivitet="andet", start=date(2024, 1, 1))
    client = api(role)
    problems = []
    for (method, template), rows in ACCESS.items():
        for row in rows:
            url = _path(template, row, world)
            if row.upload:
                junk = SimpleUploadedFile("levering.zip", b"ingen leverance")
                response = client.upload(url, {"fil": junk})
            elif method == "get":
                response = client.get(url, row.query)
            else:
                response = getattr(client, method)(url, row.body or {})
            wanted = 401 if role is None else row.expect[role]
            if response.status_code != wanted:
                problems.append(
                    f"{method.upper()} {url} as {role}: {response.status_code} != {wanted}"
                )
            if (
                response.status_code >= 400
                and response["Content-Type"] != "application/problem+json"
            ):
                problems.append(f"{method.upper()} {url} as {role}: no problem details")
    assert not problems, "\n".join(problems)
