"""Uploading a delivery: a leader's goes in through the import service; an invalid one comes
back with its validation report and nothing is written; others may not upload at all."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Borger
from fremdrift.delivery.io import write_delivery
from fremdrift.leveringer.models import DeliveryImport
from tests.api.conftest import World
from tests.intake.conftest import small

pytestmark = pytest.mark.django_db
URL = "/api/v1/leverancer/"


def zipped(tmp_path: Path, *, broken: bool = False) -> SimpleUploadedFile:
    folder = tmp_path / "levering"
    write_delivery(small(["147"], persons=30), folder)
    if broken:
        borgere = folder / "borgere.csv"
        lines = borgere.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        cells = lines[1].split(",")
        cells[header.index("foedselsdato")] = "31-02-1980"
        borgere.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for file in sorted(folder.iterdir()):
            out.write(file, file.name)
    return SimpleUploadedFile("levering.zip", archive.read_bytes(), "application/zip")


def test_a_leader_uploads_and_the_delivery_is_imported(
    api: Any, world: World, tmp_path: Path
) -> None:
    before = Borger.objects.filter(kommune_id="147").count()
    response = api("projektleder").upload(URL, {"fil": zipped(tmp_path)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kommune"] == "147" and body["changed"] is True
    imported = DeliveryImport.objects.get(pk=body["id"])
    assert imported.imported_by == world.users["projektleder"]
    assert (
        Borger.objects.filter(kommune_id="147", source=imported).count() == body["rows"]["borgere"]
    )
    assert Borger.objects.filter(kommune_id="147").count() > before
    assert AuditEvent.objects.filter(
        action=Action.IMPORT, actor=world.users["projektleder"]
    ).exists()
    # The same delivery again changes nothing.
    again = api("projektleder").upload(URL, {"fil": zipped(tmp_path)})
    assert again.status_code == 201 and again.json()["changed"] is False


def test_an_invalid_delivery_comes_back_with_its_report_and_nothing_is_written(
    api: Any, world: World, tmp_path: Path
) -> None:
    response = api("teamleder").upload(URL, {"fil": zipped(tmp_path, broken=True)})
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "urn:fremdrift:problem:invalid-delivery"
    assert "intet er skrevet" in body["detail_da"] and "nothing was written" in body["detail_en"]
    errors = [p for p in body["report"] if p["severity"] == "error"]
    assert errors and errors[0]["file"] == "borgere.csv" and errors[0]["line"] == 2
    assert errors[0]["message_da"] and errors[0]["message_en"]
    assert not DeliveryImport.objects.exists()


def test_a_file_that_is_no_zip_is_a_clear_422(api: Any, world: World) -> None:
    junk = SimpleUploadedFile("levering.zip", b"not a zip at all", "application/zip")
    response = api("projektleder").upload(URL, {"fil": junk})
    assert response.status_code == 422
    assert response.json()["report"], response.json()
    assert not DeliveryImport.objects.exists()


@pytest.mark.parametrize("role", ["jf_own", "star"])
def test_only_leaders_upload(api: Any, world: World, tmp_path: Path, role: str) -> None:
    response = api(role).upload(URL, {"fil": zipped(tmp_path)})
    assert response.status_code == 403
    assert not DeliveryImport.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DENIED, actor=world.users[role]).exists()
