"""Visitation: deciding group 1, group 2 or an exemption for the citizens waiting for it.

Two queues, both of citizens the login may see (`visible_borgere`):
- *Målgruppen uden for initiativet*: FSM2's whole target group must be included, so every
  target-group citizen without a period in the initiative waits here. The queue should be empty.
- *Trin 1 over fristen*: citizens whose start clarification (trin 1) has passed its deadline
  (about one month) without a decision. An exempted citizen's deadline waits with them.

The decision for one citizen, in one transaction with the services' audit events:
- group 1: a period in group 1 (a group change if they were in group 2); a citizen on trin 1
  moves on to trin 2 (`indsats.services.start_step`);
- group 2: a period in group 2; a citizen on trin 1 has that step closed (rehabilitation lies
  outside the three steps);
- exemption: a fritagelse marking with its reason; a citizen not yet in the initiative enters
  it in group 1, since the exempted are counted in the indsatsgruppe (seed 003).

Every look at a queue writes one audit event naming the citizens shown. A decision is a form
POST: htmx swaps the citizen's row, and without JavaScript the browser is sent back to the
list (or, on a refusal, shown the one citizen's form with the reason next to the field).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, record_list
from fremdrift.borgere.access import can_see_people, require_visible, visible_borgere
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.labels import label
from fremdrift.borgere.models import Borger, Forloeb, Markering, Ydelse
from fremdrift.borgere.periods import not_ended_before, open_on
from fremdrift.borgere.selectors import (
    MAALGRUPPE_YDELSER,
    eligible_not_in_initiative,
)
from fremdrift.borgere.services import add_marking, start_forloeb
from fremdrift.borgere.visitation_forms import (
    Beslutning,
    VisitationForm,
    fritagelsesgrund_label,
)
from fremdrift.indsats.errors import refuse
from fremdrift.indsats.models import Step, Trin
from fremdrift.indsats.services import complete_step, fmt, start_step
from fremdrift.indsats.workdays import working_days_between
from fremdrift.organisation.models import User
from fremdrift.organisation.views import logged_in_user

# The target group queue is FSM2's (borgere.selectors.in_maalgruppe).
MAALGRUPPE_INITIATIV: Final = "fsm2"
# A decision is taken one row at a time; 20 rows a list keep the page quick to draw.
PAGE_SIZE: Final = 20
VIEW: Final = "visitation"


# --- Reads ---------------------------------------------------------------------------------------


def maalgruppe_queue(*, user: User, day: date) -> QuerySet[Borger]:
    """Target-group citizens outside FSM2, longest-waiting first, with the benefit that makes
    them eligible (`queue_ydelse`, `queue_siden`)."""
    benefit = Ydelse.objects.filter(
        open_on(day),
        borger=OuterRef("pk"),
        ydelse__in=MAALGRUPPE_YDELSER,
        visitation="aktivitetsparat",
        program="",
    ).order_by("start", "id")
    return (
        eligible_not_in_initiative(user=user, day=day, initiativ=MAALGRUPPE_INITIATIV)
        .annotate(
            queue_ydelse=Subquery(benefit.values("ydelse")[:1]),
            queue_siden=Subquery(benefit.values("start")[:1]),
        )
        .order_by("queue_siden", "pk")
    )


def _exempt_on(day: date) -> Exists:
    return Exists(
        Markering.objects.filter(open_on(day), borger=OuterRef("borger_id"), markering="fritagelse")
    )


def trin1_queue(*, user: User, day: date) -> QuerySet[Step]:
    """Open trin-1 steps past their deadline on `day` of citizens the user may see, most overdue
    first, without those exempted on `day`; `queue_gruppe` is the citizen's current group."""
    group = (
        Forloeb.objects.filter(
            open_on(day), borger=OuterRef("borger_id"), initiativ=OuterRef("initiativ")
        )
        .order_by("-start", "-id")
        .values("gruppe")[:1]
    )
    return (
        Step.objects.filter(
            trin=Trin.STARTAFKLARING,
            afsluttet__isnull=True,
            frist__lt=day,
            borger__in=visible_borgere(user, day=day),
        )
        .exclude(_exempt_on(day))
        .select_related("borger")
        .annotate(queue_gruppe=Subquery(group))
        .order_by("frist", "borger_id", "initiativ")
    )


@dataclass(frozen=True)
class Row:
    """One citizen in a queue, as the screen shows them (the CPR number masked)."""

    liste: str
    initiativ: str
    pk: int
    navn: str
    cpr: str
    alder: int
    initiativ_label: str | Promise = ""
    ydelse: str | Promise = ""
    siden: date | None = None
    trin_start: date | None = None
    frist: date | None = None
    dage_over: int | None = None
    gruppe: int | None = None

    @property
    def key(self) -> str:
        return f"{self.liste}-{self.initiativ}-{self.pk}"

    @property
    def label(self) -> str:
        return self.navn or _("Borger nr. %(pk)s") % {"pk": self.pk}


