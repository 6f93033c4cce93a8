"""The citizen screens: the list of citizens a login may see, and the citizen page (Borgerside).

Every request writes exactly one audit event: a look (VIEW) or a refusal (DENIED). A citizen is
addressed by the surrogate key only; the CPR number is shown masked and never reaches a URL.
The Borgerside's actions (borgere.actions) render its sections through `borgerside_context`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, record_list
from fremdrift.borgere.access import can_see_people, visible_borgere
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.forms import (
    AfslutMarkeringForm,
    AftaleForm,
    JobformidlerForm,
    KontaktForm,
    MarkeringForm,
    TimerForm,
    TrinForm,
)
from fremdrift.borgere.labels import label
from fremdrift.borgere.models import Borger
from fremdrift.borgere.selectors import (
    JobformidlerChoice,
    borger_for_view,
    borgerside,
    holding_jobformidler,
    jobformidler_choices,
    registrable_months,
)
from fremdrift.organisation.views import logged_in_user

PAGE_SIZE = 50


def _refuse(request: HttpRequest) -> Http404 | PermissionDenied:
    """403 for a role that never sees citizens (STAR); 404 for a citizen out of reach."""
    if can_see_people(logged_in_user(request)):
        return Http404()
    return PermissionDenied()


@login_required
@require_GET
def borger_list(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if not can_see_people(user):
        record(actor=user, action=Action.DENIED, view="borgere:list")
        raise PermissionDenied
    today = timezone.localdate()
    holder = holding_jobformidler(today)
    # The citizens someone holds (for a jobformidler: their own) before those to be assigned.
    borgere = (
        visible_borgere(user, day=today)
        .annotate(held=Exists(holder), holder=Subquery(holder.values("medarbejder__navn")[:1]))
        .order_by("-held", "navn", "pk")
    )
    page = Paginator(borgere, PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [
        {
            "pk": b.pk,
            "navn": b.navn,
            "cpr": masked(b.person_id),
            "alder": b.age_on(today),
            "held": getattr(b, "held", False),
            "jobformidler": getattr(b, "holder", None) or "",
        }
        for b in page.object_list
    ]
    # The look at a list is logged too, naming the citizens it showed.
    record_list(actor=user, view="borgere:list", borger_ids=(b.pk for b in page.object_list))
    return render(request, "borgere/list.html", {"page": page, "rows": rows})


def open_borger(request: HttpRequest, pk: int, *, view: str) -> Borger:
    """The citizen for a page or an action: one audit event (VIEW or DENIED), else 404/403."""
    try:
        return borger_for_view(user=logged_in_user(request), borger_id=pk, view=view)
    except Borger.DoesNotExist:
        raise _refuse(request) from None


@dataclass(frozen=True)
class Flash:
    """What an action says inside the section it changed (the htmx answer)."""

    message: str
    warning: str = ""


def _caseload_label(choice: JobformidlerChoice) -> str:
    text = gettext("%(navn)s: %(antal)d af %(loft)d borgere") % {
        "navn": choice.medarbejder,
        "antal": choice.caseload,
        "loft": choice.cap,
    }
    if choice.caseload > choice.cap:
        return text + " " + gettext("(over loftet)")
    if choice.full:
        return text + " " + gettext("(fuld)")
    return text


def borgerside_context(
    request: HttpRequest,
    borger: Borger,
    *,
    bound: Mapping[str, forms.Form] | None = None,
    flash: Mapping[str, Flash] | None = None,
) -> dict[str, Any]:
    """The Borgerside's context; `bound` holds a submitted form (by prefix) to show again."""
    bound = bound or {}
    user = logged_in_user(request)
    today = timezone.localdate()
    page = borgerside(borger=borger, today=today)
    staff = jobformidler_choices(
        kommune_id=borger.kommune_id, initiativ=page.initiativ, today=today
    )

    def form(prefix: str, make: Callable[[], forms.Form]) -> forms.Form:
        return bound[prefix] if prefix in bound else make()

    markering_rows = [
        (
            m,
            form(f"afslut-{m.pk}", partial(AfslutMarkeringForm, markering_id=m.pk))
            if m.slut is None or m.slut >= today
            else None,
        )
        for m in page.markeringer
        if m.markering != "jobformidler"
    ]
    aftale_rows = [
        (
            overview,
            form(
                f"timer-{overview.aftale.pk}",
                partial(
                    TimerForm,
                    aftale_id=overview.aftale.pk,
                    months=registrable_months(overview, today),
                ),
            )
            if registrable_months(overview, today)
            else None,
        )
        for overview in page.aftaler
    ]
    return {
        "borger": borger,
        "page": page,
        "cpr": masked(borger.person_id),
        "alder": borger.age_on(today),
        "koen": borger.get_koen_display(),
        "herkomst": label(borger.herkomst),
        "is_leader": user.is_leader,
        "staff": staff,
        "jobformidler_markeringer": [m for m in page.markeringer if m.markering == "jobformidler"],
        "markering_rows": markering_rows,
        "aftale_rows": aftale_rows,
        "kontakt_form": form("kontakt", KontaktForm),
        "trin_form": form(
            "trin", lambda: TrinForm(initial={"trin": page.next_trin} if page.next_trin else {})
        ),
        "markering_form": form("markering", MarkeringForm),
        "jobformidler_form": form(
            "jobformidler",
            lambda: JobformidlerForm(
                choices=[(c.medarbejder.pk, _caseload_label(c)) for c in staff],
                leader=user.is_leader,
            ),
        ),
        "aftale_form": form("aftale", AftaleForm),
        "flash": flash or {},
    }


@login_required
@require_GET
def borger_detail(request: HttpRequest, pk: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:detail")
    return render(request, "borgere/detail.html", borgerside_context(request, borger))
