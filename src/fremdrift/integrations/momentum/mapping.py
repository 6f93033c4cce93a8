"""How Momentum's codes and tags become the delivery's rows (data; docs/integrations.md).

Tags (markeringer in Momentum) are the municipality's own: the defaults below are the titles a
municipality is advised to use for the two initiatives, and `fremdrift momentum fetch --tag
"Titel=markering"` maps its own titles. Target-group codes (målgrupper) are STAR's codes as
Momentum shows them; a citizen's code gives the benefit (ydelse) and visitation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class TagRule:
    """A tag assignment becomes a marking (`markeringer`) or a programme period (`forloeb`)."""

    markering: str | None = None
    forloeb: tuple[str, int] | None = None  # (initiativ, gruppe)


@dataclass(frozen=True)
class TargetGroup:
    ydelse: str
    visitation: str | None = None


# Tag title (as in Momentum, case-insensitive) -> what it is in the delivery.
TAGS: Final[dict[str, TagRule]] = {
    "FSM2 indsatsgruppe": TagRule(forloeb=("fsm2", 1)),
    "FSM2 rehabiliteringsgruppe": TagRule(forloeb=("fsm2", 2)),
    "Ressourceforløb gruppe 2": TagRule(forloeb=("ressourceforloeb", 2)),
    "Rehabiliteringsteam": TagRule(markering="rehabilitering"),
    "Step-up": TagRule(markering="step_up"),
    "Fritaget for FSM2": TagRule(markering="fritagelse"),
}

# Target-group code -> benefit and visitation (DFDG målgrupper as Momentum shows them).
TARGET_GROUPS: Final[dict[str, TargetGroup]] = {
    "2.1": TargetGroup("kontanthjaelp", "jobparat"),
    "2.2": TargetGroup("kontanthjaelp", "aktivitetsparat"),
    "2.3": TargetGroup("uddannelseshjaelp", "jobparat"),
    "2.4": TargetGroup("uddannelseshjaelp", "aktivitetsparat"),
    "2.5": TargetGroup("integrationsydelse", "jobparat"),
    "2.6": TargetGroup("integrationsydelse", "aktivitetsparat"),
    "6.6": TargetGroup("ressourceforloeb"),
}

# The responsibility that is the citizen's personal jobformidler (code, or the name shown).
JOBFORMIDLER_CODE: Final = "PERSONLIG_JOBFORMIDLER"
JOBFORMIDLER_NAME: Final = "Personlig jobformidler"
