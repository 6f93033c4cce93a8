"""Caseloads (sagsstammer): whose caseload the login may open, and one caseload's citizens
with the work list's facts, from the same selectors as the Min sagsstamme screen."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router

from fremdrift.api.auth import api_user
from fremdrift.api.guards import require_people
from fremdrift.api.problems import not_found
from fremdrift.api.schemas import SagsstammeBorger, SagsstammeDetail, SagsstammeOut
from fremdrift.audit.models import Action
from fremdrift.audit.services import record, record_list
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.selectors import JobformidlerChoice, jobformidler_choices
from fremdrift.indsats.selectors import caseload_of, sagsstamme, sagsstamme_medarbejdere
from fremdrift.organisation.models import Team, User

router = Router(tags=["sagsstammer"])
INITIATIV = "fsm2"  # the cap of FSM2 (30); a person's own cap wins (borgere.services)


def _teams(user: User) -> dict[int, str]:
    return dict(Team.objects.filter(kommune_id=user.kommune_id).values_list("pk", "navn"))


def _choices(user: User) -> list[JobformidlerChoice]:
    """The staff whose caseload `user` may open, with today's count and cap."""
    assert user.kommune_id is not None
    allowed = set(sagsstamme_medarbejdere(user).values_list("pk", flat=True))
    every = jobformidler_choices(
        kommune_id=user.kommune_id, initiativ=INITIATIV, today=timezone.localdate()
    )
    return [c for c in every if c.medarbejder.pk in allowed]


def _out(choice: JobformidlerChoice, teams: dict[int, str]) -> SagsstammeOut:
    m = choice.medarbejder
    return SagsstammeOut(
        medarbejder=m.pk,
        navn=str(m),
        team=teams.get(m.team_id) if m.team_id is not None else None,
        antal=choice.caseload,
        loft=choice.cap,
    )


@router.get(
    "/", response=list[SagsstammeOut], url_name="sagsstammer", summary="Sagsstammer du må se"
)
def caseload_list(request: HttpRequest) -> list[SagsstammeOut]:
    """A jobformidler their own; a team leader their team's; a project leader everyone's. Not
    paginated: one row per member of staff."""
    user = api_user(request)
    require_people(user, view="api:sagsstammer:list")
    teams = _teams(user)
    return [_out(c, teams) for c in _choices(user)]


@router.get(
    "/{medarbejder_id}", response=SagsstammeDetail, url_name="sagsstamme", summary="En sagsstamme"
)
def caseload_detail(
    request: HttpRequest, medarbejder_id: Annotated[int, Path(ge=1, le=2**63 - 1)]
) -> SagsstammeDetail:
    """The citizens the member of staff holds today that the login may see, with step, deadline,
    contacts, CV, job goal, agreement and last month's hours. Not paginated (a caseload is at
    most its cap, give or take a leader's override)."""
    user = api_user(request)
    view = "api:sagsstammer:detail"
    require_people(user, view=view)
    choice = next((c for c in _choices(user) if c.medarbejder.pk == medarbejder_id), None)
    if choice is None:
        record(actor=user, action=Action.DENIED, view=view)
        raise not_found()
    today = timezone.localdate()
    rows = sagsstamme(
        caseload_of(user=user, medarbejder_id=medarbejder_id, today=today).order_by("pk"),
        today=today,
    )
    record_list(
        actor=user, view=view, borger_ids=(r.borger.pk for r in rows), obj=choice.medarbejder
    )
    return SagsstammeDetail(
        **_out(choice, _teams(user)).model_dump(),
        borgere=[
            SagsstammeBorger(
                borger=r.borger.pk,
                navn=r.borger.navn,
                cpr=masked(r.borger.person_id),
                trin=r.status.trin,
                frist=r.status.frist,
                frist_overskredet=r.status.step_overdue,
                seneste_kontakt=r.status.last_contact,
                naeste_kontakt=r.status.next_contact_due,
                kontakt_forfalden=r.status.contact_overdue,
                cv=r.cv_status.value,
                jobmaal=r.jobmaal,
                aftale=r.agreement_kind,
                timer_sidste_maaned=r.hours_last_month,
            )
            for r in rows
        ],
    )
