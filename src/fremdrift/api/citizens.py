"""Citizens and their course (read), and the writes of a case worker's day: contacts, markings,
agreements and hours, each through the service the web app's Borgerside uses.

Every request that opens a citizen or lists citizens writes the audit event the web views
write (VIEW naming the citizens shown, or DENIED); a write adds its own events.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.db.models import Subquery
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Status

from fremdrift.api.auth import api_user
from fremdrift.api.guards import in_danish, open_borger, require_people
from fremdrift.api.pagination import PageParams, page, refuse_unknown
from fremdrift.api.problems import not_found
from fremdrift.api.schemas import (
    AftaleIn,
    AftaleOut,
    BorgerDetail,
    BorgerOut,
    BorgerPage,
    Created,
    ForloebOut,
    JobmaalOut,
    KontaktIn,
    KontaktOut,
    MarkeringIn,
    MarkeringOut,
    Month,
    TimerIn,
    TimerOut,
    TimerSaved,
    TrinOut,
    YdelseOut,
)
from fremdrift.audit.services import record_list
from fremdrift.borgere import services as borger_services
from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.cpr import masked
from fremdrift.borgere.models import Borger
from fremdrift.borgere.selectors import AftaleOverview, borgerside, holding_jobformidler
from fremdrift.indsats import services as indsats_services
from fremdrift.virksomheder import services as virksomhed_services
from fremdrift.virksomheder.models import Aftale
from fremdrift.virksomheder.selectors import resolve_virksomhed

router = Router(tags=["borgere"])

BorgerId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _summary(borger: Borger, today: date, jobformidler: str | None) -> BorgerOut:
    return BorgerOut(
        id=borger.pk,
        navn=borger.navn,
        cpr=masked(borger.person_id),
        alder=borger.age_on(today),
        koen=borger.koen,
        herkomst=borger.herkomst,
        jobformidler=jobformidler,
    )


@router.get("/", response=BorgerPage, url_name="borgere", summary="Borgere du må se")
def borger_list(request: HttpRequest, params: Query[PageParams]) -> BorgerPage:
    """The citizens the token's login may see today (borgere.access), by id."""
    refuse_unknown(request, PageParams)
    user = api_user(request)
    view = "api:borgere:list"
    require_people(user, view=view)
    today = timezone.localdate()
    holder = holding_jobformidler(today).values("medarbejder__navn")[:1]
    rows = visible_borgere(user, day=today).annotate(holder=Subquery(holder)).order_by("pk")
    info, items = page(rows, params)
    record_list(actor=user, view=view, borger_ids=(b.pk for b in items))
    return BorgerPage(
        **info.dict(),
        items=[_summary(b, today, getattr(b, "holder", None) or None) for b in items],
    )


def _aftale(overview: AftaleOverview) -> AftaleOut:
    a = overview.aftale
    return AftaleOut(
        id=a.pk,
        start=a.start,
        slut=a.slut,
        aktivitet=a.aktivitet,
        virksomhed_cvr=a.virksomhed.cvr if a.virksomhed else None,
        virksomhed_navn=a.virksomhed.navn if a.virksomhed else None,
        timer_pr_uge=a.timer_pr_uge,
        timer=[TimerOut(maaned=f"{m.maaned:%Y-%m}", timer=m.timer) for m in overview.months],
    )


@router.get(
    "/{borger_id}", response=BorgerDetail, url_name="borger", summary="En borger og hele forløbet"
)
def borger_detail(request: HttpRequest, borger_id: BorgerId) -> BorgerDetail:
    """The citizen's course as the Borgerside shows it: periods, markings, steps, contacts,
    agreements with hours per month, job goals."""
    user = api_user(request)
    borger = open_borger(user, borger_id, view="api:borgere:detail")
    today = timezone.localdate()
    side = borgerside(borger=borger, today=today)
    holder = side.jobformidler
    name = str(holder.medarbejder) if holder and holder.medarbejder else None
    return BorgerDetail(
        **_summary(borger, today, name).model_dump(),
        initiativ=side.initiativ,
        forloeb=[
            ForloebOut(
                id=f.pk,
                start=f.start,
                slut=f.slut,
                initiativ=f.initiativ,
                gruppe=f.gruppe,
                slutaarsag=f.slutaarsag,
            )
            for f in side.forloeb
        ],
        ydelser=[
            YdelseOut(
                id=y.pk,
                start=y.start,
                slut=y.slut,
                ydelse=y.ydelse,
                visitation=y.visitation,
                program=y.program,
            )
            for y in side.ydelser
        ],
        markeringer=[
            MarkeringOut(
                id=m.pk,
                start=m.start,
                slut=m.slut,
                markering=m.markering,
                medarbejder=str(m.medarbejder) if m.medarbejder else None,
                fritagelsesgrund=m.fritagelsesgrund,
            )
            for m in side.markeringer
        ],
        trin=[
            TrinOut(
                id=s.pk,
                initiativ=s.initiativ,
                trin=s.trin,
                start=s.start,
                frist=s.frist,
                afsluttet=s.afsluttet,
            )
            for s in side.steps
        ],
        frist=side.current_step.frist if side.current_step else None,
        naeste_kontakt=side.next_contact_due,
        kontakter=[
            KontaktOut(
                id=k.pk,
                dato=k.dato,
                form=k.form,
                med_hvem=k.med_hvem,
                medarbejder=str(k.medarbejder) if k.medarbejder else None,
                note=k.note,
            )
            for k in side.kontakter
        ],
        aftaler=[_aftale(o) for o in side.aftaler],
        jobmaal=[
            JobmaalOut(beskrivelse=j.beskrivelse, start=j.start, slut=j.slut) for j in side.jobmaal
        ],
        cv_opdateret=side.cv.senest_opdateret if side.cv else None,
    )


