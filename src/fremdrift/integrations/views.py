"""Benchmarks: what has been fetched from jobindsats.dk and is shown beside our own figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fremdrift.engine.definitions import load_initiative
from fremdrift.integrations.access import can_see_benchmarks
from fremdrift.integrations.selectors import BenchmarkValue, latest_benchmarks, recent_fetches
from fremdrift.organisation.views import logged_in_user
from fremdrift.reference.kommuner import navn


@dataclass(frozen=True)
class Row:
    benchmark: BenchmarkValue
    indicator: str
    area: str


@login_required
@require_GET
def benchmarks(request: HttpRequest) -> HttpResponse:
    if not can_see_benchmarks(logged_in_user(request)):
        raise PermissionDenied
    names = {}
    for b in (values := latest_benchmarks()):
        if b.initiative not in names:
            initiative = load_initiative(b.initiative)
            names[b.initiative] = {i.key: i.navn for i in initiative.indicators}
    rows = [
        Row(
            b,
            names[b.initiative].get(b.indicator, b.indicator),
            _("Hele landet") if b.national else f"{navn(b.kommunekode or '')} ({b.kommunekode})",
        )
        for b in values
    ]
    return render(
        request,
        "integrations/benchmarks.html",
        {"rows": rows, "fetches": recent_fetches()},
    )
