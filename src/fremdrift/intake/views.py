"""Leverancer: which municipalities have delivered for a month, and a rejected one's report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fremdrift.engine.months import format_month, parse_month
from fremdrift.errors import UserError
from fremdrift.intake.access import can_see_deliveries, visible_kommuner
from fremdrift.intake.models import DeliveryVersion
from fremdrift.intake.selectors import (
    current_versions,
    delivery_status,
    months_received,
    versions_of,
)
from fremdrift.organisation.models import Kommune
from fremdrift.organisation.views import logged_in_user

PROBLEMS_SHOWN = 500
STATUSES = ("delivered", "rejected", "missing")


@login_required
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if not can_see_deliveries(user):
        raise PermissionDenied
    months = months_received()
    month_error = False
    month = months[0] if months else format_month(timezone.localdate())
    if request.GET.get("month"):
        try:
            month = format_month(parse_month(request.GET["month"]))
        except UserError:
            month_error = True
    rows = delivery_status(month, visible_kommuner(user))
    counts = {s: sum(r.status == s for r in rows) for s in STATUSES}
    show = request.GET.get("vis", "")
    shown = [r for r in rows if r.status == show] if show in STATUSES else rows
    return render(
        request,
        "intake/status.html",
        {
            "month": month,
            "months": months,
            "month_error": month_error,
            "rows": shown,
            "show": show if show in STATUSES else "",
            "counts": counts,
            "total": len(rows),
        },
    )


@login_required
@require_GET
def history(request: HttpRequest, kommunekode: str, month: str) -> HttpResponse:
    user = logged_in_user(request)
    if not can_see_deliveries(user):
        raise PermissionDenied
    kommuner = visible_kommuner(user)
    if kommuner is not None and kommunekode not in kommuner:
        raise Http404
    kommune = get_object_or_404(Kommune, kode=kommunekode)
    try:
        month = format_month(parse_month(month))
    except UserError as exc:
        raise Http404 from exc
    current = current_versions(month).get(kommunekode)
    return render(
        request,
        "intake/history.html",
        {
            "kommune": kommune,
            "month": month,
            "versions": versions_of(kommunekode, month),
            "current": current,
        },
    )


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    user = logged_in_user(request)
    if not can_see_deliveries(user):
        raise PermissionDenied
    version = get_object_or_404(DeliveryVersion.objects.select_related("kommune"), pk=pk)
    kommuner = visible_kommuner(user)
    if kommuner is not None and version.kommune_id not in kommuner:
        raise Http404
    problems = version.report.get("problems", [])
    # An accepted version keeps its warnings; a rejected one every problem (as far as stored).
    counted = version.report.get("warnings", 0)
    if not version.accepted:
        counted += version.report.get("errors", 0)
    english = getattr(request, "LANGUAGE_CODE", "da") == "en"
    shown = [
        {**p, "message": p["message_en"] if english else p["message_da"]}
        for p in problems[:PROBLEMS_SHOWN]
    ]
    return render(
        request,
        "intake/report.html",
        {
            "version": version,
            "problems": shown,
            "total": counted,
            "more": max(counted - len(shown), 0),
        },
    )
