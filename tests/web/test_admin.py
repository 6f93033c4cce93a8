"""The admin for support: reference data and logins; read-only where history lives; no citizen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from fremdrift.api.models import ApiToken
from fremdrift.audit.models import Action, AuditEvent
from fremdrift.audit.services import record
from fremdrift.borgere.models import Borger
from fremdrift.leveringer.models import DeliveryImport
from fremdrift.organisation.models import Kommune, Medarbejder, Role, Team, User
from fremdrift.virksomheder.models import Virksomhed

# ApiToken: support makes and revokes a login's API tokens (the token itself is never stored).
EXPECTED = {Kommune, Team, Medarbejder, User, DeliveryImport, AuditEvent, Virksomhed, ApiToken}


@pytest.fixture
def support(db: None) -> User:
    return User.objects.create_superuser("support", "support@example.invalid", "s3kret-support!")


@pytest.fixture
def staff_client(client: Client, support: User) -> Client:
    client.force_login(support)
    return client


def url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _touches_a_citizen(model: type[models.Model]) -> bool:
    return any(
        f.name == "person_id" or (f.is_relation and f.related_model is Borger)
        for f in model._meta.get_fields()
        if not f.auto_created or f.concrete
    )


def test_exactly_the_support_models_are_registered() -> None:
    ours = {m for m in admin.site._registry if m.__module__.startswith("fremdrift.")}
    assert ours == EXPECTED
    assert not [m for m in admin.site._registry if _touches_a_citizen(m)]


@pytest.mark.parametrize("model", sorted(EXPECTED, key=lambda m: m._meta.label))
def test_every_changelist_opens(staff_client: Client, model: type[models.Model]) -> None:
    assert staff_client.get(url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", [Kommune, AuditEvent, DeliveryImport])
def test_read_only_models_cannot_be_added_changed_or_deleted(
    staff_client: Client, support: User, model: type[models.Model]
) -> None:
    model_admin = admin.site._registry[model]
    request = type("Request", (), {"user": support})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert staff_client.get(url(model, "add")).status_code == 403


def test_a_municipality_is_shown_but_not_editable(staff_client: Client) -> None:
    page = staff_client.get(url(Kommune, "change", "147")).content.decode()
    assert "Frederiksberg" in page
    assert 'name="_save"' not in page
    assert staff_client.post(url(Kommune, "delete", "147"), {"post": "yes"}).status_code == 403
    assert Kommune.objects.filter(kode="147").exists()


def test_an_audit_event_is_shown_read_only(staff_client: Client, support: User) -> None:
    event = record(actor=support, action=Action.LOGIN, kommune_id="147")
    page = staff_client.get(url(AuditEvent, "change", event.pk)).content.decode()
    assert "support" in page
    assert 'name="_save"' not in page
    assert (
        staff_client.post(url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    )


def test_a_delivery_is_shown_without_its_tables_and_with_cpr_masked(
    staff_client: Client,
) -> None:
    delivery = DeliveryImport.objects.create(
        kommune_id="147",
        sha256="ab" * 32,
        source_name="levering.zip",
        tables=b"TABLES-BLOB 0101801234",
        warnings=["borgere række 3: 0101801234 mangler herkomst"],
    )
    page = staff_client.get(url(DeliveryImport, "change", delivery.pk)).content.decode()
    assert "levering.zip" in page
    assert "TABLES-BLOB" not in page
    assert "0101801234" not in page
    assert "010180-xxxx mangler herkomst" in page


def test_a_login_made_in_the_admin_gets_argon2_and_is_audited(
    staff_client: Client, support: User, make_medarbejder: Callable[..., Any]
) -> None:
    medarbejder = make_medarbejder("147")
    response = staff_client.post(
        url(User, "add"),
        {
            "username": "ny-jobformidler",
            "usable_password": "true",
            "password1": "en-lang-og-god-adgangskode",
            "password2": "en-lang-og-god-adgangskode",
            "role": Role.JOBFORMIDLER,
            "kommune": "147",
            "medarbejder": medarbejder.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="ny-jobformidler")
    assert user.password.startswith("argon2$")
    assert (user.role, user.kommune_id, user.medarbejder) == ("jobformidler", "147", medarbejder)
    event = AuditEvent.objects.get(action=Action.CREATE)
    assert (event.actor, event.object_id, event.kommune_id) == (support, str(user.pk), "147")
    assert event.after is not None
    assert event.after["role"] == "jobformidler"
    assert "password" not in event.after


def test_a_role_change_in_the_admin_is_audited_with_before_and_after(
    staff_client: Client, support: User, make_user: Callable[..., Any]
) -> None:
    user = make_user(Role.JOBFORMIDLER, "147", email="jf@frederiksberg.dk")
    change = staff_client.get(url(User, "change", user.pk)).context["adminform"].form.initial
    data = {k: v for k, v in change.items() if v is not None and k != "password"}
    data.update(
        role=Role.PROJEKTLEDER,
        kommune="147",
        medarbejder="",
        date_joined_0=user.date_joined.strftime("%d.%m.%Y"),
        date_joined_1=user.date_joined.strftime("%H:%M:%S"),
        groups=[],
        user_permissions=[],
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = staff_client.post(url(User, "change", user.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action=Action.UPDATE)
    assert event.before is not None and event.after is not None
    assert (event.before["role"], event.after["role"]) == ("jobformidler", "projektleder")
    assert event.actor == support


def test_star_with_a_municipality_is_refused(staff_client: Client) -> None:
    response = staff_client.post(
        url(User, "add"),
        {
            "username": "star-med-kommune",
            "usable_password": "false",
            "role": Role.STAR,
            "kommune": "147",
        },
    )
    assert response.status_code == 200
    assert "STAR-bruger har ingen kommune" in str(response.context["adminform"].form.errors)
    assert not User.objects.filter(username="star-med-kommune").exists()
