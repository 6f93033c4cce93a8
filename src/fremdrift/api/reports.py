"""The monthly report of a release, as the web app and `fremdrift report` make it: JSON (the
report model of reports.content), or the same HTML, PDF or XLSX file.

STAR reads the national report and any municipality's as published; a municipality's leaders
read their own municipality's with its exact figures (reports.access, the web app's rule). A
release is frozen, so the answer carries an ETag made from the release's figures hash (and,
for a municipality, the grant the payout is stated in, which is not part of the release);
`If-None-Match` with it answers 304 without building the report again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from fremdrift.api.auth import api_user
from fremdrift.api.figures import get_release, not_modified
from fremdrift.api.guards import in_danish
from fremdrift.api.pagination import refuse_unknown
from fremdrift.api.problems import not_found
from fremdrift.api.schemas import Kommunekode
from fremdrift.reference.kommuner import is_kommunekode
from fremdrift.releases.models import Release
from fremdrift.reports import access, files, selectors
from fremdrift.reports.content import KommuneReport, NationalReport

router = Router(tags=["rapporter"])

ReleaseId = Annotated[int, Path(ge=1, le=2**63 - 1)]
FILES = {
    200: {
        "content": {
            content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for content_type in files.CONTENT_TYPES.values()
        }
    }
}


class ReportQuery(Schema):
    format: Literal["json", "html", "pdf", "xlsx"] = Field(
        "json", description="json (the report's data), html, pdf or xlsx."
    )


def _etag(release: Release, *parts: object) -> str:
    salt = hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
    return f'"{release.figures_sha256}-{salt}"'


def _answer(
    report: KommuneReport | NationalReport, fmt: str, etag: str, response: HttpResponse
) -> HttpResponse | dict[str, Any]:
    if fmt == "json":
        response["ETag"] = etag
        return dataclasses.asdict(report)
    answer = HttpResponse(files.render(report, fmt), content_type=files.CONTENT_TYPES[fmt])
    answer["ETag"] = etag
    answer["Content-Disposition"] = f'attachment; filename="{files.filename(report, fmt)}"'
    return answer


@router.get(
    "/{release_id}",
    response={200: dict[str, Any], 304: None},
    url_name="rapport",
    summary="Månedsrapporten for hele landet (STAR)",
    openapi_extra={"responses": FILES},
)
def national(
    request: HttpRequest, response: HttpResponse, release_id: ReleaseId, q: Query[ReportQuery]
) -> HttpResponse | dict[str, Any]:
    refuse_unknown(request, ReportQuery)
    user = api_user(request)
    release = get_release(release_id)
    in_danish(access.require_national, user)
    etag = _etag(release, "national", q.format)
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    return _answer(selectors.national(release), q.format, etag, response)


@router.get(
    "/{release_id}/{kommunekode}",
    response={200: dict[str, Any], 304: None},
    url_name="kommunerapport",
    summary="En kommunes månedsrapport",
    openapi_extra={"responses": FILES},
)
def kommune(
    request: HttpRequest,
    response: HttpResponse,
    release_id: ReleaseId,
    kommunekode: Annotated[Kommunekode, Path()],
    q: Query[ReportQuery],
) -> HttpResponse | dict[str, Any]:
    """STAR: any municipality's, as published. A municipality's leaders: their own, with its
    exact figures."""
    refuse_unknown(request, ReportQuery)
    user = api_user(request)
    release = get_release(release_id)
    exact = in_danish(access.kommune_access, user, kommunekode)
    if not is_kommunekode(kommunekode):
        raise not_found()
    grant = selectors.registered_grant(release, kommunekode)
    etag = _etag(release, kommunekode, exact, grant, q.format)
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    report = selectors.kommune(release, kommunekode, exact=exact)
    return _answer(report, q.format, etag, response)
