"""Which team a leader's screen shows: the choice of team, and the citizens it gives.

The citizens are always `visible_borgere` first (the one access rule); a team narrows them to
those held today by a member of the team (an open jobformidler marking). A project leader may
choose any team of the municipality or all of them; a team leader and a jobformidler have their
own team only, so a jobformidler's boards show their own citizens and nobody else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.models import Borger, Markering
from fremdrift.borgere.periods import open_on
from fremdrift.organisation.models import Role, Team, User


class TeamNotAllowedError(Exception):
    """The request named a team the login may not choose."""


@dataclass(frozen=True)
class TeamScope:
    team: Team | None  # None: every citizen the login may see (a project leader's "alle teams")
    choices: tuple[Team, ...]
    may_choose_all: bool

    @property
    def param(self) -> str:
        """The GET value that gives this scope again ("" for all teams)."""
        return str(self.team.pk) if self.team is not None else ""


def team_choices(user: User) -> tuple[Team, ...]:
    if user.kommune_id is None:
        return ()
    if user.role == Role.PROJEKTLEDER:
        return tuple(Team.objects.filter(kommune_id=user.kommune_id).order_by("navn"))
    medarbejder = user.medarbejder
    if medarbejder is not None and medarbejder.team is not None:
        return (medarbejder.team,)
    return ()


def team_scope(user: User, requested: str | None, *, all_by_default: bool = True) -> TeamScope:
    """The scope a request asks for (`requested` is the GET value, None when absent, "" for
    all teams). Without a request a project leader gets all teams, or with `all_by_default`
    False (the boards: one team's meeting, and a page that grows with every citizen) the first.

    Raises TeamNotAllowedError for a team outside the login's choices, so the view can answer 404
    as for a citizen out of reach.
    """
    choices = team_choices(user)
    may_choose_all = user.role == Role.PROJEKTLEDER
    by_pk = {str(t.pk): t for t in choices}
    if requested:
        if requested not in by_pk:
            raise TeamNotAllowedError(requested)
        return TeamScope(by_pk[requested], choices, may_choose_all)
    if may_choose_all and (requested == "" or all_by_default or not choices):
        return TeamScope(None, choices, may_choose_all)
    return TeamScope(choices[0] if choices else None, choices, may_choose_all)


def held_by_team(team_id: int, day: date) -> Exists:
    return Exists(
        Markering.objects.filter(
            open_on(day),
            borger=OuterRef("pk"),
            markering="jobformidler",
            medarbejder__team_id=team_id,
        )
    )


def scoped_borgere(user: User, scope: TeamScope, *, day: date) -> QuerySet[Borger]:
    """The citizens of the scope that `user` may see on `day`."""
    visible = visible_borgere(user, day=day)
    if scope.team is None:
        return visible
    return visible.filter(held_by_team(scope.team.pk, day))
