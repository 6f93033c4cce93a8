"""Who sees the stored benchmarks: the readers of STAR's intake (STAR and municipal leaders).
The figures are jobindsats.dk's published aggregates; nothing here names a citizen."""

from __future__ import annotations

from fremdrift.intake.access import can_see_deliveries
from fremdrift.organisation.models import User


def can_see_benchmarks(user: User) -> bool:
    return can_see_deliveries(user)
