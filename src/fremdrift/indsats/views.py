"""Min sagsstamme: the jobformidler's work list of their own caseload.

One row per citizen the jobformidler holds (an open jobformidler marking) and may see through
`borgere.access.visible_borgere`; counters at the top are work queues that apply a filter. Team
and project leaders pick one of their jobformidlere. The page costs the same few queries whatever
the caseload's size, works without JavaScript (plain links and a GET form) and lets htmx swap
only the list when a filter changes. Each request writes one audit event naming the citizens
shown; the CPR number is shown masked and never reaches a URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, record_list
from fremdrift.borgere.access import can_see_people
from fremdrift.borgere.cpr import masked
from fremdrift.indsats import cadence
from fremdrift.indsats.forms import DEFAULT_SORT, SagsstammeForm
from fremdrift.indsats.selectors import (
    SORT_KEYS,
    SagsstammeFilter,
    SagsstammeRow,
    caseload_of,
    sagsstamme_medarbejdere,
    sort_rows,
)
from fremdrift.indsats.selectors import sagsstamme as sagsstamme_rows
from fremdrift.organisation.models import Medarbejder, Role, User
from fremdrift.organisation.views import logged_in_user
from fremdrift.virksomheder.models import Aftaletype

VIEW = "sagsstamme"

TRIN_LABELS: dict[int, Promise] = {
    1: _("Startafklaring"),
    2: _("På vej mod job"),
    3: _("Virksomhedsforløb"),
}
# Lazy labels: translated when a page shows them, not once at import in the default language.
AFTALE_LABELS: dict[str, Promise] = dict(Aftaletype.choices)


@dataclass(frozen=True)
class Queue:
    """A counter at the top of the list: how many rows its filter gives, and a link to them."""

    label: Promise
    selection: SagsstammeFilter


QUEUES: tuple[Queue, ...] = (
    Queue(_("Overskredne frister"), SagsstammeFilter(overskredet=True)),
    Queue(_("Kontakter denne uge"), SagsstammeFilter(kontakt="uge")),
    Queue(_("Trin 3 uden aftale"), SagsstammeFilter(trin="3", aftale="ingen")),
    Queue(_("Uden CV"), SagsstammeFilter(cv="mangler")),
    Queue(_("Uden jobmål"), SagsstammeFilter(jobmaal="mangler")),
)

SORT_LABELS: dict[str, Promise] = {
    "navn": _("Borger"),
    "frist": _("Frist for trinnet"),
    "kontakt": _("Næste kontakt"),
}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _chosen(
    request: HttpRequest, user: User, medarbejdere: list[Medarbejder], form: SagsstammeForm
) -> Medarbejder | None:
    """Whose caseload: a jobformidler's own; a leader's pick, or their own by default.

    A leader asking for a member of staff outside their reach gets a 404 (and a logged denial),
    as for a citizen out of reach.
    """
    if user.role == Role.JOBFORMIDLER:
        return medarbejdere[0] if medarbejdere else None
    by_pk = {m.pk: m for m in medarbejdere}
    if request.GET.get("medarbejder"):
        pk = form.cleaned("medarbejder")
        if pk not in by_pk:
            record(actor=user, action=Action.DENIED, view=VIEW)
            raise Http404
        return by_pk[pk]
    return by_pk.get(user.medarbejder_id) if user.medarbejder_id is not None else None


def _url(path: str, params: dict[str, Any]) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return f"{path}?{query}" if query else path


def _display(row: SagsstammeRow) -> dict[str, Any]:
    s = row.status
    borger = row.borger
    return {
        "pk": borger.pk,
        "navn": borger.navn,
        "cpr": masked(borger.person_id),
        "trin": s.trin,
        "trin_label": TRIN_LABELS.get(s.trin, "") if s.trin is not None else "",
        "frist": s.frist,
        "days_left": s.days_left,
        "days_overdue": -s.days_left if s.days_left is not None and s.days_left < 0 else 0,
        "step_overdue": s.step_overdue,
        "next_contact": s.next_contact_due,
        "contact_overdue": s.contact_overdue,
        "last_contact": s.last_contact,
        "no_activity": row.no_activity,
        "cv_status": row.cv_status.value,
        "cv_updated": row.cv_updated,
        "jobmaal": row.jobmaal or "",
        "aftale": AFTALE_LABELS.get(row.agreement_kind, row.agreement_kind)
        if row.agreement_kind
        else "",
        "virksomhed": row.agreement_company or "",
        "timer": row.hours_last_month,
        "step_up": row.step_up,
        "fritagelse": row.fritagelse,
        "rehabilitering": row.rehabilitering,
    }


@login_required
@require_GET
def sagsstamme(request: HtmxHttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if not can_see_people(user):
        record(actor=user, action=Action.DENIED, view=VIEW)
        raise PermissionDenied
    today = timezone.localdate()
    medarbejdere = list(sagsstamme_medarbejdere(user))
    form = SagsstammeForm(request.GET, medarbejdere=medarbejdere)
    chosen = _chosen(request, user, medarbejdere, form)
    selection = form.selection()
    sort_key, descending = form.sort_key()

    rows = (
        sagsstamme_rows(caseload_of(user=user, medarbejder_id=chosen.pk, today=today), today=today)
        if chosen is not None
        else []
    )
    shown = sort_rows(selection.apply(rows), key=sort_key, descending=descending)
    # Listing citizens is a look at their data: one event naming those shown.
    record_list(actor=user, view=VIEW, borger_ids=(row.borger.pk for row in shown))

    path = request.path
    pick = {"medarbejder": chosen.pk if chosen is not None and user.is_leader else None}
    sort_param = f"-{sort_key}" if descending else sort_key
    keep_sort = {"sort": sort_param if sort_param != DEFAULT_SORT else None}
    counters = [
        {
            "label": queue.label,
            "count": queue.selection.count(rows),
            "url": _url(path, {**pick, **queue.selection.params(), **keep_sort}),
            "current": queue.selection == selection,
        }
        for queue in QUEUES
    ]
    headers = {}
    for key in SORT_KEYS:
        current = key == sort_key
        # A click on the sorted column turns it round; another column starts ascending.
        target = f"-{key}" if current and not descending else key
        headers[key] = {
            "label": SORT_LABELS[key],
            "url": _url(path, {**pick, **selection.params(), "sort": target}),
            "aria_sort": ("descending" if descending else "ascending") if current else "",
        }
    last_month: date = cadence.add_months(today.replace(day=1), -1)
    context = {
        "is_leader": user.is_leader,
        "medarbejdere": medarbejdere,
        "chosen": chosen,
        "form": form,
        "selection": selection,
        "sort": sort_param,
        "total": len(rows),
        "rows": [_display(row) for row in shown],
        "counters": counters,
        "headers": headers,
        "reset_url": _url(path, {**pick, **keep_sort}),
        "last_month": last_month,
        "today": today,
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "indsats/_sagsstamme.html" if partial else "indsats/sagsstamme.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
