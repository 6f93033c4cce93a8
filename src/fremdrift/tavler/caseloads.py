"""Sagsstammer for leaders: each jobformidler's caseload against their cap, exclusive or
mixed, and a suggestion of moves when someone is over the cap.

The cap is the case system's own (`borgere.services.caseload_cap`: the person's cap, else the
initiative's), and a suggested move is applied through `borgere.services.assign_jobformidler`,
which checks the cap again. The suggestion (`rebalance`) is plain Python on plain data, so it
can be checked against a simple rule on random caseloads:

  Take the people over their cap, the most over first. Move their most recently assigned
  citizens first (the jobformidler knows them least) to the least loaded colleague in the same
  team (not a team or project leader) who has room for that citizen (the receiver stays within
  the cap that would apply to the assignment), until the person is at their cap or nobody in
  the team has room.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from fremdrift.borgere.access import visible_borgere
from fremdrift.borgere.models import Forloeb, Markering
from fremdrift.borgere.periods import open_on
from fremdrift.borgere.selectors import DEFAULT_INITIATIV
from fremdrift.borgere.services import caseload_cap
from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.indsats.models import Step
from fremdrift.indsats.selectors import sagsstamme_medarbejdere
from fremdrift.organisation.models import Medarbejder, User
from fremdrift.tavler.scope import TeamScope

# --- The suggestion: plain data in, moves out ----------------------------------------------------


@dataclass(frozen=True)
class HeldCase:
    borger_id: int
    initiativ: str  # the initiative the assignment's cap concerns
    since: date  # when this jobformidler got the citizen


@dataclass(frozen=True)
class Holder:
    key: int
    name: str
    team_id: int | None
    cap: int  # the cap of the caseload as a whole (its main initiative's)
    caps: Mapping[str, int]  # the cap an assignment of a citizen of each initiative meets
    cases: tuple[HeldCase, ...]
    receives: bool = True  # False for a leader: they are not given citizens by the suggestion

    @property
    def load(self) -> int:
        return len(self.cases)

    def room_for(self, initiativ: str, load: int) -> bool:
        return load + 1 <= min(self.cap, self.caps.get(initiativ, self.cap))


@dataclass(frozen=True)
class Move:
    borger_id: int
    from_key: int
    to_key: int


@dataclass(frozen=True)
class Rebalancing:
    moves: list[Move]
    # Holders still over their cap after the moves: nobody in their team had room.
    left_over: dict[int, int] = field(default_factory=dict)


def rebalance(holders: Sequence[Holder]) -> Rebalancing:
    """Moves that bring people under or to their cap without pushing anyone over theirs."""
    load = {h.key: h.load for h in holders}
    moves: list[Move] = []
    left_over: dict[int, int] = {}
    over = sorted(
        (h for h in holders if h.load > h.cap), key=lambda h: (h.cap - h.load, h.name, h.key)
    )
    for holder in over:
        peers = [
            p
            for p in holders
            if p.receives
            and p.key != holder.key
            and p.team_id is not None
            and p.team_id == holder.team_id
        ]
        newest_first = sorted(holder.cases, key=lambda c: (c.since, c.borger_id), reverse=True)
        for case in newest_first:
            if load[holder.key] <= holder.cap:
                break
            room = [p for p in peers if p.room_for(case.initiativ, load[p.key])]
            if not room:
                continue  # a citizen of another initiative may still fit somewhere
            to = min(room, key=lambda p: (load[p.key], load[p.key] - p.cap, p.name, p.key))
            moves.append(Move(case.borger_id, holder.key, to.key))
            load[holder.key] -= 1
            load[to.key] += 1
        if load[holder.key] > holder.cap:
            left_over[holder.key] = load[holder.key] - holder.cap
    return Rebalancing(moves, left_over)


# --- The caseloads read from the database --------------------------------------------------------


@dataclass(frozen=True)
class CaseloadLine:
    medarbejder: Medarbejder
    holder: Holder
    exclusive_initiativ: str | None  # set when every citizen is in that initiative's target group

    @property
    def load(self) -> int:
        return self.holder.load

    @property
    def status(self) -> str:
        """ "over", "ved" (at the cap) or "under"."""
        if self.load > self.holder.cap:
            return "over"
        return "ved" if self.load == self.holder.cap else "under"


def _staff(user: User, scope: TeamScope) -> QuerySet[Medarbejder]:
    staff = sagsstamme_medarbejdere(user).select_related("team", "bruger")
    if scope.team is not None:
        staff = staff.filter(team=scope.team)
    return staff


def working_initiativer(
    borger_ids: Sequence[int], today: date
) -> tuple[dict[int, str], dict[int, set[str]]]:
    """For each citizen, the initiative an assignment's cap concerns (the rule of
    `borgere.selectors.working_initiativ`: the open step's, else the open period's, else
    FSM2), and the initiatives whose target group they are in today. Two queries in all."""
    steps: dict[int, str] = {}
    for s in (
        Step.objects.filter(borger_id__in=borger_ids, afsluttet__isnull=True)
        .order_by("borger_id", "-start", "-id")
        .values("borger_id", "initiativ")
    ):
        steps.setdefault(s["borger_id"], s["initiativ"])
    periods: dict[int, str] = {}
    targets: dict[int, set[str]] = defaultdict(set)
    for f in (
        Forloeb.objects.filter(open_on(today), borger_id__in=borger_ids)
        .order_by("borger_id", "-start", "-id")
        .values("borger_id", "initiativ")
    ):
        periods.setdefault(f["borger_id"], f["initiativ"])
        targets[f["borger_id"]].add(f["initiativ"])
    working = {b: steps.get(b) or periods.get(b) or DEFAULT_INITIATIV for b in borger_ids}
    return working, targets


def caseloads(*, user: User, scope: TeamScope, today: date) -> list[CaseloadLine]:
    """Every jobformidler of the scope with the citizens they hold today that `user` may see."""
    staff = list(_staff(user, scope))
    held = list(
        Markering.objects.filter(
            open_on(today),
            markering="jobformidler",
            medarbejder__in=staff,
            borger__in=visible_borgere(user, day=today),
        ).values("medarbejder_id", "borger_id", "start")
    )
    working, targets = working_initiativer([h["borger_id"] for h in held], today)
    cases: dict[int, list[HeldCase]] = defaultdict(list)
    for h in held:
        cases[h["medarbejder_id"]].append(
            HeldCase(h["borger_id"], working[h["borger_id"]], h["start"])
        )
    lines = []
    for m in staff:
        own = tuple(cases.get(m.pk, []))
        counts = Counter(c.initiativ for c in own)
        main = min(counts, key=lambda i: (-counts[i], i)) if counts else DEFAULT_INITIATIV
        caps = {i: caseload_cap(m, i) for i in INITIATIVE_KEYS}
        in_targets = [targets.get(c.borger_id, set()) for c in own]
        common = set.intersection(*in_targets) if in_targets else set()
        exclusive = (
            sorted(common)[0]
            if own
            and not m.blandet_sagsstamme
            and len(common) == 1
            and all(len(t) == 1 for t in in_targets)
            else None
        )
        login = getattr(m, "bruger", None)
        leader = login is not None and login.is_leader
        if leader and not own:
            continue  # a leader holding no citizens has no caseload to show
        holder = Holder(m.pk, str(m), m.team_id, caps[main], caps, own, receives=not leader)
        lines.append(CaseloadLine(m, holder, exclusive))
    return lines
