"""The steering group's status (page and PDF) and the business case: a municipality's leaders
read them; the projektleder edits the cadence and the business case's inputs. STAR and
jobformidlere get 403: the status is the municipality's own management information."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fremdrift.engine.definitions import INITIATIVE_KEYS, Initiative, load_initiative
from fremdrift.organisation.models import Role, User
from fremdrift.organisation.views import logged_in_user
from fremdrift.overblik.selectors import grant_terms, initiatives_of
from fremdrift.reference.kommuner import navn
from fremdrift.styregruppe import charts, pdf, selectors, services
from fremdrift.styregruppe.forms import (
    CadenceForm,
    GroupForm,
    InvestmentForm,
    MeetingForm,
    RateForm,
)
from fremdrift.styregruppe.models import MeetingGroup


def _leader(request: HttpRequest) -> tuple[User, str]:
    user = logged_in_user(request)
    if not user.is_leader or user.kommune_id is None:
        raise PermissionDenied(_("Kun kommunens ledere har adgang til styregruppens status."))
    return user, user.kommune_id


def _projektleder(request: HttpRequest) -> tuple[User, str]:
    user, kommune = _leader(request)
    if user.role != Role.PROJEKTLEDER:
        raise PermissionDenied(_("Kun projektlederen kan ændre dette."))
    return user, kommune


def _initiative(request: HttpRequest) -> Initiative:
    key = request.GET.get("initiativ", selectors.INITIATIVE)
    if key not in INITIATIVE_KEYS:
        raise Http404(_("Ukendt initiativ."))
    return load_initiative(key)


def _status_context(request: HttpRequest, user: User, kommune: str) -> dict[str, Any]:
    today = timezone.localdate()
    initiative = _initiative(request)
    status = selectors.status(
        kommune,
        initiative=initiative,
        today=today,
        grant=grant_terms(kommune, initiative.key),
    )
    shown = [i.key for i in initiatives_of(kommune)]
    return {
        "status": status,
        "kommune_navn": navn(kommune),
        "trend_chart": charts.trend_chart(status.trend, status.trend_indicator),
        "can_edit": user.role == Role.PROJEKTLEDER,
        # Both initiatives where the municipality has both (Viborg); the one asked for always.
        "initiatives": [
            load_initiative(k) for k in INITIATIVE_KEYS if k in shown or k == initiative.key
        ],
    }


def _status_page(
    request: HttpRequest,
    user: User,
    kommune: str,
    *,
    meeting_form: MeetingForm | None = None,
    cadence_forms: dict[int, CadenceForm] | None = None,
    group_form: GroupForm | None = None,
) -> HttpResponse:
    context = _status_context(request, user, kommune)
    groups = [g.group for g in context["status"].groups]
    cadence_forms = cadence_forms or {}
    context["meeting_form"] = meeting_form or MeetingForm(
        groups=groups, initial={"held_on": timezone.localdate()}
    )
    context["cadence_forms"] = [
        (
            g,
            cadence_forms.get(g.pk)
            or CadenceForm(
                initial={
                    "start": g.start,
                    "every": g.every,
                    "unit": g.unit,
                    "startup_every": g.startup_every,
                    "startup_months": g.startup_months,
                },
                prefix=f"g{g.pk}",
            ),
        )
        for g in groups
    ]
    context["group_form"] = group_form or GroupForm(
        initial={"start": timezone.localdate(), "every": 4, "unit": "uge", "startup_months": 0},
        prefix="ny",
    )
    return render(request, "styregruppe/status.html", context)


@login_required
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    user, kommune = _leader(request)
    return _status_page(request, user, kommune)


@login_required
@require_GET
def status_pdf(request: HttpRequest) -> HttpResponse:
    user, kommune = _leader(request)
    context = _status_context(request, user, kommune)
    html = render_to_string("styregruppe/status_print.html", context, request=request)
    response = HttpResponse(pdf.render(html), content_type="application/pdf")
    status = context["status"]
    filename = f"styregruppe-{kommune}-{status.initiative.key}-{status.quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def meeting(request: HttpRequest) -> HttpResponse:
    user, kommune = _leader(request)
    groups = list(MeetingGroup.objects.filter(kommune_id=kommune))
    form = MeetingForm(request.POST, groups=groups)
    if not form.is_valid():
        return _status_page(request, user, kommune, meeting_form=form)
    services.record_meeting(
        actor=user,
        group=form.cleaned_data.get("group"),
        held_on=form.cleaned_data["held_on"],
        notes=form.cleaned_data["notes"],
        decisions=form.cleaned_data["decisions"],
    )
    messages.success(request, _("Mødet er registreret."))
    return redirect("styregruppe:status")


@login_required
@require_POST
def cadence(request: HttpRequest, pk: int) -> HttpResponse:
    user, kommune = _projektleder(request)
    group = get_object_or_404(MeetingGroup, pk=pk, kommune_id=kommune)
    form = CadenceForm(request.POST, prefix=f"g{group.pk}")
    if not form.is_valid():
        return _status_page(request, user, kommune, cadence_forms={group.pk: form})
    services.update_cadence(actor=user, group=group, **form.cleaned_data)
    messages.success(request, _("Mødekadencen er gemt."))
    return redirect("styregruppe:status")


@login_required
@require_POST
def group(request: HttpRequest) -> HttpResponse:
    user, kommune = _projektleder(request)
    form = GroupForm(request.POST, prefix="ny")
    if form.is_valid():
        try:
            services.create_group(actor=user, **form.cleaned_data)
        except ValidationError as error:
            # The one rule the form cannot see: a name the municipality already uses.
            form.add_error(None, error)
        else:
            messages.success(request, _("Gruppen er oprettet."))
            return redirect("styregruppe:status")
    return _status_page(request, user, kommune, group_form=form)


def _business_case_page(
    request: HttpRequest,
    user: User,
    kommune: str,
    *,
    investment_form: InvestmentForm | None = None,
    rate_form: RateForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    case = selectors.business_case_for(kommune, today=today)
    return render(
        request,
        "styregruppe/business_case.html",
        {
            "case": case,
            "chart": charts.business_case_chart(case.rows),
            "kommune_navn": navn(kommune),
            "can_edit": user.role == Role.PROJEKTLEDER,
            "investment_form": investment_form or InvestmentForm(initial={"year": today.year}),
            "rate_form": rate_form or RateForm(),
        },
    )


@login_required
@require_GET
def business_case(request: HttpRequest) -> HttpResponse:
    user, kommune = _leader(request)
    return _business_case_page(request, user, kommune)


@login_required
@require_POST
def investment(request: HttpRequest) -> HttpResponse:
    user, kommune = _projektleder(request)
    form = InvestmentForm(request.POST)
    if not form.is_valid():
        return _business_case_page(request, user, kommune, investment_form=form)
    services.save_investment(actor=user, **form.cleaned_data)
    messages.success(request, _("Investeringen er gemt."))
    return redirect("styregruppe:business-case")


@login_required
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    user, kommune = _projektleder(request)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _business_case_page(request, user, kommune, rate_form=form)
    services.save_rate(actor=user, **form.cleaned_data)
    messages.success(request, _("Satsen er gemt."))
    return redirect("styregruppe:business-case")
