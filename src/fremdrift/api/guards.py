"""The access rule (borgere.access) as the API applies it, with the web app's answers: a role
that never sees citizens (STAR) gets 403, a citizen out of reach 404, each a logged event."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fremdrift.api.problems import ApiProblemError, not_found, problem
from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.borgere.access import can_see_people
from fremdrift.borgere.models import Borger
from fremdrift.borgere.selectors import borger_for_view
from fremdrift.organisation.models import User

P = ParamSpec("P")
R = TypeVar("R")


def no_people() -> ApiProblemError:
    return problem(
        403,
        "forbidden",
        _("Din rolle ser ingen borgere; STAR ser kun diskretionerede tal (/api/v1/indikatorer)."),
    )


def require_people(user: User, *, view: str) -> None:
    """403 (logged) unless the user works on cases in a municipality."""
    if not can_see_people(user):
        record(actor=user, action=Action.DENIED, view=view)
        raise no_people()


def open_borger(user: User, borger_id: int, *, view: str) -> Borger:
    """The citizen, if this user may see them: one audit event (VIEW or DENIED), else 403/404."""
    require_people(user, view=view)
    try:
        return borger_for_view(user=user, borger_id=borger_id, view=view)
    except Borger.DoesNotExist:
        raise not_found() from None


def in_danish(service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call a service with Danish active, so that a refusal comes in the catalogue's source
    language and problems.english can give its English too."""
    with translation.override("da"):
        return service(*args, **kwargs)
