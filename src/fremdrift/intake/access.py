"""Who sees STAR's intake and releases: STAR for every municipality, a municipality's leaders
(teamleder, projektleder) for their own; a jobformidler not. Nothing here names a citizen."""

from __future__ import annotations

from fremdrift.organisation.models import Role, User


def is_star(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.STAR


def can_see_deliveries(user: User) -> bool:
    return is_star(user) or (user.is_authenticated and user.is_active and user.is_leader)


def visible_kommuner(user: User) -> list[str] | None:
    """None: every municipality (STAR); else the user's own, or none at all."""
    if is_star(user):
        return None
    if can_see_deliveries(user) and user.kommune_id is not None:
        return [user.kommune_id]
    return []
