"""Monthly reports through the API: the web app's rule (STAR the national and any published
municipality's; a municipality's leaders their own, exact), JSON or the same files, and an
ETag from the frozen release."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from fremdrift.intake.services import receive_delivery
from fremdrift.releases.models import Release
from fremdrift.releases.services import create_release
from tests.api.conftest import World
from tests.intake.conftest import MONTH, small, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(settings: Any, tmp_path: Path) -> Release:
    settings.VAR_DIR = tmp_path / "var"
    receive_delivery(path=write(small(["147", "791"]), tmp_path / "d"), month=MONTH)
    return create_release(initiative="fsm2", month=MONTH, actor=None, first="2024-07")


def test_star_reads_the_national_report_with_an_etag(
    api: Any, world: World, release: Release
) -> None:
    star = api("star")
    url = f"/api/v1/rapporter/{release.pk}"
    first = star.get(url)
    assert first.status_code == 200
    body = first.json()
    assert body["month"] == MONTH and body["release"]["revision"] == 1
    assert {row["kommunekode"] for row in body["rows"]} >= {"147", "791"}
    assert first["ETag"].startswith(f'"{release.figures_sha256}')
    assert star.get(url, **{"If-None-Match": first["ETag"]}).status_code == 304
    # Only STAR reads the national report.
    assert api("projektleder").get(url).status_code == 403
    assert api("jf_own").get(url).status_code == 403


def test_a_leader_reads_their_own_report_exact_and_no_other(
    api: Any, world: World, release: Release
) -> None:
    own = api("projektleder").get(f"/api/v1/rapporter/{release.pk}/147")
    assert own.status_code == 200 and own.json()["exact"] is True
    published = api("star").get(f"/api/v1/rapporter/{release.pk}/147")
    assert published.status_code == 200 and published.json()["exact"] is False
    # Exact and published are different answers: different ETags.
    assert own["ETag"] != published["ETag"]
    assert api("projektleder_766").get(f"/api/v1/rapporter/{release.pk}/147").status_code == 403
    assert api("jf_own").get(f"/api/v1/rapporter/{release.pk}/147").status_code == 403
    assert api("star").get(f"/api/v1/rapporter/{release.pk + 1}/147").status_code == 404


def test_the_report_as_a_pdf_file(api: Any, world: World, release: Release) -> None:
    response = api("teamleder").get(f"/api/v1/rapporter/{release.pk}/147", {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "maanedsrapport-fsm2" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Frederiksberg" in text