def maalgruppe_rows(borgere: Iterable[Borger], day: date) -> list[Row]:
    return [
        Row(
            liste="maalgruppe",
            initiativ=MAALGRUPPE_INITIATIV,
            pk=b.pk,
            navn=b.navn,
            cpr=masked(b.person_id),
            alder=b.age_on(day),
            initiativ_label=label(MAALGRUPPE_INITIATIV),
            ydelse=label(getattr(b, "queue_ydelse", "") or ""),
            siden=getattr(b, "queue_siden", None),
        )
        for b in borgere
    ]


def trin1_rows(steps: Iterable[Step], day: date) -> list[Row]:
    rows = []
    for step in steps:
        b = step.borger
        assert step.frist is not None  # the queue holds steps past their deadline only
        rows.append(
            Row(
                liste="trin1",
                initiativ=step.initiativ,
                pk=b.pk,
                navn=b.navn,
                cpr=masked(b.person_id),
                alder=b.age_on(day),
                initiativ_label=label(step.initiativ),
                trin_start=step.start,
                frist=step.frist,
                dage_over=-working_days_between(day, step.frist),
                gruppe=getattr(step, "queue_gruppe", None),
            )
        )
    return rows


# --- The decision --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    beslutning: str
    forloeb: Forloeb | None  # the new period; None where the citizen kept their group
    step: Step | None  # trin 2 started, or trin 1 closed
    markering: Markering | None  # the exemption

    def summary(self) -> str:
        parts: list[str] = []
        if self.beslutning == Beslutning.FRITAGELSE and self.markering is not None:
            parts.append(
                _("Fritaget fra %(dato)s: %(grund)s.")
                % {
                    "dato": fmt(self.markering.start),
                    "grund": fritagelsesgrund_label(self.markering.fritagelsesgrund),
                }
            )
            if self.forloeb is not None:
                parts.append(_("Borgeren er med i indsatsgruppen (gruppe 1)."))
        else:
            gruppe = 1 if self.beslutning == Beslutning.GRUPPE1 else 2
            parts.append(_("Visiteret til gruppe %(gruppe)d.") % {"gruppe": gruppe})
        if self.step is not None:
            if self.step.trin == Trin.PAA_VEJ_MOD_JOB:
                parts.append(_("Trin 2 er startet %(dato)s.") % {"dato": fmt(self.step.start)})
            elif self.step.afsluttet is not None:
                parts.append(
                    _("Trin 1 er afsluttet %(dato)s.") % {"dato": fmt(self.step.afsluttet)}
                )
        return " ".join(parts)


def is_waiting(*, user: User, borger: Borger, liste: str, initiativ: str, day: date) -> bool:
    """True while the citizen is in the queue the decision was made from."""
    if liste == "maalgruppe":
        return (
            initiativ == MAALGRUPPE_INITIATIV
            and maalgruppe_queue(user=user, day=day).filter(pk=borger.pk).exists()
        )
    return trin1_queue(user=user, day=day).filter(borger=borger, initiativ=initiativ).exists()


def decide(
    *,
    actor: User,
    borger: Borger,
    liste: str,
    initiativ: str,
    beslutning: str,
    fritagelsesgrund: str = "",
    day: date,
) -> Decision:
    """Record the visitation decision for a waiting citizen from `day`: all of it or nothing."""
    require_visible(actor, borger, view=VIEW)
    if beslutning == Beslutning.FRITAGELSE and not fritagelsesgrund.strip():
        refuse(
            "fritagelsesgrund",
            _("Vælg grunden til fritagelsen."),
            code="required",
        )
    if not is_waiting(user=actor, borger=borger, liste=liste, initiativ=initiativ, day=day):
        refuse(
            None,
            _(
                "Borgeren venter ikke længere på visitation: en kollega kan have visiteret "
                "borgeren. Hent listen igen."
            ),
            code="not_waiting",
        )
    with transaction.atomic():
        current = (
            Forloeb.objects.filter(borger=borger, initiativ=initiativ)
            .filter(not_ended_before(day))
            .order_by("-start", "-id")
            .first()
        )
        trin1 = Step.objects.filter(
            borger=borger,
            initiativ=initiativ,
            trin=Trin.STARTAFKLARING,
            afsluttet__isnull=True,
        ).first()
        forloeb: Forloeb | None = None
        step: Step | None = None
        markering: Markering | None = None
        if beslutning == Beslutning.FRITAGELSE:
            if current is None:
                forloeb = start_forloeb(
                    actor=actor, borger=borger, initiativ=initiativ, gruppe=1, start=day
                )
            markering = add_marking(
                actor=actor,
                borger=borger,
                markering="fritagelse",
                start=day,
                fritagelsesgrund=fritagelsesgrund,
            )
        else:
            gruppe = 1 if beslutning == Beslutning.GRUPPE1 else 2
            if current is None or current.gruppe != gruppe:
                forloeb = start_forloeb(
                    actor=actor, borger=borger, initiativ=initiativ, gruppe=gruppe, start=day
                )
            if trin1 is not None and gruppe == 1:
                step = start_step(
                    actor=actor,
                    borger=borger,
                    initiativ=initiativ,
                    trin=Trin.PAA_VEJ_MOD_JOB,
                    start=day,
                )
            elif trin1 is not None:
                step = complete_step(actor=actor, step=trin1, afsluttet=day)
    return Decision(beslutning, forloeb, step, markering)


