"""Login and logout: every attempt in the audit log, Axes locks after five failures, Argon2 hashes,
and the front page tells who you are and what you may use."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEvent

from .conftest import PASSWORD, World


def login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_login_goes_to_the_front_page_and_is_logged(client: Client, world: World) -> None:
    user = world.users["jf_own"]
    response = login(client, "jf_own", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home")
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert (event.actor, event.kommune_id, event.view) == (user, "147", "login:password")


def test_a_wrong_password_is_logged_on_the_login_it_names(client: Client, world: World) -> None:
    response = login(client, "jf_own", "forkert-adgangskode")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not is_logged_in(client)
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor == world.users["jf_own"]
    assert event.after == {"locked_out": False, "known_username": True}


def test_an_unknown_username_is_logged_without_keeping_what_was_typed(
    client: Client, world: World
) -> None:
    # People type passwords and CPR numbers into the username field: it is not stored.
    typed = "0101801234"
    login(client, typed, "forkert-adgangskode")
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.after == {"locked_out": False, "known_username": False}
    assert typed not in str(AuditEvent.objects.values_list())


def test_an_empty_password_is_no_attempt(client: Client, world: World) -> None:
    assert login(client, "jf_own", "").status_code == 200
    assert not AuditEvent.objects.exists()


def test_five_wrong_passwords_lock_the_login_even_for_the_right_password(
    client: Client, world: World
) -> None:
    for attempt in range(1, 6):
        response = login(client, "jf_own", f"forkert-{attempt}")
    assert response.status_code == 429
    assert "organisation/lockout.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Prøv igen om 15 minutter" in page

    response = login(client, "jf_own", PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)
    refused = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("-id").first()
    assert refused is not None
    assert refused.after == {"locked_out": True, "known_username": True}
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def test_the_lock_is_per_login(client: Client, world: World) -> None:
    for attempt in range(5):
        login(client, "jf_own", f"forkert-{attempt}")
    assert login(client, "teamleder", PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2(client: Client, world: World) -> None:
    user = world.users["jf_own"]
    assert user.password.startswith("argon2$")
    login(client, "jf_own", PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_logout_is_a_post(client: Client, world: World) -> None:
    client.force_login(world.users["jf_own"])
    assert client.get(reverse("logout")).status_code == 405
    assert is_logged_in(client)
    response = client.post(reverse("logout"))
    assert response.headers["Location"] == reverse("login")
    assert not is_logged_in(client)


def test_the_login_page_is_danish_and_labelled(client: Client, db: None) -> None:
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="da">' in page
    assert '<label for="id_username">Brugernavn</label>' in page
    assert '<label for="id_password">Adgangskode</label>' in page


@pytest.mark.parametrize(
    ("role", "shown", "links", "not_links"),
    [
        (
            "jf_own",
            ["Jobformidler", "Frederiksberg (147)", "Team A"],
            ["borgere:list"],
            ["audit:search"],
        ),
        ("teamleder", ["Teamleder", "Frederiksberg (147)"], ["borgere:list", "audit:search"], []),
        ("projektleder", ["Projektleder / administrator"], ["borgere:list", "audit:search"], []),
        ("star", ["STAR-analytiker", "Alle kommuner"], [], ["borgere:list", "audit:search"]),
    ],
)
def test_the_front_page_says_who_you_are_and_links_what_you_may_use(
    client: Client,
    world: World,
    role: str,
    shown: list[str],
    links: list[str],
    not_links: list[str],
) -> None:
    user = world.users[role]
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "<h1>Forside</h1>" in page
    assert user.get_username() in page
    for text in shown:
        assert text in page
    for name in links:
        assert f'href="{reverse(name)}"' in page
    for name in not_links:
        assert f'href="{reverse(name)}"' not in page
    assert f'href="{reverse("admin:index")}"' not in page


def test_staff_see_the_admin_link(client: Client, world: World) -> None:
    user = world.users["projektleder"]
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert f'href="{reverse("admin:index")}"' in client.get(reverse("home")).content.decode()
