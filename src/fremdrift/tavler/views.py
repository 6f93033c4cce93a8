"""Indsatsmodellen, Tavler and Sagsstammer: thin views over the selectors and services.

Every list of citizens is `visible_borgere` narrowed by the team (`scope`), and every screen that
names citizens logs one event naming them (`audit.services.record_list`); the counts alone name
nobody. CPR numbers are shown masked and citizens are addressed by surrogate key. A move works as
a plain form POST and redirect, and htmx swaps only the boards when JavaScript is there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, record_list
from fremdrift.borgere.access import can_see_people
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.labels import label
from fremdrift.borgere.models import Borger
from fremdrift.borgere.selectors import borger_for_view
from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.indsats.selectors import sagsstamme_medarbejdere
from fremdrift.indsats.services import fmt
from fremdrift.indsats.workdays import working_days_between
from fremdrift.numbers import number
from fremdrift.organisation.models import Medarbejder, User
from fremdrift.organisation.views import logged_in_user
from fremdrift.tavler import boards as board_selectors
from fremdrift.tavler import caseloads as caseload_selectors
from fremdrift.tavler import indsatsmodel
from fremdrift.tavler.charts import hbar_chart
from fremdrift.tavler.forms import FlytForm, SagsstammeFlytForm
from fremdrift.tavler.models import Tavle
from fremdrift.tavler.scope import TeamNotAllowedError, TeamScope, scoped_borgere, team_scope
from fremdrift.tavler.services import move_caseload, move_to_board, place_suggested


def _days(n: float | None) -> str:
    return "" if n is None else number(n, 1 if n % 1 else 0)


def _require(user: User, allowed: bool, view: str) -> None:
    if not allowed:
        record(actor=user, action=Action.DENIED, view=view)
        raise PermissionDenied


def _scope(
    request: HttpRequest, user: User, view: str, source: Any = None, *, all_by_default: bool = True
) -> TeamScope:
    params = source if source is not None else request.GET
    try:
        return team_scope(user, params.get("team"), all_by_default=all_by_default)
    except TeamNotAllowedError:
        record(actor=user, action=Action.DENIED, view=view)
        raise Http404 from None


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    path = reverse(name)
    return f"{path}?{query}" if query else path


def _person(b: Borger) -> dict[str, Any]:
    return {"pk": b.pk, "navn": b.navn, "cpr": masked(b.person_id)}


# --- Indsatsmodellen ----------------------------------------------------------------------------


def _initiativ(request: HttpRequest) -> str:
    initiativ = request.GET.get("initiativ") or "fsm2"
    if initiativ not in INITIATIVE_KEYS:
        raise Http404
    return initiativ


def _model_rows(
    request: HttpRequest, user: User, view: str
) -> tuple[TeamScope, str, list[indsatsmodel.ModelRow]]:
    _require(user, user.is_leader, view)
    scope = _scope(request, user, view)
    initiativ = _initiativ(request)
    today = timezone.localdate()
    population = indsatsmodel.indsatsgruppe(
        scoped_borgere(user, scope, day=today), initiativ=initiativ, day=today
    )
    return scope, initiativ, indsatsmodel.model_rows(population, today=today)


@login_required
@require_GET
def indsatsmodellen(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    scope, initiativ, rows = _model_rows(request, user, "tavler:indsatsmodellen")
    today = timezone.localdate()
    figures = indsatsmodel.figures(rows, today=today)

    def link(key: str, udvalg: str) -> str:
        return _url(
            "tavler:indsatsmodellen-borgere",
            team=scope.param,
            initiativ=initiativ,
            element=key,
            udvalg=udvalg,
        )

    lines = [
        {
            "key": f.element.key,
            "label": f.element.label,
            "kind": f.element.kind,
            "count": number(f.count),
            "count_url": link(f.element.key, "alle"),
            "without": number(f.without),
            "without_url": link(f.element.key, "uden"),
            "overdue": f.overdue,
            "overdue_text": number(f.overdue) if f.overdue is not None else "",
            "overdue_url": link(f.element.key, "overskredet"),
            "overdue_rule": f.element.overdue_rule,
            "median": _days(f.median_days),
            "longest": _days(f.longest_days),
        }
        for f in figures
    ]
    context = {
        "scope": scope,
        "initiativ": initiativ,
        "initiativer": [(key, label(key)) for key in INITIATIVE_KEYS],
        "total": number(len(rows)),
        "steps": [line for line in lines if line["kind"] == "trin"],
        "elements": [line for line in lines if line["kind"] == "kerneelement"],
        "chart": hbar_chart([(str(f.element.label), f.count) for f in figures], number=number),
        "today": today,
    }
    return render(request, "tavler/indsatsmodellen.html", context)


@login_required
@require_GET
def indsatsmodellen_borgere(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    view = "tavler:indsatsmodellen-borgere"
    element = indsatsmodel.ELEMENTS_BY_KEY.get(request.GET.get("element", ""))
    udvalg = request.GET.get("udvalg") or "alle"
    if element is None or udvalg not in indsatsmodel.SELECTIONS:
        _require(user, user.is_leader, view)
        raise Http404
    scope, initiativ, rows = _model_rows(request, user, view)
    today = timezone.localdate()
    shown = [r for r in rows if indsatsmodel.selected(element, udvalg, r)]
    shown.sort(key=lambda r: (not r.borger.navn, r.borger.navn.casefold(), r.borger.pk))
    record_list(actor=user, view=view, borger_ids=(r.borger.pk for r in shown))
    people = []
    for r in shown:
        since = element.since(r)
        status = r.sagsstamme.status
        people.append(
            {
                **_person(r.borger),
                "trin": status.trin,
                "frist": status.frist,
                "days_overdue": -status.days_left
                if status.days_left is not None and status.days_left < 0
                else 0,
                "since": since,
                "days": working_days_between(since, today)
                if since is not None and since <= today
                else None,
                "overdue": element.overdue is not None and element.overdue(r),
            }
        )
    context = {
        "element": element,
        "udvalg": udvalg,
        "people": people,
        "back_url": _url("tavler:indsatsmodellen", team=scope.param, initiativ=initiativ),
        "scope": scope,
        "initiativ_label": label(initiativ),
    }
    return render(request, "tavler/indsatsmodellen_borgere.html", context)


# --- Tavler -------------------------------------------------------------------------------------


def _boards_context(request: HttpRequest, user: User, scope: TeamScope) -> dict[str, Any]:
    today = timezone.localdate()
    result = board_selectors.boards(
        user=user, borgere=scoped_borgere(user, scope, day=today), today=today
    )
    record_list(actor=user, view="tavler:tavler", borger_ids=result.borger_ids)
    return {
        "scope": scope,
        "result": result,
        "tavler": Tavle.choices,
        "is_leader": user.is_leader,
    }


def _render_boards(request: HttpRequest, context: dict[str, Any], *, partial: bool) -> HttpResponse:
    template = "tavler/_tavler.html" if partial else "tavler/tavler.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def _boards_url(scope: TeamScope) -> str:
    # The team kept even when empty: "" is all teams, no parameter the first team.
    return f"{reverse('tavler:tavler')}?{urlencode({'team': scope.param})}"


@login_required
@require_GET
def tavler(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    _require(user, can_see_people(user), "tavler:tavler")
    scope = _scope(request, user, "tavler:tavler", all_by_default=False)
    return _render_boards(request, _boards_context(request, user, scope), partial=_htmx(request))


@login_required
@require_POST
def flyt(request: HttpRequest, pk: int) -> HttpResponse:
    user = logged_in_user(request)
    view = "tavler:flyt"
    _require(user, can_see_people(user), view)
    scope = _scope(request, user, view, request.POST, all_by_default=False)
    try:
        borger = borger_for_view(user=user, borger_id=pk, view=view)
    except Borger.DoesNotExist:
        raise Http404 from None
    who = borger.navn or masked(borger.person_id)
    form = FlytForm(request.POST)
    error = ""
    done = ""
    if form.is_valid():
        try:
            move = move_to_board(
                actor=user,
                borger=borger,
                tavle=form.cleaned_data["tavle"],
                note=form.cleaned_data["note"],
            )
            done = _("%(navn)s er flyttet til %(tavle)s.") % {
                "navn": who,
                "tavle": Tavle(move.tavle).label,
            }
        except ValidationError as e:
            error = " ".join(e.messages)
    else:
        error = " ".join(str(m) for errors in form.errors.values() for m in errors)
    if error:
        error = _("%(navn)s blev ikke flyttet: %(fejl)s") % {"navn": who, "fejl": error}
    if _htmx(request):
        context = {**_boards_context(request, user, scope), "done": done, "error": error}
        return _render_boards(request, context, partial=True)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(_boards_url(scope))


@login_required
@require_POST
def placer_forslag(request: HttpRequest) -> HttpResponse:
    """Every citizen of the scope not yet on a board goes to the board suggested for them."""
    user = logged_in_user(request)
    view = "tavler:placer-forslag"
    _require(user, can_see_people(user), view)
    scope = _scope(request, user, view, request.POST, all_by_default=False)
    today = timezone.localdate()
    result = board_selectors.boards(
        user=user, borgere=scoped_borgere(user, scope, day=today), today=today
    )
    try:
        moves = place_suggested(
            actor=user,
            placements=[(c.borger, c.suggestion.tavle) for c in result.unplaced],
            note=_("Placeret efter forslaget"),
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(antal)d borger er placeret efter forslaget.",
                "%(antal)d borgere er placeret efter forslaget.",
                len(moves),
            )
            % {"antal": len(moves)},
        )
    return HttpResponseRedirect(_boards_url(scope))


# --- Sagsstammer --------------------------------------------------------------------------------

STATUS_LABELS = {
    "over": gettext_lazy("Over loftet"),
    "ved": gettext_lazy("Ved loftet"),
    "under": gettext_lazy("Under loftet"),
}


@login_required
@require_GET
def sagsstammer(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    view = "tavler:sagsstammer"
    _require(user, user.is_leader, view)
    scope = _scope(request, user, view)
    today = timezone.localdate()
    lines = caseload_selectors.caseloads(user=user, scope=scope, today=today)
    plan = caseload_selectors.rebalance([line.holder for line in lines])
    names = {line.holder.key: line.holder.name for line in lines}
    moved = Borger.objects.in_bulk([m.borger_id for m in plan.moves])
    record_list(actor=user, view=view, borger_ids=[m.borger_id for m in plan.moves])
    since = {c.borger_id: c.since for line in lines for c in line.holder.cases}
    context = {
        "scope": scope,
        "lines": [
            {
                "navn": line.holder.name,
                "team": line.medarbejder.team,
                "load": line.load,
                "cap": line.holder.cap,
                "status": line.status,
                "status_label": STATUS_LABELS[line.status],
                "difference": abs(line.load - line.holder.cap),
                "exclusive": label(line.exclusive_initiativ) if line.exclusive_initiativ else "",
                "left_over": plan.left_over.get(line.holder.key, 0),
                "url": _url("indsats:sagsstamme", medarbejder=line.medarbejder.pk),
            }
            for line in lines
        ],
        "over": sum(1 for line in lines if line.status == "over"),
        "moves": [
            {
                **_person(moved[m.borger_id]),
                "fra": names[m.from_key],
                "til": names[m.to_key],
                "til_pk": m.to_key,
                "since": since[m.borger_id],
            }
            for m in plan.moves
        ],
        "left_over": sum(plan.left_over.values()),
        "today": today,
    }
    return render(request, "tavler/sagsstammer.html", context)


@login_required
@require_POST
def sagsstammer_flyt(request: HttpRequest, pk: int) -> HttpResponse:
    user = logged_in_user(request)
    view = "tavler:sagsstammer-flyt"
    _require(user, user.is_leader, view)
    scope = _scope(request, user, view, request.POST)
    try:
        borger = borger_for_view(user=user, borger_id=pk, view=view)
    except Borger.DoesNotExist:
        raise Http404 from None
    who = borger.navn or masked(borger.person_id)
    staff: list[Medarbejder] = list(sagsstamme_medarbejdere(user))
    form = SagsstammeFlytForm(request.POST, medarbejdere=staff)
    back = _url("tavler:sagsstammer", team=scope.param)
    if not form.is_valid():
        errors = " ".join(str(m) for errs in form.errors.values() for m in errs)
        messages.error(
            request, _("%(navn)s blev ikke flyttet: %(fejl)s") % {"navn": who, "fejl": errors}
        )
        return HttpResponseRedirect(back)
    medarbejder = next(m for m in staff if m.pk == form.cleaned_data["medarbejder"])
    try:
        assignment = move_caseload(actor=user, borger=borger, medarbejder=medarbejder)
    except ValidationError as e:
        messages.error(
            request,
            _("%(navn)s blev ikke flyttet: %(fejl)s") % {"navn": who, "fejl": " ".join(e.messages)},
        )
        return HttpResponseRedirect(back)
    text = _(
        "%(navn)s har nu %(jobformidler)s som jobformidler fra %(dato)s "
        "(%(antal)d af %(loft)d borgere)."
    ) % {
        "navn": who,
        "jobformidler": medarbejder,
        "dato": fmt(assignment.markering.start),
        "antal": assignment.caseload,
        "loft": assignment.cap,
    }
    messages.success(request, f"{text} {assignment.warning}".strip())
    return HttpResponseRedirect(back)
