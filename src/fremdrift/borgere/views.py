"""The citizen screens: the list of citizens a login may see, and the citizen page (Borgerside).

Every request writes exactly one audit event: a look (VIEW) or a refusal (DENIED). A citizen is
addressed by the surrogate key only; the CPR number is shown masked and never reaches a URL.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.access import can_see_people, visible_borgere
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.labels import label
from fremdrift.borgere.models import Borger, Markering
from fremdrift.borgere.selectors import borger_for_view
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
    holder = (
        Markering.objects.filter(borger=OuterRef("pk"), markering="jobformidler", start__lte=today)
        .filter(Q(slut__isnull=True) | Q(slut__gte=today))
        .order_by("-start", "-id")
    )
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
    record(
        actor=user,
        action=Action.VIEW,
        view="borgere:list",
        after={"borger_ids": [row["pk"] for row in rows]},
    )
    return render(request, "borgere/list.html", {"page": page, "rows": rows})


@login_required
@require_GET
def borger_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        borger = borger_for_view(user=logged_in_user(request), borger_id=pk, view="borgere:detail")
    except Borger.DoesNotExist:
        raise _refuse(request) from None
    today = timezone.localdate()
    context = {
        "borger": borger,
        "cpr": masked(borger.person_id),
        "alder": borger.age_on(today),
        "koen": _("Kvinde") if borger.koen == "K" else _("Mand"),
        "herkomst": label(borger.herkomst),
        "forloeb": [
            {
                "initiativ": label(f.initiativ),
                "gruppe": f.gruppe,
                "start": f.start,
                "slut": f.slut,
                "slutaarsag": label(f.slutaarsag) if f.slutaarsag else "",
            }
            for f in borger.forloeb.order_by("-start", "-id")
        ],
        "markeringer": [
            {
                "markering": label(m.markering),
                "start": m.start,
                "slut": m.slut,
                "medarbejder": str(m.medarbejder) if m.medarbejder else "",
                "fritagelsesgrund": m.fritagelsesgrund,
            }
            for m in borger.markeringer.select_related("medarbejder").order_by("-start", "-id")
        ],
        "ydelser": [
            {
                "ydelse": label(y.ydelse),
                "visitation": label(y.visitation) if y.visitation else "",
                "program": label(y.program) if y.program else "",
                "start": y.start,
                "slut": y.slut,
            }
            for y in borger.ydelser.order_by("-start", "-id")
        ],
    }
    return render(request, "borgere/detail.html", context)