# --- Views ---------------------------------------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    """An htmx request (django_htmx's middleware reads the HX-Request header)."""
    return bool(getattr(request, "htmx", False))


def _require_people(request: HttpRequest, view: str) -> User:
    user = logged_in_user(request)
    if not can_see_people(user):
        record(actor=user, action=Action.DENIED, view=view)
        raise PermissionDenied
    return user


def _forms(rows: list[Row]) -> list[tuple[Row, VisitationForm]]:
    return [
        (
            row,
            VisitationForm(
                initial={"liste": row.liste, "initiativ": row.initiativ}, row_key=row.key
            ),
        )
        for row in rows
    ]


@login_required
@require_GET
def visitation(request: HttpRequest) -> HttpResponse:
    user = _require_people(request, VIEW)
    today = timezone.localdate()
    maalgruppe: Page[Borger] = Paginator(
        maalgruppe_queue(user=user, day=today), PAGE_SIZE
    ).get_page(request.GET.get("side"))
    trin1: Page[Step] = Paginator(trin1_queue(user=user, day=today), PAGE_SIZE).get_page(
        request.GET.get("side_trin1")
    )
    maalgruppe_list = maalgruppe_rows(maalgruppe.object_list, today)
    trin1_list = trin1_rows(trin1.object_list, today)
    # The look at the queues is logged, naming the citizens they showed.
    record_list(
        actor=user, view=VIEW, borger_ids=(row.pk for row in [*maalgruppe_list, *trin1_list])
    )
    return render(
        request,
        "borgere/visitation.html",
        {
            "today": today,
            "maalgruppe": maalgruppe,
            "maalgruppe_rows": _forms(maalgruppe_list),
            "trin1": trin1,
            "trin1_rows": _forms(trin1_list),
            "initiativ_label": label(MAALGRUPPE_INITIATIV),
        },
    )


COLUMNS: Final = {"maalgruppe": 6, "trin1": 7}


def _row_for(*, user: User, borger: Borger, liste: str, initiativ: str, day: date) -> Row | None:
    if liste == "maalgruppe":
        found = maalgruppe_rows(maalgruppe_queue(user=user, day=day).filter(pk=borger.pk), day)
    else:
        steps = trin1_queue(user=user, day=day).filter(borger=borger, initiativ=initiativ)
        found = trin1_rows(steps, day)
    return found[0] if found else None


@login_required
@require_POST
def visitation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    view = f"{VIEW}:decide"
    user = _require_people(request, view)
    borger = visible_borgere(user).filter(pk=pk).first()
    if borger is None:
        record(actor=user, action=Action.DENIED, borger_id=pk, view=view)
        raise Http404
    today = timezone.localdate()
    key = f"{request.POST.get('liste', '')}-{request.POST.get('initiativ', '')}-{pk}"
    form = VisitationForm(request.POST, row_key=key)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = decide(
                actor=user,
                borger=borger,
                liste=data["liste"],
                initiativ=data["initiativ"],
                beslutning=data["beslutning"],
                fritagelsesgrund=data["fritagelsesgrund"],
                day=today,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            text = decision.summary()
            if _is_htmx(request):
                return render(
                    request,
                    "borgere/_visitation_done.html",
                    {
                        "key": key,
                        "colspan": COLUMNS.get(data["liste"], 6),
                        "label": borger.navn or _("Borger nr. %(pk)s") % {"pk": borger.pk},
                        "text": text,
                    },
                )
            # The message outlives the request (in a cookie): the citizen by number, no name.
            messages.success(request, _("Borger nr. %(pk)s: %(text)s") % {"pk": pk, "text": text})
            return redirect("borgere:visitation")
    # Refused: the citizen is shown again with the reason next to the field, one look logged.
    record(
        actor=user,
        action=Action.VIEW,
        obj=borger,
        borger_id=borger.pk,
        kommune_id=borger.kommune_id,
        view=view,
    )
    liste = str(form.cleaned_data.get("liste") or request.POST.get("liste") or "")
    initiativ = str(form.cleaned_data.get("initiativ") or MAALGRUPPE_INITIATIV)
    row = _row_for(user=user, borger=borger, liste=liste, initiativ=initiativ, day=today)
    if row is None and not form.non_field_errors():
        form.add_error(None, _("Borgeren venter ikke på visitation."))
    context = {
        "row": row,
        "form": form,
        "key": key,
        "colspan": COLUMNS.get(liste, 6),
        "borger": borger,
        "cpr": masked(borger.person_id),
        "label": borger.navn or _("Borger nr. %(pk)s") % {"pk": borger.pk},
    }
    if _is_htmx(request):
        template = "borgere/_visitation_row.html" if row else "borgere/_visitation_gone.html"
        return render(request, template, context)
    return render(request, "borgere/visitation_decide.html", context)
