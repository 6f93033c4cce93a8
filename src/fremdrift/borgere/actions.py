"""The Borgerside's actions: each a small form posted to its own route (POST only).

A view here is thin: it opens the citizen as the page does (the access rule, one audit event),
parses its form, calls the service and shows the result. The service checks everything else,
writes the change with its own audit event, and refuses with a Danish `ValidationError` keyed
by field, which goes next to that field with the user's input kept.

With htmx the answer is the changed section (and the timeline, out of band); without
JavaScript it is a redirect back to the page after a write, or the whole page with the errors.
A write after which the user no longer sees the citizen (they gave the case to a colleague)
ends on the list of citizens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fremdrift.borgere import services as borger_services
from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.forms import (
    AfslutMarkeringForm,
    AftaleForm,
    JobformidlerForm,
    KontaktForm,
    MarkeringForm,
    TimerForm,
    TrinForm,
    add_service_error,
)
from fremdrift.borgere.labels import label
from fremdrift.borgere.models import Borger, Markering
from fremdrift.borgere.selectors import (
    AftaleOverview,
    aftale_overview,
    jobformidler_choices,
    number,
    registrable_months,
    working_initiativ,
)
from fremdrift.borgere.views import Flash, borgerside_context, open_borger
from fremdrift.indsats import services as indsats_services
from fremdrift.indsats.models import Trin
from fremdrift.indsats.services import fmt
from fremdrift.organisation.models import Medarbejder
from fremdrift.organisation.views import logged_in_user
from fremdrift.virksomheder import services as virksomhed_services
from fremdrift.virksomheder.models import Aftale
from fremdrift.virksomheder.selectors import resolve_virksomhed

Write = Callable[[dict[str, Any]], Flash]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _respond(
    request: HttpRequest, borger: Borger, *, section: str, form: forms.Form, write: Write
) -> HttpResponse:
    """Call the service with the parsed form and answer; a refusal shows the form again."""
    if form.is_valid():
        try:
            flash = write(form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return _done(request, borger.pk, section=section, flash=flash)
    assert form.prefix is not None
    context = borgerside_context(request, borger, bound={form.prefix: form})
    if _is_htmx(request):
        return render(request, f"borgere/_section_{section}.html", context)
    return render(request, "borgere/detail.html", context)


def _done(request: HttpRequest, pk: int, *, section: str, flash: Flash) -> HttpResponse:
    user = logged_in_user(request)
    # Read again after the write; the instance the action used may hold prefetched rows.
    borger = visible_borgere(user).filter(pk=pk).first()
    if borger is None:
        messages.success(request, flash.message)
        if flash.warning:
            messages.warning(request, flash.warning)
        messages.info(request, _("Borgeren er ikke længere på din liste."))
        return _redirect(request, reverse("borgere:list"))
    if _is_htmx(request):
        context = borgerside_context(request, borger, flash={section: flash})
        html = render_to_string(f"borgere/_section_{section}.html", context, request)
        html += render_to_string("borgere/_tidslinje.html", {**context, "oob": True}, request)
        return HttpResponse(html)
    messages.success(request, flash.message)
    if flash.warning:
        messages.warning(request, flash.warning)
    return _redirect(request, reverse("borgere:detail", args=[pk]) + f"#{section}")


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


# --- Trin og kontakt -----------------------------------------------------------------------------


@login_required
@require_POST
def kontakt(request: HttpRequest, pk: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:kontakt")
    user = logged_in_user(request)

    def write(data: dict[str, Any]) -> Flash:
        contact = indsats_services.record_contact(actor=user, borger=borger, **data)
        return Flash(
            _("Kontakten (%(form)s) den %(dato)s er registreret.")
            % {"form": contact.get_form_display().lower(), "dato": fmt(contact.dato)}
        )

    return _respond(request, borger, section="trin", form=KontaktForm(request.POST), write=write)


@login_required
@require_POST
def trin(request: HttpRequest, pk: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:trin")
    user = logged_in_user(request)

    def write(data: dict[str, Any]) -> Flash:
        step = indsats_services.start_step(
            actor=user,
            borger=borger,
            initiativ=working_initiativ(borger=borger, today=timezone.localdate()),
            trin=data["trin"],
            start=data["start"],
        )
        moved = _("Borgeren er på %(trin)s fra %(dato)s.") % {
            "trin": Trin(step.trin).label,
            "dato": fmt(step.start),
        }
        deadline = (
            _("Ny frist: %(frist)s.") % {"frist": fmt(step.frist)}
            if step.frist
            else _("Trinnet har ingen frist.")
        )
        return Flash(f"{moved} {deadline}")

    return _respond(request, borger, section="trin", form=TrinForm(request.POST), write=write)


# --- Markeringer ---------------------------------------------------------------------------------


@login_required
@require_POST
def markering(request: HttpRequest, pk: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:markering")
    user = logged_in_user(request)

    def write(data: dict[str, Any]) -> Flash:
        marking = borger_services.add_marking(actor=user, borger=borger, **data)
        return Flash(
            _("Markeringen %(markering)s er tilføjet fra %(dato)s.")
            % {"markering": label(marking.markering), "dato": fmt(marking.start)}
        )

    return _respond(
        request, borger, section="markeringer", form=MarkeringForm(request.POST), write=write
    )


@login_required
@require_POST
def markering_afslut(request: HttpRequest, pk: int, markering_id: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:markering-afslut")
    user = logged_in_user(request)
    marking = get_object_or_404(Markering, pk=markering_id, borger=borger)

    def write(data: dict[str, Any]) -> Flash:
        ended = borger_services.end_marking(actor=user, markering=marking, slut=data["slut"])
        return Flash(
            _("Markeringen %(markering)s er afsluttet %(dato)s.")
            % {"markering": label(ended.markering), "dato": fmt(data["slut"])}
        )

    form = AfslutMarkeringForm(request.POST, markering_id=marking.pk)
    return _respond(request, borger, section="markeringer", form=form, write=write)


# --- Jobformidler --------------------------------------------------------------------------------


@login_required
@require_POST
def jobformidler(request: HttpRequest, pk: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:jobformidler")
    user = logged_in_user(request)
    initiativ = working_initiativ(borger=borger, today=timezone.localdate())
    staff = jobformidler_choices(
        kommune_id=borger.kommune_id, initiativ=initiativ, today=timezone.localdate()
    )
    form = JobformidlerForm(
        request.POST,
        choices=[(c.medarbejder.pk, str(c.medarbejder)) for c in staff],
        leader=user.is_leader,
    )

    def write(data: dict[str, Any]) -> Flash:
        medarbejder = Medarbejder.objects.get(pk=data["medarbejder"], kommune_id=borger.kommune_id)
        assignment = borger_services.assign_jobformidler(
            actor=user,
            borger=borger,
            medarbejder=medarbejder,
            start=data["start"],
            initiativ=initiativ,
            override_reason=data.get("override_reason", ""),
        )
        return Flash(
            _("%(navn)s er borgerens jobformidler fra %(dato)s (%(antal)d af %(loft)d borgere).")
            % {
                "navn": medarbejder,
                "dato": fmt(assignment.markering.start),
                "antal": assignment.caseload,
                "loft": assignment.cap,
            },
            warning=assignment.warning,
        )

    return _respond(request, borger, section="jobformidler", form=form, write=write)


# --- Aftaler og timer ----------------------------------------------------------------------------


@login_required
@require_POST
def aftale(request: HttpRequest, pk: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:aftale")
    user = logged_in_user(request)
    form = AftaleForm(request.POST)

    def write(data: dict[str, Any]) -> Flash:
        # The company typed (CVR number or name), among the municipality's; refused next to
        # the field when none or several match. Empty: no company (the service says if the
        # type of agreement needs one).
        virksomhed = resolve_virksomhed(kommune_id=borger.kommune_id, text=data["virksomhed"])
        agreement = virksomhed_services.register_aftale(
            actor=user, borger=borger, **{**data, "virksomhed": virksomhed}
        )
        return Flash(
            _("Aftalen (%(type)s) fra %(dato)s er registreret.")
            % {"type": agreement.get_aktivitet_display().lower(), "dato": fmt(agreement.start)}
        )

    return _respond(request, borger, section="aftaler", form=form, write=write)


@login_required
@require_POST
def aftale_timer(request: HttpRequest, pk: int, aftale_id: int) -> HttpResponse:
    borger = open_borger(request, pk, view="borgere:aftale-timer")
    user = logged_in_user(request)
    agreement = get_object_or_404(Aftale, pk=aftale_id, borger=borger)
    today = timezone.localdate()
    overview: AftaleOverview = aftale_overview(agreement, today)
    form = TimerForm(
        request.POST, aftale_id=agreement.pk, months=registrable_months(overview, today)
    )

    def write(data: dict[str, Any]) -> Flash:
        maaned: date = data["maaned"]
        row = virksomhed_services.register_timer(
            actor=user, aftale=agreement, maaned=maaned, timer=data["timer"]
        )
        return Flash(
            _("%(timer)s timer i %(maaned)s er registreret.")
            % {"timer": number(row.timer), "maaned": dateformat.format(maaned, "F Y")}
        )

    return _respond(request, borger, section="aftaler", form=form, write=write)
