"""Who may read which monthly report.

STAR reads the national report and any municipality's, only as published (disclosure
controlled). A municipality's management (teamleder, projektleder) reads its own
municipality's report with its own exact figures; the national and peer figures beside them
stay published. A jobformidler works on cases, not on the monthly statement: no report.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from fremdrift.organisation.models import Role, User


def is_star(user: User) -> bool:
    return user.is_authenticated and user.role == Role.STAR


def can_read_reports(user: User) -> bool:
    return is_star(user) or (user.is_authenticated and user.is_leader and bool(user.kommune_id))


def require_national(user: User) -> None:
    if not is_star(user):
        raise PermissionDenied(_("Kun STAR ser rapporten for hele landet."))


def kommune_access(user: User, kommunekode: str) -> bool:
    """Whether the report shows exact figures (True) or published ones (False); raises
    PermissionDenied for a user who may not read this municipality's report."""
    if is_star(user):
        return False
    if can_read_reports(user) and user.kommune_id == kommunekode:
        return True
    raise PermissionDenied(_("Du kan kun se din egen kommunes månedsrapport."))
