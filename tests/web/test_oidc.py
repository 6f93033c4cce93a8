"""Single sign-on: an existing active login is matched by e-mail, nobody else gets in or is
created. The provider is a real one on 127.0.0.1 (tests/web/oidc_provider.py): the backend and the
library's views talk HTTP to it, and its id_tokens are signed JWS."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.organisation.models import User
from fremdrift.organisation.oidc import KommuneOIDCBackend

from .oidc_provider import Provider, running_provider

CLIENT_ID = "fremdrift"
# HS256 keys shorter than the hash (32 bytes) are refused by RFC 7518 3.2 and warned about by PyJWT.
CLIENT_SECRET = "hemmelig-klienthemmelighed-til-test-1234"
CALLBACK = "http://testserver/oidc/callback/"  # what the library sends as redirect_uri in tests


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider(CLIENT_ID, CLIENT_SECRET) as provider:
        yield provider


@pytest.fixture
def backend(settings: Any, provider: Provider) -> KommuneOIDCBackend:
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.url("authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.url("token")
    settings.OIDC_OP_USER_ENDPOINT = provider.url("userinfo")
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_CREATE_USER = False
    settings.LOGIN_REDIRECT_URL_FAILURE = "/login/"  # as settings.py sets it with SSO on
    settings.OIDC_TIMEOUT = 5
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "fremdrift.organisation.oidc.KommuneOIDCBackend",
    ]
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


def came_back_from_provider(provider: Provider, nonce: str = "n") -> Any:
    """The provider's redirect after sign-in, as the backend sees it (code bound to CALLBACK)."""
    return callback(code=provider.issue_code(CALLBACK, nonce=nonce), state="s")


# --- The backend against the provider -------------------------------------------------------------


@pytest.mark.urls("tests.web.urls_with_oidc")
@pytest.mark.parametrize("basic_auth", [False, True], ids=["client_secret_post", "basic"])
def test_a_callback_logs_in_a_known_person_and_audits_it(
    backend: KommuneOIDCBackend,
    people: dict[str, User],
    provider: Provider,
    settings: Any,
    basic_auth: bool,
) -> None:
    settings.OIDC_TOKEN_USE_BASIC_AUTH = basic_auth
    provider.claims = {"email": "ANNA.JENSEN@frederiksberg.dk", "email_verified": True}
    assert backend.authenticate(came_back_from_provider(provider), nonce="n") == people["anna"]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.view) == (Action.LOGIN, people["anna"], "login:oidc")
    [sent] = provider.token_requests
    assert sent["form"]["grant_type"] == "authorization_code"
    assert sent["form"]["redirect_uri"] == CALLBACK
    assert (sent["basic_auth"] is not None) == basic_auth
    assert ("client_secret" in sent["form"]) != basic_auth


@pytest.mark.urls("tests.web.urls_with_oidc")
@pytest.mark.parametrize(
    "claims",
    [
        {"email": "ukendt@frederiksberg.dk"},  # nobody set up
        {"email": "fratraadt@frederiksberg.dk"},  # deactivated
        {"email": "anna.jensen@frederiksberg.dk", "email_verified": False},
        {"preferred_username": "anna"},  # no e-mail
    ],
    ids=["unknown", "deactivated", "unverified", "no-email"],
)
def test_a_callback_for_an_unknown_person_fails_and_is_audited(
    backend: KommuneOIDCBackend,
    people: dict[str, User],
    provider: Provider,
    claims: dict[str, Any],
) -> None:
    provider.claims = claims
    assert backend.authenticate(came_back_from_provider(provider), nonce="n") is None
    assert User.objects.count() == len(people)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (Action.LOGIN_FAILED, None)


