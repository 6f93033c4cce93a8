"""Indicator figures by month and breakdown, and the frozen releases they are published in.

A municipality's leaders read their own municipality's exact figures (as in Overblik, where a
jobformidler sees only their own caseload's), computed now from its database by the engine
(overblik.selectors.kommune_figures). STAR reads only what has left the municipalities: a
release's figures after disclosure control, a suppressed row with its counts null
(releases.selectors.safe_figures); STAR sees no person endpoint at all. A release is
frozen, so its figures carry an ETag (the figures' hash), and `If-None-Match` with it answers
304 Not Modified.
"""

from __future__ import annotations

from typing import Annotated, Any

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from fremdrift.api.auth import api_user
from fremdrift.api.guards import require_people
from fremdrift.api.pagination import PageParams, page, page_of_list, refuse_unknown
from fremdrift.api.problems import not_found, problem
from fremdrift.api.schemas import (
    FigureOut,
    FigurePage,
    Initiative,
    Kommunekode,
    Month,
    ReleaseOut,
    ReleasePage,
)
from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.organisation.models import Role
from fremdrift.overblik.selectors import kommune_figures
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import latest_release, release_figures, safe_figures

router = Router(tags=["indikatorer"])
release_router = Router(tags=["udgivelser"])

Code = Annotated[str, Field(max_length=50, pattern=r"^[a-z0-9_]+$")]


class RowFilter(Schema):
    month: Month | None = Field(None, description="Kun denne måned (ÅÅÅÅ-MM).")
    kommunekode: Kommunekode | None = Field(
        None, description="Kun denne kommune (en kommunes medarbejdere: kun deres egen)."
    )
    indicator: Code | None = Field(None, description="Kun denne indikator, fx andel_jobformidler.")
    breakdown: Code | None = Field(None, description="Kun denne opdeling, fx total, herkomst.")


class RowQuery(RowFilter, PageParams):
    pass


class FigureQuery(RowQuery):
    initiative: Initiative = Field("fsm2", description="fsm2 eller ressourceforloeb.")


def _filtered(frame: pl.DataFrame, f: RowFilter) -> pl.DataFrame:
    for column in ("month", "kommunekode", "indicator", "breakdown"):
        value = getattr(f, column)
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return frame


def _figures(frame: pl.DataFrame, q: RowQuery) -> tuple[dict[str, Any], list[FigureOut]]:
    info, rows = page_of_list(_filtered(frame, q).to_dicts(), q)
    items = [
        FigureOut(
            **{k: row[k] for k in FigureOut.model_fields if k not in ("share", "suppressed")},
            share=(
                row["numerator"] / row["denominator"]
                if row["numerator"] is not None and row["denominator"]
                else None
            ),
            suppressed=bool(row.get("suppressed", False)),
        )
        for row in rows
    ]
    return info.dict(), items


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """304 when the client already holds this representation (RFC 9110 If-None-Match)."""
    tags = {
        t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")
    }
    if etag in tags or "*" in tags:
        unchanged = HttpResponse(status=304)
        unchanged["ETag"] = etag
        return unchanged
    return None


def _release_figures(
    request: HttpRequest, response: HttpResponse, release: Release, q: RowQuery
) -> HttpResponse | FigurePage:
    etag = f'"{release.figures_sha256}"'
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    response["ETag"] = etag
    info, items = _figures(safe_figures(release_figures(release)), q)
    return FigurePage(**info, source="release", release=release.pk, items=items)


@router.get(
    "/",
    response={200: FigurePage, 304: None},
    url_name="indikatorer",
    summary="Indikatortal pr. måned og opdeling",
)
def figures(
    request: HttpRequest, response: HttpResponse, f: Query[FigureQuery]
) -> HttpResponse | FigurePage:
    """Numerator, denominator and share per month, municipality, indicator and breakdown.

    A municipality's leaders: their municipality's exact figures for the last 24 months, from
    its database now (`source: database`); a jobformidler gets 403, as in Overblik. STAR: the
    latest release of the initiative after disclosure control (`source: release`; a suppressed
    row's counts are null), with an ETag.
    """
    refuse_unknown(request, FigureQuery)
    user = api_user(request)
    if user.role == Role.STAR:
        release = latest_release(initiative=f.initiative)
        if release is None:
            raise problem(
                404, "not-found", _("Der er endnu ingen udgivelse af tal for dette initiativ.")
            )
        return _release_figures(request, response, release, f)
    require_people(user, view="api:indikatorer")
    if not user.is_leader:
        # As in Overblik: the municipality's level is for its leaders; a jobformidler sees
        # only their own caseload's figures, on the screen.
        record(actor=user, action=Action.DENIED, view="api:indikatorer")
        raise problem(
            403,
            "forbidden",
            _("Kommunens tal er for teamledere og projektledere; dine egne står i Overblik."),
        )
    own = user.kommune_id
    assert own is not None
    if f.kommunekode not in (None, own):
        raise problem(
            403,
            "forbidden",
            _("Du ser kun din egen kommunes tal; andre kommuners står i STARs udgivelser."),
        )
    frame = kommune_figures(own, initiative=f.initiative, today=timezone.localdate())
    info, items = _figures(frame, f)
    return FigurePage(**info, source="database", release=None, items=items)


# --- Releases ------------------------------------------------------------------------------------


def _release(r: Release) -> ReleaseOut:
    return ReleaseOut(
        id=r.pk,
        initiative=r.initiative,
        month=r.month,
        first_month=r.first_month,
        revision=r.revision,
        created_at=r.created_at,
        reason=r.reason,
        definitions_version=r.definitions_version,
        figures_sha256=r.figures_sha256,
        missing=list(r.missing),
        inputs=r.input_versions,
        supersedes=r.supersedes_id,
    )


class ReleaseQuery(PageParams):
    initiative: Initiative | None = None
    month: Month | None = None


@release_router.get(
    "/", response=ReleasePage, url_name="udgivelser", summary="Frosne udgivelser af tal"
)
def release_list(request: HttpRequest, f: Query[ReleaseQuery]) -> ReleasePage:
    refuse_unknown(request, ReleaseQuery)
    """Every revision, newest month first. Published figures: open to every login."""
    releases = Release.objects.order_by("-month", "initiative", "-revision")
    if f.initiative is not None:
        releases = releases.filter(initiative=f.initiative)
    if f.month is not None:
        releases = releases.filter(month=f.month)
    info, items = page(releases, f)
    return ReleasePage(**info.dict(), items=[_release(r) for r in items])


def get_release(release_id: int) -> Release:
    release = Release.objects.filter(pk=release_id).first()
    if release is None:
        raise not_found()
    return release


@release_router.get(
    "/{release_id}", response=ReleaseOut, url_name="udgivelse", summary="En udgivelse"
)
def release_detail(
    request: HttpRequest, release_id: Annotated[int, Path(ge=1, le=2**63 - 1)]
) -> ReleaseOut:
    return _release(get_release(release_id))


@release_router.get(
    "/{release_id}/tal",
    response={200: FigurePage, 304: None},
    url_name="udgivelse-tal",
    summary="En udgivelses tal (diskretionerede)",
)
def release_figures_view(
    request: HttpRequest,
    response: HttpResponse,
    release_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    q: Query[RowQuery],
) -> HttpResponse | FigurePage:
    """The release's figures as published (suppressed counts null), with its ETag."""
    refuse_unknown(request, RowQuery)
    return _release_figures(request, response, get_release(release_id), q)
