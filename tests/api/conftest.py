"""The web tests' small world (tests/web/conftest.py), each login with an API token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.web import conftest as web
from tests.web.conftest import World

# The web tests' world fixture, shared.
world = web.world

__all__ = ["ApiClient", "World"]


@dataclass
class ApiClient:
    """Django's test client with a bearer token and a language."""

    token: str | None
    language: str = "da"

    def __post_init__(self) -> None:
        self.client = Client()

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept-Language": self.language}
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        return {**headers, **(extra or {})}

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(path, params or {}, headers=self.headers(headers))

    def post(self, path: str, data: dict[str, Any], **headers: str) -> Any:
        return self.client.post(
            path, data, content_type="application/json", headers=self.headers(headers)
        )

    def put(self, path: str, data: dict[str, Any], **headers: str) -> Any:
        return self.client.put(
            path, data, content_type="application/json", headers=self.headers(headers)
        )

    def upload(self, path: str, files: dict[str, Any]) -> Any:
        return self.client.post(path, files, headers=self.headers())


@pytest.fixture
def tokens(world: World) -> dict[str, str]:
    """A token per login of the world, by role name."""
    from fremdrift.api.services import create_token

    return {
        role: create_token(actor=None, user=user, name=f"test {role}").secret
        for role, user in world.users.items()
    }


@pytest.fixture
def api(tokens: dict[str, str]) -> Any:
    def make(role: str | None, language: str = "da") -> ApiClient:
        return ApiClient(tokens[role] if role is not None else None, language)

    return make