@pytest.mark.urls("tests.web.urls_with_oidc")
@pytest.mark.parametrize(
    ("sign_with", "nonce"),
    [("en-anden-noegle-end-klientens-hemmelighed", "n"), (None, "en-anden-nonce")],
    ids=["wrong-secret", "wrong-nonce"],
)
def test_an_id_token_that_does_not_verify_logs_nobody_in(
    backend: KommuneOIDCBackend,
    people: dict[str, User],
    provider: Provider,
    sign_with: str | None,
    nonce: str,
) -> None:
    provider.claims = {"email": "anna.jensen@frederiksberg.dk"}
    provider.sign_with = sign_with
    request = came_back_from_provider(provider, nonce=nonce)
    assert backend.authenticate(request, nonce="n") is None
    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (Action.LOGIN_FAILED, None)


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_a_provider_error_on_the_token_endpoint_logs_nobody_in(
    backend: KommuneOIDCBackend, people: dict[str, User], provider: Provider
) -> None:
    provider.claims = {"email": "anna.jensen@frederiksberg.dk"}
    provider.token_endpoint_fails = True
    assert backend.authenticate(came_back_from_provider(provider), nonce="n") is None
    assert not provider.access_tokens
    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (Action.LOGIN_FAILED, None)


# --- End to end: the library's views, the browser's redirects, the provider -----------------------


def sign_in_at_provider(client: Client) -> str:
    """/oidc/authenticate/ -> the provider's /authorize -> back: the callback URL to GET."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back: str = at_provider.headers["Location"]
    assert back.startswith(CALLBACK)
    return back


def logged_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_sso_end_to_end_logs_in_a_known_person(
    backend: KommuneOIDCBackend, people: dict[str, User], provider: Provider, client: Client
) -> None:
    provider.claims = {"email": "anna.jensen@frederiksberg.dk", "email_verified": True}
    response = client.get(sign_in_at_provider(client))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home") == "/"
    assert logged_in_as(client) == str(people["anna"].pk)
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert (event.actor, event.view) == (people["anna"], "login:oidc")


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_sso_end_to_end_sends_an_unknown_person_to_the_failure_url(
    backend: KommuneOIDCBackend, people: dict[str, User], provider: Provider, client: Client
) -> None:
    provider.claims = {"email": "ukendt@frederiksberg.dk", "email_verified": True}
    response = client.get(sign_in_at_provider(client))
    assert (response.status_code, response.headers["Location"]) == (302, "/login/")
    assert logged_in_as(client) is None
    assert client.get("/").status_code == 302
    assert User.objects.count() == len(people)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (Action.LOGIN_FAILED, None)


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_sso_end_to_end_a_forged_id_token_ends_on_the_login_page(
    backend: KommuneOIDCBackend, people: dict[str, User], provider: Provider, client: Client
) -> None:
    provider.claims = {"email": "anna.jensen@frederiksberg.dk", "email_verified": True}
    provider.sign_with = "en-anden-noegle-end-klientens-hemmelighed"
    response = client.get(sign_in_at_provider(client))
    assert (response.status_code, response.headers["Location"]) == (302, "/login/")
    assert logged_in_as(client) is None


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_sso_end_to_end_a_callback_replayed_elsewhere_logs_nobody_in(
    backend: KommuneOIDCBackend, people: dict[str, User], provider: Provider, client: Client
) -> None:
    provider.claims = {"email": "anna.jensen@frederiksberg.dk", "email_verified": True}
    back = sign_in_at_provider(client)
    assert client.get(back).status_code == 302
    other_browser = Client()
    response = other_browser.get(back)  # no state of its own in its session
    assert (response.status_code, response.headers["Location"]) == (302, "/login/")
    assert logged_in_as(other_browser) is None
    assert client.get(back).status_code == 400  # and in the first browser the state is used up


@pytest.mark.urls("tests.web.urls_with_oidc")
def test_sso_end_to_end_a_provider_error_sends_the_person_to_the_failure_url(
    backend: KommuneOIDCBackend, people: dict[str, User], provider: Provider, client: Client
) -> None:
    provider.claims = {"email": "anna.jensen@frederiksberg.dk", "email_verified": True}
    provider.token_endpoint_fails = True
    response = client.get(sign_in_at_provider(client))
    assert (response.status_code, response.headers["Location"]) == (302, "/login/")
    assert logged_in_as(client) is None


def test_a_password_login_passing_through_is_not_audited_here(
    backend: KommuneOIDCBackend, people: dict[str, User]
) -> None:
    request = RequestFactory().post("/login/")
    assert backend.authenticate(request, username="anna", password="x") is None
    assert not AuditEvent.objects.exists()
