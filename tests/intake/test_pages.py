"""Leverancer and Udgivelser in the web app: STAR sees every municipality, a leader their own,
a jobformidler nothing; a missing municipality reads as missing, a rejected one links to its
report; a revision shows which deliveries changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fremdrift.delivery.schema import Delivery
from fremdrift.intake.models import DeliveryVersion
from fremdrift.intake.services import receive_delivery
from fremdrift.organisation.models import Role
from fremdrift.releases.services import create_release

from .conftest import MONTH, corrected, small, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(two_kommuner: Delivery, tmp_path: Path) -> None:
    receive_delivery(path=write(two_kommuner, tmp_path / "a"), month=MONTH, kommune="147")
    receive_delivery(path=write(small(["766"], cpr=True, persons=30), tmp_path / "b"), month=MONTH)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_star_sees_every_municipality_with_its_status(
    received: None, make_user: Callable[..., Any]
) -> None:
    page = client_for(make_user(Role.STAR)).get(reverse("intake:status"), {"month": MONTH})
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 af 98 har leveret, 1 er afvist, 96 mangler." in text
    assert text.count("<tr>") == 99  # the header and the 98 municipalities
    rejected = DeliveryVersion.objects.get(kommune_id="766")
    assert reverse("intake:report", args=[rejected.pk]) in text
    missing = client_for(make_user(Role.STAR)).get(
        reverse("intake:status"), {"month": MONTH, "vis": "missing"}
    )
    text = missing.content.decode()
    assert text.count("<tr>") == 97 and "Viborg (791)" in text and "Frederiksberg (147)" not in text
    report = client_for(make_user(Role.STAR)).get(reverse("intake:report", args=[rejected.pk]))
    assert "er CPR-numre" in report.content.decode()


def test_a_leader_sees_their_own_municipality_only(
    received: None, make_user: Callable[..., Any]
) -> None:
    leader = client_for(make_user(Role.PROJEKTLEDER, "766"))
    text = leader.get(reverse("intake:status"), {"month": MONTH}).content.decode()
    assert "Hedensted (766)" in text and "Frederiksberg (147)" not in text
    assert "0 af 1 har leveret, 1 er afvist, 0 mangler." in text
    own = DeliveryVersion.objects.get(kommune_id="766")
    assert leader.get(reverse("intake:report", args=[own.pk])).status_code == 200
    other = DeliveryVersion.objects.get(kommune_id="147")
    assert leader.get(reverse("intake:report", args=[other.pk])).status_code == 404
    jobformidler = client_for(make_user(Role.JOBFORMIDLER, "766"))
    assert jobformidler.get(reverse("intake:status")).status_code == 403
    assert jobformidler.get(reverse("intake:report", args=[own.pk])).status_code == 403


def test_a_month_in_another_form_is_explained(
    received: None, make_user: Callable[..., Any]
) -> None:
    page = client_for(make_user(Role.STAR)).get(reverse("intake:status"), {"month": "juni"})
    assert "Skriv måneden som ÅÅÅÅ-MM" in page.content.decode()


def test_a_revision_page_names_the_changed_delivery(
    two_kommuner: Delivery, tmp_path: Path, make_user: Callable[..., Any]
) -> None:
    receive_delivery(path=write(two_kommuner, tmp_path / "a"), month=MONTH)
    create_release(initiative="fsm2", month=MONTH, actor=None, first="2025-01")
    receive_delivery(path=write(corrected(two_kommuner, "791"), tmp_path / "b"), month=MONTH)
    second = create_release(
        initiative="fsm2", month=MONTH, actor=None, first="2025-01", reason="rettet fra Viborg"
    )
    star = client_for(make_user(Role.STAR))
    listing = star.get(reverse("releases:list")).content.decode()
    assert "fsm2 2025-06, revision 2" in listing and "rettet fra Viborg" in listing
    page = star.get(reverse("releases:detail", args=[second.pk])).content.decode()
    text = " ".join(page.split())
    assert "Viborg (791): version 1 → version 2" in text
    assert "tal har flyttet sig" in text
    assert "96 kommuner mangler" in text
    jobformidler = client_for(make_user(Role.JOBFORMIDLER, "147"))
    assert jobformidler.get(reverse("releases:detail", args=[second.pk])).status_code == 403


def test_every_version_of_a_month_is_listed_with_the_current_one_marked(
    two_kommuner: Delivery, tmp_path: Path, make_user: Callable[..., Any]
) -> None:
    receive_delivery(path=write(two_kommuner, tmp_path / "a"), month=MONTH, kommune="147")
    receive_delivery(
        path=write(corrected(two_kommuner, "147"), tmp_path / "b"), month=MONTH, kommune="147"
    )
    url = reverse("intake:history", args=["147", MONTH])
    star = client_for(make_user(Role.STAR))
    status = star.get(reverse("intake:status"), {"month": MONTH}).content.decode()
    assert url in status
    text = " ".join(star.get(url).content.decode().split())
    assert "Leverancer fra Frederiksberg, 2025-06" in text
    assert text.count('<th scope="row" class="app-number">') == 2
    assert "Gældende" in text and "Erstattet" in text
    assert client_for(make_user(Role.TEAMLEDER, "147")).get(url).status_code == 200
    assert client_for(make_user(Role.PROJEKTLEDER, "766")).get(url).status_code == 404
    assert client_for(make_user(Role.JOBFORMIDLER, "147")).get(url).status_code == 403
    assert star.get(reverse("intake:history", args=["147", "juni"])).status_code == 404
