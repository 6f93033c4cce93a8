"""Danish by default; English for whoever picks it, on every page (Django's translations)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import Client

import fremdrift

CATALOGUE = Path(fremdrift.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def test_the_english_catalogue_is_compiled() -> None:
    # `make` compiles it from the .po; a stale .mo would show Danish to an English user.
    mo, po = CATALOGUE / "django.mo", CATALOGUE / "django.po"
    assert mo.exists(), "kør `make` (msgfmt) for at oversætte django.po"
    assert mo.stat().st_mtime >= po.stat().st_mtime


@pytest.mark.django_db
def test_login_page_switches_to_english_and_back() -> None:
    client = Client()
    danish = client.get("/login/").content.decode()
    assert "Log ind" in danish and 'lang="da"' in danish
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    english = client.get("/login/").content.decode()
    assert 'lang="en"' in english and "Log in" in english and "Log ind" not in english
    client.post("/i18n/setlang/", {"language": "da", "next": "/login/"})
    assert "Log ind" in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_a_service_refusal_reaches_an_english_user_in_english(make_user, make_borger) -> None:
    from datetime import date

    from django.core.exceptions import ValidationError
    from django.utils import translation

    from fremdrift.borgere.services import add_marking

    leader = make_user("projektleder")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        add_marking(actor=leader, borger=make_borger(), markering="fritagelse", start=date.today())
    message = refused.value.message_dict["fritagelsesgrund"][0]
    assert "reason" in message.lower() and "grund" not in message


def test_every_message_has_its_english_translation() -> None:
    # msgfmt (GNU gettext, installed by `make`) counts fuzzy and untranslated entries.
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
