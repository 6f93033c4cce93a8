"""Virksomheder: the municipality's company network, for everyone who works on cases there.

- the list, grouped by branche (and filtered by one, GET `branche`) and searched by name or CVR
  number (GET `q`), with each company's contact and its number of open agreements;
- a company's page with its open agreements: those of citizens the login may see
  (`visible_borgere`) with the citizen, the others only counted; the look is logged, naming the
  citizens shown;
- registering a company (`services.register_virksomhed`), the refusals next to their field;
- suggestions as a caseworker types a company (CVR number or name) into the Borgerside's
  agreement form: at most ten of the municipality's companies, as the <option>s of its
  <datalist> (htmx). The field works without them: the action resolves what was typed.

STAR has no company screens (403): a company's agreements are citizens' agreements. A company
of another municipality is a 404, as one that does not exist.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, record_list
from fremdrift.borgere.access import can_see_people, visible_borgere
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.periods import open_on
from fremdrift.organisation.models import User
from fremdrift.organisation.views import logged_in_user
from fremdrift.virksomheder.forms import VirksomhedForm
from fremdrift.virksomheder.models import Aftale, Virksomhed
from fremdrift.virksomheder.selectors import (
    branche_totals,
    suggest_virksomheder,
    virksomhed_valg,
    virksomheder_by_branche,
)
from fremdrift.virksomheder.services import register_virksomhed

PAGE_SIZE: Final = 50
# The GET value that picks the companies registered without a branche.
NO_BRANCHE: Final = "-"


def _case_worker(request: HttpRequest, view: str) -> User:
    user = logged_in_user(request)
    if not can_see_people(user):
        record(actor=user, action=Action.DENIED, view=view)
        raise PermissionDenied
    return user


@login_required
@require_GET
def virksomhed_list(request: HttpRequest) -> HttpResponse:
    user = _case_worker(request, "virksomheder:list")
    today = timezone.localdate()
    totals = branche_totals(user=user, today=today)
    branche = request.GET.get("branche", "").strip()
    q = request.GET.get("q", "").strip()
    selected: str | None = None
    if branche == NO_BRANCHE:
        selected = ""
    elif branche:
        selected = branche
    virksomheder = virksomheder_by_branche(user=user, today=today, branche=selected)
    if q:
        digits = q.replace(" ", "")
        match = Q(navn__icontains=q)
        if digits.isdigit():
            match |= Q(cvr__startswith=digits)
        virksomheder = virksomheder.filter(match)
    page = Paginator(virksomheder, PAGE_SIZE).get_page(request.GET.get("side"))
    # The filter in the page's links to other pages.
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "virksomheder/list.html",
        {
            "page": page,
            "totals": totals,
            "branche": branche,
            "no_branche": NO_BRANCHE,
            "q": q,
            "filtered": bool(branche or q),
            "query": query.urlencode(),
            "total_virksomheder": sum(t.virksomheder for t in totals),
            "total_open": sum(t.open_aftaler for t in totals),
        },
    )


def _open_aftaler(virksomhed: Virksomhed, day: date) -> QuerySet[Aftale]:
    return virksomhed.aftaler.filter(open_on(day))


@login_required
@require_GET
def virksomhed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = "virksomheder:detail"
    user = _case_worker(request, view)
    virksomhed = Virksomhed.objects.filter(kommune_id=user.kommune_id, pk=pk).first()
    if virksomhed is None:
        raise Http404
    today = timezone.localdate()
    open_aftaler = _open_aftaler(virksomhed, today)
    visible = visible_borgere(user, day=today)
    # The citizens of agreements the login may not see are never read, only counted.
    shown = list(
        open_aftaler.filter(borger__in=visible).select_related("borger").order_by("start", "id")
    )
    hidden = open_aftaler.exclude(borger__in=visible).count()
    rows = [
        {
            "borger_pk": a.borger.pk,
            "borger": a.borger.navn or _("Borger nr. %(pk)s") % {"pk": a.borger.pk},
            "cpr": masked(a.borger.person_id),
            "aktivitet": a.get_aktivitet_display(),
            "start": a.start,
            "slut": a.slut,
            "timer_pr_uge": a.timer_pr_uge,
            "kontaktperson": a.kontaktperson,
        }
        for a in shown
    ]
    record_list(
        actor=user,
        view=view,
        borger_ids=(a.borger.pk for a in shown),
        obj=virksomhed,
        kommune_id=virksomhed.kommune_id,
    )
    return render(
        request,
        "virksomheder/detail.html",
        {"virksomhed": virksomhed, "rows": rows, "hidden": hidden, "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def virksomhed_register(request: HttpRequest) -> HttpResponse:
    user = _case_worker(request, "virksomheder:register")
    form = VirksomhedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            virksomhed = register_virksomhed(actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(navn)s (CVR-nummer %(cvr)s) er registreret.")
                % {"navn": virksomhed.navn, "cvr": virksomhed.cvr},
            )
            return redirect("virksomheder:detail", pk=virksomhed.pk)
    brancher = [t.branche for t in branche_totals(user=user) if t.branche]
    return render(request, "virksomheder/register.html", {"form": form, "brancher": brancher})


@login_required
@require_GET
def virksomhed_forslag(request: HttpRequest) -> HttpResponse:
    """The <option>s for what has been typed so far, GET `q`; htmx sends an input's value under
    the input's own name, so a request with one other parameter is read as that."""
    user = _case_worker(request, "virksomheder:forslag")
    text = request.GET.get("q")
    if text is None and len(request.GET) == 1:
        [name] = request.GET
        text = request.GET.get(name)
    assert user.kommune_id is not None  # _case_worker: a caseworker has a municipality
    found = suggest_virksomheder(kommune_id=user.kommune_id, text=(text or "")[:250])
    return render(
        request,
        "virksomheder/_forslag.html",
        {"forslag": [virksomhed_valg(v) for v in found]},
    )
