"""Overblik: the indicators of the job centre, a team or a jobformidler; the citizens behind a
figure; the municipality's goals.

A leader may look at every level and unit (figures are aggregates); a jobformidler sees their
own figures; STAR has its own screens. The citizens behind a figure are those of the stored
computation the figure came from, shown only where the login may see them (borgere.access),
and the look is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, record_list
from fremdrift.borgere.access import can_see_people, visible_borgere
from fremdrift.borgere.charts import BarChart, bar_chart
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.selectors import number
from fremdrift.engine.definitions import INITIATIVE_KEYS, Initiative, load_initiative
from fremdrift.engine.members import LEVELS, PARTS, Level
from fremdrift.organisation.models import Role, User
from fremdrift.organisation.views import logged_in_user
from fremdrift.overblik import daily, selectors
from fremdrift.overblik.models import DailyFigures, Goal
from fremdrift.overblik.selectors import NONE_UNIT
from fremdrift.overblik.services import set_goal

PAGE_SIZE = 100


def _user(request: HttpRequest, view: str) -> User:
    user = logged_in_user(request)
    if not can_see_people(user):
        record(actor=user, action=Action.DENIED, view=view)
        raise PermissionDenied
    return user


def _initiative(key: str | None, offered: list[Initiative]) -> Initiative:
    for initiative in offered:
        if initiative.key == (key or "fsm2"):
            return initiative
    raise Http404


def _scope(request: HttpRequest, user: User) -> tuple[Level, str | None, bool]:
    """The level and unit asked for (a leader's own team or self when none is named); a
    jobformidler always gets their own."""
    if user.role == Role.JOBFORMIDLER:
        if user.medarbejder is None:
            raise PermissionDenied(_("Dit login er ikke knyttet til en medarbejder."))
        return "jobformidler", user.medarbejder.medarbejder_id, True
    level = request.GET.get("niveau") or selectors.default_level(user)
    if level not in LEVELS:
        raise Http404
    if level == "kommune":
        return level, None, True
    unit = request.GET.get("enhed")
    if not unit:
        own = selectors.own_unit(user, level)
        return level, own, own is not None
    return level, None if unit == NONE_UNIT else unit, True


@dataclass(frozen=True)
class Cell:
    """A count on the page, linked to the citizens behind it when there are any."""

    n: int
    url: str
    label: str  # what the link says to a screen reader besides the number


@dataclass(frozen=True)
class Line:
    row: selectors.IndicatorRow
    taeller: Cell
    naevner: Cell
    uden: Cell
    fritaget: Cell
    chart: BarChart


def _lines(board: selectors.Dashboard, query: str) -> list[Line]:
    month = board.month.strftime("%Y-%m")
    spoken = {
        "taeller": _("borgere i tælleren"),
        "naevner": _("borgere i nævneren"),
        "uden": _("borgere i nævneren, men ikke i tælleren"),
        "fritaget": _("fritagne borgere"),
    }

    def cell(row: selectors.IndicatorRow, part: str, n: int) -> Cell:
        args = [board.initiative.key, row.indicator.key, month, part]
        url = f"{reverse('overblik:borgere', args=args)}?{query}" if n else ""
        return Cell(n, url, f"{spoken[part]}: {row.indicator.navn}")

    return [
        Line(
            row=row,
            taeller=cell(row, "taeller", row.figure.numerator),
            naevner=cell(row, "naevner", row.figure.denominator),
            uden=cell(row, "uden", row.figure.uden),
            fritaget=cell(row, "fritaget", row.figure.exempt),
            chart=_trend_chart(row),
        )
        for row in board.rows
    ]


@login_required
@require_GET
def overblik(request: HttpRequest) -> HttpResponse:
    user = _user(request, "overblik:index")
    assert user.kommune is not None
    initiatives = selectors.initiatives_of(user.kommune.kode)
    initiative = _initiative(request.GET.get("initiativ"), initiatives)
    level, unit, given = _scope(request, user)
    board = selectors.dashboard(
        kommunekode=user.kommune.kode,
        initiative=initiative,
        level=level,
        unit=unit,
        unit_given=given,
        today=timezone.localdate(),
        kommune_navn=user.kommune.navn,
    )
    query = {"niveau": board.level, "enhed": board.unit_value}
    return render(
        request,
        "overblik/index.html",
        {
            "board": board,
            "lines": _lines(board, urlencode({k: v for k, v in query.items() if v})),
            "initiatives": initiatives,
            "can_switch": user.is_leader,
            "can_set_goals": user.role == Role.PROJEKTLEDER,
            "levels": [
                ("kommune", _("Jobcenter")),
                ("team", _("Team")),
                ("jobformidler", _("Jobformidler")),
            ],
        },
    )


def _trend_chart(row: selectors.IndicatorRow) -> BarChart:
    return bar_chart(
        [(m, None if f.share is None else round(Decimal(f.share * 100), 1)) for m, f in row.trend],
        target=row.goal,
        unit="%",
        missing_text=_("ingen i nævneren"),
        target_text=_("Mål: %s %%"),
        number=number,
    )


@login_required
@require_GET
def borgere(
    request: HttpRequest, initiative: str, indicator: str, month: str, part: str
) -> HttpResponse:
    """The citizens behind one figure: taeller, naevner, uden (naevner, not taeller), fritaget."""
    user = _user(request, "overblik:borgere")
    assert user.kommune is not None
    definition = _initiative(initiative, selectors.initiatives_of(user.kommune.kode))
    if part not in PARTS or indicator not in {
        i.key for i in definition.indicators if i.ratio is not None
    }:
        raise Http404
    level, unit, _given = _scope(request, user)
    if level == "kommune":
        unit = user.kommune.kode
    stored = daily.current(user.kommune.kode, initiative=initiative, today=timezone.localdate())
    try:
        drill = stored.drill
    except DailyFigures.DoesNotExist:  # recomputed by another request just now
        drill = daily.current(
            user.kommune.kode, initiative=initiative, today=timezone.localdate()
        ).drill
    try:
        person_ids = drill.person_ids(
            indicator=indicator, part=part, month=month, level=level, unit=unit
        )
    except ValueError:
        raise Http404 from None  # a month outside the stored ones
    shown = (
        visible_borgere(user)
        .filter(kommune_id=user.kommune.kode, person_id__in=person_ids)
        .order_by("navn", "pk")
    )
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("side"))
    record_list(actor=user, view="overblik:borgere", borger_ids=(b.pk for b in page.object_list))
    rows = [{"pk": b.pk, "navn": b.navn, "cpr": masked(b.person_id)} for b in page.object_list]
    names = selectors.jobformidler_names(user.kommune.kode)
    back = {"initiativ": initiative, "niveau": level}
    if level != "kommune":
        back["enhed"] = NONE_UNIT if unit is None else unit
    return render(
        request,
        "overblik/borgere.html",
        {
            "indicator": definition.indicator(indicator),
            "initiative": definition,
            "month": month,
            "part": part,
            "figure": len(person_ids),
            "page": page,
            "rows": rows,
            "unit_label": selectors.unit_label(level, unit, user.kommune.navn, names),
            "back": reverse("overblik:index") + "?" + urlencode(back),
            "query": urlencode({k: v for k, v in back.items() if k != "initiativ"}),
        },
    )


class GoalForm(forms.Form):
    """One optional share in per cent per indicator of the initiative."""

    def __init__(self, *args: object, initiative: Initiative, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for ind in initiative.indicators:
            if ind.ratio is not None:
                self.fields[ind.key] = forms.DecimalField(
                    label=ind.navn,
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(100),
                    decimal_places=1,
                    max_digits=4,
                    localize=True,
                    help_text=_("Mål i procent, fx 20 eller 12,5. Tomt: intet mål."),
                )


@login_required
@require_http_methods(["GET", "POST"])
def maal(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if user.role != Role.PROJEKTLEDER or user.kommune_id is None:
        record(actor=user, action=Action.DENIED, view="overblik:maal")
        raise PermissionDenied(_("Kun projektlederen sætter kommunens mål."))
    key = request.GET.get("initiativ") or request.POST.get("initiativ") or "fsm2"
    if key not in INITIATIVE_KEYS:
        raise Http404
    initiative = load_initiative(key)
    current = dict(
        Goal.objects.filter(kommune_id=user.kommune_id, initiative=key).values_list(
            "indicator", "target"
        )
    )
    data = request.POST if request.method == "POST" else None
    form = GoalForm(data, initiative=initiative, initial=current)
    if request.method == "POST" and form.is_valid():
        for indicator, target in form.cleaned_data.items():
            set_goal(actor=user, initiative=key, indicator=indicator, target=target)
        messages.success(request, _("Kommunens mål er gemt."))
        return redirect(reverse("overblik:index") + "?" + urlencode({"initiativ": key}))
    return render(request, "overblik/maal.html", {"form": form, "initiative": initiative})
