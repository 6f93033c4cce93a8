"""Writes about logins: login events in the audit log, changes to a login, and the demo logins.

Every function here writes its audit row in the same transaction as its own work. Nothing here
stores a password or a typed username that matches no login (it may be a password or a CPR
number typed into the wrong field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from axes.utils import reset as axes_reset
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.audit.services import record
from fremdrift.borgere.periods import open_on
from fremdrift.errors import UserError
from fremdrift.organisation.models import Kommune, Medarbejder, Role, User

# The fields of a login that decide what it may see or do: a change to any of them is logged.
ACCESS_FIELDS = ("role", "kommune_id", "medarbejder_id", "is_active", "is_staff", "is_superuser")


def record_login(*, user: User, method: str) -> AuditEvent:
    """A successful login; `method` is "password" or "oidc"."""
    return record(actor=user, action=Action.LOGIN, view=f"login:{method}")


def record_login_failed(*, username: str, method: str, locked_out: bool = False) -> AuditEvent:
    """A failed login, on the login it names if there is one (else on no actor, name unkept)."""
    user = User.objects.filter(username=username).first() if username else None
    return record(
        actor=user,
        action=Action.LOGIN_FAILED,
        view=f"login:{method}",
        after={"locked_out": locked_out, "known_username": user is not None},
    )


def access_snapshot(user: User) -> dict[str, Any]:
    return {field: getattr(user, field) for field in ACCESS_FIELDS}


def record_user_saved(
    *, actor: User | None, user: User, before: dict[str, Any] | None
) -> AuditEvent | None:
    """Log a created login, or a change to what a login may see; never its password."""
    after = access_snapshot(user)
    if before == after:
        return None
    return record(
        actor=actor,
        action=Action.CREATE if before is None else Action.UPDATE,
        obj=user,
        kommune_id=user.kommune_id,
        before=before,
        after=after,
    )


# --- Demo logins ----------------------------------------------------------------------------------

DEMO_PASSWORD = "fremdrift-demo-2025"  # noqa: S105 - a demo: printed on purpose
DEMO_ROLES = (Role.JOBFORMIDLER, Role.TEAMLEDER, Role.PROJEKTLEDER)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    kommune: Kommune | None
    medarbejder: Medarbejder | None
    created: bool


def demo_username(role: Role, kommune_kode: str | None) -> str:
    return f"demo-{role.value}" + (f"-{kommune_kode}" if kommune_kode else "")


def _open_caseload(day: date) -> Count:
    return Count(
        "markeringer",
        filter=Q(markeringer__markering="jobformidler") & open_on(day, via="markeringer__"),
    )


def _free_medarbejdere(kommune: Kommune, username: str) -> QuerySet[Medarbejder]:
    """Staff of the municipality without a login, or linked to this demo login already."""
    return Medarbejder.objects.filter(kommune=kommune).filter(
        Q(bruger__isnull=True) | Q(bruger__username=username)
    )


def _jobformidler_medarbejder(kommune: Kommune, day: date) -> Medarbejder:
    username = demo_username(Role.JOBFORMIDLER, kommune.kode)
    medarbejder = (
        _free_medarbejdere(kommune, username)
        .annotate(caseload=_open_caseload(day))
        .filter(caseload__gt=0)
        .order_by("-caseload", "medarbejder_id")
        .first()
    )
    if medarbejder is None:
        raise UserError(
            f"kommune {kommune.kode} har ingen medarbejder med borgere (en åben "
            "jobformidlermarkering): indlæs en leverance for kommunen først"
        )
    return medarbejder


def _teamleder_medarbejder(kommune: Kommune, jobformidler: Medarbejder, day: date) -> Medarbejder:
    """Someone in the jobformidler's team (so the leader sees that caseload), else any team."""
    username = demo_username(Role.TEAMLEDER, kommune.kode)
    candidates = (
        _free_medarbejdere(kommune, username)
        .filter(team__isnull=False)
        .exclude(pk=jobformidler.pk)
        .annotate(caseload=_open_caseload(day))
    )
    medarbejder = (
        candidates.filter(team=jobformidler.team).order_by("caseload", "medarbejder_id")
    ).first() or candidates.order_by("caseload", "medarbejder_id").first()
    if medarbejder is None:
        raise UserError(
            f"kommune {kommune.kode} har ingen anden medarbejder i et team at knytte "
            "demo-teamlederen til"
        )
    return medarbejder


def _ensure_login(
    *, role: Role, kommune: Kommune | None, medarbejder: Medarbejder | None
) -> DemoLogin:
    username = demo_username(role, kommune.kode if kommune is not None else None)
    user = User.objects.filter(username=username).first()
    before = access_snapshot(user) if user is not None else None
    if user is None:
        user = User(username=username)
    user.role = role
    user.kommune = kommune
    user.medarbejder = medarbejder
    user.first_name = "Demo"
    user.last_name = str(role.label)
    user.is_active = True
    user.is_staff = False
    user.is_superuser = False
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    record_user_saved(actor=None, user=user, before=before)
    # A demo locked out by mistyped passwords opens again with the reset.
    axes_reset(username=username)
    return DemoLogin(username, DEMO_PASSWORD, role, kommune, medarbejder, created=before is None)


def ensure_demo_logins(*, kommune_codes: Sequence[str]) -> list[DemoLogin]:
    """One login per role in each municipality and one STAR login, with the demo password.

    Running it again resets the passwords and the links and creates nothing new. Nothing is
    written unless every municipality has the staff the demo logins need.
    """
    day = timezone.localdate()
    kommuner = []
    for kode in kommune_codes:
        kommune = Kommune.objects.filter(kode=kode).first()
        if kommune is None:
            raise UserError(f"ukendt kommunekode: {kode}")
        kommuner.append(kommune)
    logins: list[DemoLogin] = []
    with transaction.atomic():
        for kommune in kommuner:
            jobformidler = _jobformidler_medarbejder(kommune, day)
            logins.append(
                _ensure_login(role=Role.JOBFORMIDLER, kommune=kommune, medarbejder=jobformidler)
            )
            # After the jobformidler's link is saved, so the leader is someone else.
            teamleder = _teamleder_medarbejder(kommune, jobformidler, day)
            logins.append(
                _ensure_login(role=Role.TEAMLEDER, kommune=kommune, medarbejder=teamleder)
            )
            logins.append(_ensure_login(role=Role.PROJEKTLEDER, kommune=kommune, medarbejder=None))
        logins.append(_ensure_login(role=Role.STAR, kommune=None, medarbejder=None))
    return logins
