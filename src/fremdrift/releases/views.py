"""Udgivelser: the frozen releases, and what a revision changed and why."""

from __future__ import annotations

import polars as pl
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from fremdrift.intake.access import can_see_deliveries
from fremdrift.organisation.views import logged_in_user
from fremdrift.reference.kommuner import navn
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import release_changes

MOVED_SHOWN = 200


@login_required
@require_GET
def release_list(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if not can_see_deliveries(user):
        raise PermissionDenied
    releases = Release.objects.order_by("-month", "initiative", "-revision")
    return render(request, "releases/list.html", {"releases": releases})


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = logged_in_user(request)
    if not can_see_deliveries(user):
        raise PermissionDenied
    release = get_object_or_404(Release, pk=pk)
    inputs = [{**i, "navn": navn(i["kommune"])} for i in release.inputs]
    context: dict[str, object] = {"release": release, "inputs": inputs}
    if release.supersedes is not None:
        diff = release_changes(release.supersedes, release)
        # The totals first: the breakdowns of a moved total move with it.
        moved = diff.figures.sort(pl.col("breakdown") != "total", maintain_order=True)
        context.update(
            diff=diff,
            delivery_changes=[{"change": c, "navn": navn(c.kommunekode)} for c in diff.deliveries],
            moved=moved.head(MOVED_SHOWN).to_dicts(),
            moved_total=moved.height,
        )
    return render(request, "releases/detail.html", context)
