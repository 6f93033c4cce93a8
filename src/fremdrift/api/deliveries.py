"""Deliveries: a municipality's leader uploads its case system's monthly delivery (.zip, per
DELIVERY.md); it is validated whole and loaded by the same service as `fremdrift import`, or
refused with the full validation report and nothing written."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from fremdrift.api.auth import api_user
from fremdrift.api.guards import in_danish, require_people
from fremdrift.api.problems import ApiProblemError, problem
from fremdrift.api.schemas import DeliveryImported
from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.cpr import mask_text
from fremdrift.delivery.validate import validate_delivery
from fremdrift.errors import UserError
from fremdrift.leveringer.services import import_delivery

router = Router(tags=["leverancer"])
VIEW = "api:leverancer"


@router.post(
    "/", response={201: DeliveryImported}, url_name="leverancer", summary="Indlæs en leverance"
)
def upload(request: HttpRequest, fil: File[UploadedFile]) -> Status[DeliveryImported]:
    """Multipart form with the field `fil`: the delivery as a .zip. Leaders only (teamleder,
    projektleder), into their own municipality. An invalid delivery answers 422 with the
    validation report (`report`: file, line, column, code, Danish and English message)."""
    user = api_user(request)
    require_people(user, view=VIEW)
    if not user.is_leader:
        record(actor=user, action=Action.DENIED, view=VIEW)
        raise problem(403, "forbidden", _("Kun en teamleder eller projektleder kan indlæse."))
    assert user.kommune_id is not None
    with tempfile.TemporaryDirectory(prefix="fremdrift-api-") as folder:
        path = Path(folder) / "leverance.zip"
        with path.open("wb") as out:
            for chunk in fil.chunks():
                out.write(chunk)
        report = validate_delivery(path)
        if report.errors:
            raise _invalid(report.errors, [p.as_dict() for p in report])
        try:
            result = in_danish(
                import_delivery, path=path, kommune=user.kommune_id, actor=user, report=report
            )
        except UserError as exc:
            # The message names the temporary file; the client knows it by its own name.
            message = str(exc).replace(str(path), fil.name or path.name)
            raise problem(422, "invalid-delivery", message) from None
    return Status(
        201,
        DeliveryImported(
            id=result.delivery_import.pk,
            kommune=result.kommune,
            changed=result.changed,
            rows=result.rows,
            removed_borgere=result.removed_borgere,
            warnings=[mask_text(w) for w in result.warnings],
        ),
    )


def _invalid(errors: int, problems: list[dict[str, object]]) -> ApiProblemError:
    return problem(
        422,
        "invalid-delivery",
        _(
            "Leverancen har %(fejl)d fejl og er ikke indlæst; intet er skrevet. Ret fejlene "
            "(se report) og send den igen."
        ),
        params={"fejl": errors},
        report=[
            {k: mask_text(v) if isinstance(v, str) else v for k, v in p.items()} for p in problems
        ],
    )
