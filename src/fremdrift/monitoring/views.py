"""Opfølgning: STAR's work queue, a municipality's follow-up page, and the grants' statements.

- the work queue (STAR): the municipalities flagged in the latest release of an initiative, with
  the reasons in words and the latest note;
- a municipality's page (STAR): each requirement indicator's last 12 months against its
  requirement, the payout forecast as a chart and a table, the notes, and a note to add;
- the grants (STAR: every grant; a municipality's teamleder and projektleder: their own) and a
  grant's statement: the rule, the thresholds, the best month with its counts, the amounts;
  STAR corrects the grant (amount, period) and records the documented costs and rate 1.

Every figure comes from the latest frozen release; nothing here reads or shows a citizen.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.monitoring.access import can_see_grants, is_star, require, visible_grants
from fremdrift.monitoring.charts import MONTHS_SEEN, forecast_chart
from fremdrift.monitoring.explain import missing_sentence, outlook_sentences, warning_sentence
from fremdrift.monitoring.forms import GrantForm, NoteForm
from fremdrift.monitoring.selectors import (
    Released,
    kommune_follow_up,
    released,
    statement,
    work_queue,
)
from fremdrift.monitoring.services import add_note, update_grant
from fremdrift.numbers import kroner
from fremdrift.organisation.models import Kommune
from fremdrift.organisation.views import logged_in_user


def _initiative(key: str) -> str:
    if key not in INITIATIVE_KEYS:
        raise Http404
    return key


def _navn(data: Released, key: str) -> str:
    return data.initiative.indicator(key).navn


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    require(is_star(user), actor=user, view="monitoring:queue")
    initiative = request.GET.get("initiativ", INITIATIVE_KEYS[0])
    if initiative not in INITIATIVE_KEYS:
        initiative = INITIATIVE_KEYS[0]
    data = released(initiative)
    rows = []
    if data is not None:
        for flag in work_queue(data):
            reasons = [missing_sentence(data.month)] if flag.missing else []
            reasons += [warning_sentence(w, _navn(data, w.indicator)) for w in flag.warnings]
            if flag.at_risk is not None:
                reasons += outlook_sentences(flag.at_risk, flag.kommune.navn)
            rows.append({"flag": flag, "reasons": reasons})
    return render(
        request,
        "monitoring/queue.html",
        {"data": data, "rows": rows, "initiative": initiative, "initiatives": INITIATIVE_KEYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def kommune(request: HttpRequest, initiative: str, kode: str) -> HttpResponse:
    user = logged_in_user(request)
    require(is_star(user), actor=user, view="monitoring:kommune")
    initiative = _initiative(initiative)
    the_kommune = get_object_or_404(Kommune, kode=kode)
    data = released(initiative)
    form = NoteForm(request.POST or None)
    if data is not None and request.method == "POST" and form.is_valid():
        try:
            add_note(
                actor=user,
                kommune_id=the_kommune.kode,
                initiative=initiative,
                month=data.month,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Opfølgningen er gemt."))
            return redirect("monitoring:kommune", initiative=initiative, kode=the_kommune.kode)
    context: dict[str, object] = {
        "kommune": the_kommune,
        "initiative": initiative,
        "data": data,
        "form": form,
    }
    if data is not None:
        follow = kommune_follow_up(data, the_kommune)
        context.update(
            follow=follow,
            warnings=([missing_sentence(data.month)] if follow.missing else [])
            + [warning_sentence(i.warning, i.navn) for i in follow.indicators if i.warning],
            sentences=outlook_sentences(follow.outlook, the_kommune.navn) if follow.outlook else [],
            chart=forecast_chart(follow.outlook) if follow.outlook else None,
            history=[
                (*h, h[1] / h[2] if h[2] else None)
                for h in (follow.outlook.history[-MONTHS_SEEN:] if follow.outlook else ())
            ],
        )
    return render(request, "monitoring/kommune.html", context)


@login_required
@require_GET
def grants(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    require(can_see_grants(user), actor=user, view="monitoring:grants")
    shown = list(visible_grants(user))
    # One release per initiative, however many grants it has.
    data = {initiative: released(initiative) for initiative in {g.initiative for g in shown}}
    statements = [
        statement(g, data[g.initiative], own_figures=g.kommune_id == user.kommune_id) for g in shown
    ]
    return render(request, "monitoring/grants.html", {"statements": statements})


@login_required
@require_http_methods(["GET", "POST"])
def grant(request: HttpRequest, initiative: str, kode: str) -> HttpResponse:
    user = logged_in_user(request)
    require(can_see_grants(user), actor=user, view="monitoring:grant")
    the_grant = visible_grants(user).filter(initiative=_initiative(initiative), kommune_id=kode)
    found = the_grant.first()
    if found is None:
        raise Http404
    form: Form | None = None
    if is_star(user):
        # As the page writes kroner, so that saving again unchanged keeps the amounts.
        initial = {
            "amount": kroner(found.amount),
            "period_from": found.period_from,
            "period_to": found.period_to,
            "costs_documented": kroner(found.costs_documented)
            if found.costs_documented is not None
            else "",
            "rate1_paid": found.rate1_paid,
        }
        form = GrantForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                update_grant(actor=user, grant=found, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Tilskuddet er gemt."))
                return redirect("monitoring:grant", initiative=initiative, kode=kode)
    elif request.method == "POST":
        require(False, actor=user, view="monitoring:grant")
    return render(
        request,
        "monitoring/grant.html",
        {
            "s": statement(
                found,
                released(found.initiative),
                own_figures=found.kommune_id == user.kommune_id,
            ),
            "form": form,
        },
    )
