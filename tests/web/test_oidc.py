"""Single sign-on: an existing active login is matched by e-mail, nobody else gets in or is
created. The provider's HTTP endpoints are the only things replaced (token, userinfo)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.organisation.models import User
from fremdrift.organisation.oidc import KommuneOIDCBackend


@pytest.fixture
def backend(settings: Any) -> KommuneOIDCBackend:
    settings.OIDC_RP_CLIENT_ID = "fremdrift"
    settings.OIDC_RP_CLIENT_SECRET = "hemmelig"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.kommune.invalid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.kommune.invalid/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://login.kommune.invalid/userinfo"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_CREATE_USER = False
    return KommuneOIDCBackend()


@pytest.fixture
def people(make_user: Callable[..., Any]) -> dict[str, User]:
    return {
        "anna": make_user(email="anna.jensen@frederiksberg.dk", username="anna"),
        "gone": make_user(email="fratraadt@frederiksberg.dk", username="gone", is_active=False),
        "bo": make_user(email="bo@hedensted.dk", kommune="766", username="bo"),
    }


def test_matches_an_active_login_by_email_in_any_case(
    backend: KommuneOIDCBackend, people: dict[str, User]
) -> None:
    found = backend.filter_users_by_claims({"email": "Anna.Jensen@Frederiksberg.DK"})
    assert list(found) == [people["anna"]]
    assert list(backend.filter_users_by_claims({"email": " bo@hedensted.dk "})) == [people["bo"]]


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "fratraadt@frederiksberg.dk"},  # deactivated
        {"email": "ukendt@frederiksberg.dk"},  # nobody set up
        {"email": ""},
        {"sub": "123"},
    ],
)
def test_refuses_everybody_else(
    backend: KommuneOIDCBackend, people: dict[str, User], claims: dict[str, str]
) -> None:
    assert not backend.filter_users_by_claims(claims).exists()


def test_an_unverified_address_proves_nothing(backend: KommuneOIDCBackend) -> None:
    assert backend.verify_claims({"email": "anna.jensen@frederiksberg.dk"})
    assert backend.verify_claims({"email": "a@b.dk", "email_verified": True})
    assert not backend.verify_claims({"email": "a@b.dk", "email_verified": False})


def test_nobody_is_created_even_if_settings_say_so(
    backend: KommuneOIDCBackend, people: dict[str, User], settings: Any
) -> None:
    settings.OIDC_CREATE_USER = True
    with pytest.raises(SuspiciousOperation):
        backend.create_user({"email": "ny@frederiksberg.dk"})
    assert User.objects.count() == len(people)


def test_a_deactivated_login_loses_its_session(
    backend: KommuneOIDCBackend, people: dict[str, User]
) -> None:
    assert backend.get_user(people["anna"].pk) == people["anna"]
    assert backend.get_user(people["gone"].pk) is None


def callback(**params: str) -> Any:
    request = RequestFactory().get("/oidc/callback/", params)
    request.session = SessionStore()
    return request


def _provider_says(
    monkeypatch: pytest.MonkeyPatch, backend: KommuneOIDCBackend, claims: dict[str, Any]
) -> None:
    """Stand in for the provider's token and userinfo endpoints."""
    monkeypatch.setattr(
        backend, "get_token", lambda payload: {"id_token": "i", "access_token": "a"}
    )
    monkeypatch.setattr(backend, "verify_token", lambda token, **kw: {"sub": "1"})
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: claims)


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_a_callback_logs_in_a_known_person_and_audits_it(
    backend: KommuneOIDCBackend, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    _provider_says(monkeypatch, backend, {"email": "ANNA.JENSEN@frederiksberg.dk"})
    request = callback(code="c", state="s")
    assert backend.authenticate(request, nonce="n") == people["anna"]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.view) == (Action.LOGIN, people["anna"], "login:oidc")


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_a_callback_for_an_unknown_person_fails_and_is_audited(
    backend: KommuneOIDCBackend, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    _provider_says(monkeypatch, backend, {"email": "ukendt@frederiksberg.dk"})
    request = callback(code="c", state="s")
    assert backend.authenticate(request, nonce="n") is None
    assert User.objects.count() == len(people)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (Action.LOGIN_FAILED, None)


def test_a_password_login_passing_through_is_not_audited_here(
    backend: KommuneOIDCBackend, people: dict[str, User]
) -> None:
    request = RequestFactory().post("/login/")
    assert backend.authenticate(request, username="anna", password="x") is None
    assert not AuditEvent.objects.exists()
