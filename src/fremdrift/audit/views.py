"""The leaders' search in the audit log (teamleder and projektleder; everybody else gets 403).

The search form is POSTed, pages too (a button per page), so no filter and above all no CPR
number reaches a URL or a server log. A CPR number is resolved to the citizen's surrogate key
inside the leader's municipality and shown again only as that key.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from fremdrift.audit.forms import AuditSearchForm
from fremdrift.audit.models import Action, AuditEvent
from fremdrift.audit.selectors import (
    actors_for_search,
    borger_id_for_cpr,
    may_search_log,
    search_events,
)
from fremdrift.audit.services import record
from fremdrift.organisation.views import logged_in_user

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("cpr")
def search(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if not may_search_log(user):
        raise PermissionDenied
    actors = actors_for_search(user=user)
    form = AuditSearchForm(request.POST or None, actors=actors)
    events: QuerySet[AuditEvent] = AuditEvent.objects.none()
    cpr_not_found = False
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        borger_id: int | None = filters.get("borger")
        if filters.get("cpr"):
            borger_id = borger_id_for_cpr(user=user, cpr=filters["cpr"])
            cpr_not_found = borger_id is None
            # Shown again as the citizen's number, so the next page keeps the filter.
            data = request.POST.copy()
            data["cpr"] = ""
            data["borger"] = str(borger_id or "")
            form = AuditSearchForm(data, actors=actors)
            form.is_valid()
        if borger_id is not None:
            # Who looked at a citizen says something about the citizen: the search is logged.
            record(actor=user, action=Action.VIEW, borger_id=borger_id, view="audit:search")
        if not cpr_not_found:
            events = search_events(
                user=user,
                actor=filters.get("actor"),
                action=filters.get("action") or None,
                start=filters.get("start"),
                end=filters.get("end"),
                borger_id=borger_id,
            )
    page = Paginator(events, PAGE_SIZE).get_page(request.POST.get("page"))
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "cpr_not_found": cpr_not_found, "kommune": user.kommune},
    )
