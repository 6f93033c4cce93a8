"""API tokens: made by the command (printed once, only a hash stored), revoked in the admin,
each an audit event; only a live token of an active login opens the API, never a session."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from fremdrift.api.models import ApiToken
from fremdrift.api.services import create_token, revoke_token
from fremdrift.audit.models import Action, AuditEvent
from tests.api.conftest import ApiClient, World

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_token_once_and_stores_only_its_hash(world: World) -> None:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "projektleder", "--name", "BI-udtræk", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("fdr_") and len(secret) > 40
    assert "vises ikke igen" in err.getvalue()
    token = ApiToken.objects.get()
    assert (token.user.username, token.name) == ("projektleder", "BI-udtræk")
    # Nowhere in the row, nor in the audit log, is the secret itself.
    stored = [str(v) for v in ApiToken.objects.values().get().values()]
    assert not any(secret in v for v in stored)
    assert token.token_hash != secret and len(token.token_hash) == 64
    event = AuditEvent.objects.get(object_type="apitoken")
    assert event.action == Action.CREATE and secret not in str(event.after)
    assert ApiClient(secret).get("/api/v1/borgere/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_command_refuses_an_unknown_login_and_a_blank_name(world: World) -> None:
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("create_api_token", "ingen", "--name", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="navn"):
        call_command("create_api_token", "projektleder", "--name", "  ", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_a_revoked_token_or_an_inactive_login_gets_401(world: World) -> None:
    leader = world.users["projektleder"]
    made = create_token(actor=None, user=leader, name="a")
    assert ApiClient(made.secret).get("/api/v1/borgere/").status_code == 200
    revoke_token(actor=leader, token=made.token)
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="apitoken").exists()
    refused = ApiClient(made.secret).get("/api/v1/borgere/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert refused.json()["type"] == "urn:fremdrift:problem:unauthorized"

    other = create_token(actor=None, user=world.users["jf_own"], name="b")
    world.users["jf_own"].is_active = False
    world.users["jf_own"].save()
    assert ApiClient(other.secret).get("/api/v1/borgere/").status_code == 401


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer fdr_forkert", "Token fdr_x", "Basic a"])
def test_no_token_or_a_wrong_one_gets_401_problem(world: World, header: str) -> None:
    response = Client().get("/api/v1/borgere/", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_session_login_does_not_open_the_api(world: World) -> None:
    client = Client()
    client.force_login(world.users["projektleder"])
    assert client.get("/borgere/").status_code == 200
    assert client.get("/api/v1/borgere/").status_code == 401


def test_the_admin_makes_a_token_shows_it_once_and_revokes(world: World, admin_client: Any) -> None:
    leader = world.users["projektleder"]
    response = admin_client.post(
        "/admin/api/apitoken/add/", {"user": leader.pk, "name": "Fagsystem"}, follow=True
    )
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"] if "fdr_" in str(m)]
    assert len(shown) == 1
    secret = shown[0].rsplit(" ", 1)[-1]
    assert ApiClient(secret).get("/api/v1/borgere/").status_code == 200
    # The change page shows the token's facts, never the secret.
    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page and secret not in page
    admin_client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(secret).get("/api/v1/borgere/").status_code == 401