@router.post(
    "/{borger_id}/kontakter",
    response={201: Created},
    url_name="kontakter",
    summary="Registrér en kontakt",
)
def kontakt(request: HttpRequest, borger_id: BorgerId, data: KontaktIn) -> Status[Created]:
    user = api_user(request)
    borger = open_borger(user, borger_id, view="api:borgere:kontakt")
    contact = in_danish(
        indsats_services.record_contact,
        actor=user,
        borger=borger,
        dato=data.dato,
        form=data.form,
        med_hvem=data.med_hvem,
        note=data.note,
    )
    return Status(201, Created(id=contact.pk))


@router.post(
    "/{borger_id}/markeringer",
    response={201: Created},
    url_name="markeringer",
    summary="Tilføj en markering",
)
def markering(request: HttpRequest, borger_id: BorgerId, data: MarkeringIn) -> Status[Created]:
    user = api_user(request)
    borger = open_borger(user, borger_id, view="api:borgere:markering")
    marking = in_danish(
        borger_services.add_marking,
        actor=user,
        borger=borger,
        markering=data.markering,
        start=data.start,
        slut=data.slut,
        fritagelsesgrund=data.fritagelsesgrund,
    )
    return Status(201, Created(id=marking.pk))


@router.post(
    "/{borger_id}/aftaler",
    response={201: Created},
    url_name="aftaler",
    summary="Registrér en aftale",
)
def aftale(request: HttpRequest, borger_id: BorgerId, data: AftaleIn) -> Status[Created]:
    user = api_user(request)
    borger = open_borger(user, borger_id, view="api:borgere:aftale")
    virksomhed = in_danish(resolve_virksomhed, kommune_id=borger.kommune_id, text=data.virksomhed)
    agreement = in_danish(
        virksomhed_services.register_aftale,
        actor=user,
        borger=borger,
        aktivitet=data.aktivitet,
        virksomhed=virksomhed,
        start=data.start,
        slut=data.slut,
        timer_pr_uge=data.timer_pr_uge,
        opgaver=data.opgaver,
        kontaktperson=data.kontaktperson,
        progressionsplan=data.progressionsplan,
    )
    return Status(201, Created(id=agreement.pk))


@router.put(
    "/{borger_id}/aftaler/{aftale_id}/timer/{maaned}",
    response=TimerSaved,
    url_name="timer",
    summary="Registrér en måneds timer under en aftale",
)
def timer(
    request: HttpRequest,
    borger_id: BorgerId,
    aftale_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    maaned: Annotated[Month, Path(description="ÅÅÅÅ-MM")],
    data: TimerIn,
) -> TimerSaved:
    """A second registration for the same month replaces the first (the audit log keeps it)."""
    user = api_user(request)
    borger = open_borger(user, borger_id, view="api:borgere:aftale-timer")
    agreement = Aftale.objects.filter(pk=aftale_id, borger=borger).first()
    if agreement is None:
        raise not_found()
    year, month = (int(part) for part in maaned.split("-"))
    row = in_danish(
        virksomhed_services.register_timer,
        actor=user,
        aftale=agreement,
        maaned=date(year, month, 1),
        timer=data.timer,
    )
    row.refresh_from_db(fields=["timer"])  # as stored: two decimals
    return TimerSaved(aftale=agreement.pk, maaned=maaned, timer=row.timer)
