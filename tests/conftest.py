"""Shared fixtures for the case-system tests: municipalities, staff, logins and citizens.

The tests run on SQLite by default and on a real PostgreSQL server when the test command sets
DATABASE_URL (scripts/with-postgres). CPR numbers here are synthetic (valid date part).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

_serial = itertools.count(1000)


def synthetic_cpr(birth: date) -> str:
    return f"{birth:%d%m%y}{next(_serial) % 10000:04d}"


@pytest.fixture
def make_medarbejder(db: None) -> Callable[..., Any]:
    from fremdrift.organisation.models import Medarbejder, Team

    def make(kommune: str = "147", *, team: str | None = "Team A", **fields: Any) -> Medarbejder:
        team_obj = Team.objects.get_or_create(kommune_id=kommune, navn=team)[0] if team else None
        fields.setdefault("medarbejder_id", f"M{next(_serial)}")
        fields.setdefault("navn", f"Jobformidler {fields['medarbejder_id']}")
        return Medarbejder.objects.create(kommune_id=kommune, team=team_obj, **fields)

    return make


@pytest.fixture
def make_user(db: None, make_medarbejder: Callable[..., Any]) -> Callable[..., Any]:
    from fremdrift.organisation.models import Role, User

    def make(role: str = Role.JOBFORMIDLER, kommune: str | None = "147", **fields: Any) -> User:
        if role == Role.STAR:
            kommune = None
        elif "medarbejder" not in fields and role != Role.PROJEKTLEDER:
            fields["medarbejder"] = make_medarbejder(kommune)
        username = fields.pop("username", f"{role}{next(_serial)}")
        return User.objects.create_user(
            username=username,
            password="korrekt-hest-batteri",
            role=role,
            kommune_id=kommune,
            **fields,
        )

    return make


@pytest.fixture
def make_borger(db: None) -> Callable[..., Any]:
    from fremdrift.borgere.models import Borger

    def make(
        kommune: str = "147", *, foedselsdato: date = date(1980, 5, 17), **fields: Any
    ) -> Borger:
        fields.setdefault("person_id", synthetic_cpr(foedselsdato))
        fields.setdefault("koen", "K")
        fields.setdefault("herkomst", "dansk")
        return Borger.objects.create(kommune_id=kommune, foedselsdato=foedselsdato, **fields)

    return make


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the database, so the test command can run exactly those
    again on PostgreSQL (`-m database`)."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(fixtures):
            item.add_marker(pytest.mark.database)
