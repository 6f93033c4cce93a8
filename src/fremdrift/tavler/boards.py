"""The four boards of a team's weekly meeting: who is on which board, a suggestion for those
not yet placed, and for the citizens "på spring" the companies that fit their jobmål.

The citizens are those of the team scope (`scope.scoped_borgere`: the access rule first) with
an open programme period today. Their facts come from `indsatsmodel.model_rows` (one statement)
with the latest move annotated; the company matches cost two queries for the whole board.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.borgere.cpr import masked
from fremdrift.borgere.models import Borger, Forloeb, Markering
from fremdrift.borgere.periods import open_on
from fremdrift.organisation.models import User
from fremdrift.tavler.indsatsmodel import ModelRow, model_rows
from fremdrift.tavler.models import Tavle, Tavleflytning
from fremdrift.virksomheder.models import Aftale, Virksomhed
from fremdrift.virksomheder.selectors import virksomheder_by_branche

# At most this many companies are suggested for a citizen.
MAX_COMPANIES = 3
# The latest moves listed under the boards.
RECENT_MOVES = 15


@dataclass(frozen=True)
class Suggestion:
    tavle: Tavle
    reason: str | Promise


def suggest_board(row: ModelRow, *, rehabilitering: bool) -> Suggestion:
    """Where a citizen not yet placed probably belongs, and why (first rule that applies)."""
    if row.sagsstamme.fritagelse:
        return Suggestion(Tavle.PAA_LAENGERE_SIGT, gettext_lazy("Fritaget"))
    if rehabilitering:
        return Suggestion(
            Tavle.PAA_LAENGERE_SIGT, gettext_lazy("I rehabiliteringsgruppen (gruppe 2)")
        )
    if row.trin == 3 and row.paid_hours_since is not None:
        return Suggestion(Tavle.PAA_SPRING, gettext_lazy("Trin 3 med lønnede timer"))
    if row.trin == 3:
        return Suggestion(Tavle.PAA_VEJ, gettext_lazy("Trin 3 uden lønnede timer"))
    if row.trin == 2:
        return Suggestion(Tavle.PAA_VEJ, gettext_lazy("Trin 2: på vej mod job"))
    if row.trin == 1:
        return Suggestion(Tavle.I_GANG, gettext_lazy("Ny: trin 1, startafklaring"))
    return Suggestion(Tavle.I_GANG, gettext_lazy("Ny: intet trin endnu"))


@dataclass(frozen=True)
class CompanyMatch:
    virksomhed: Virksomhed
    open_aftaler: int
    own: bool  # the citizen already works there with paid hours


@dataclass(frozen=True)
class JobMatch:
    branches: tuple[str, ...]
    why: str  # how the branches were read from the jobmål
    companies: tuple[CompanyMatch, ...]


@dataclass(frozen=True)
class Card:
    row: ModelRow
    tavle: Tavle | None
    since: datetime | None
    fra_tavle: Tavle | None
    moved_by: str
    jobformidler: str
    suggestion: Suggestion
    match: JobMatch | None

    @property
    def borger(self) -> Borger:
        return self.row.borger

    @property
    def cpr(self) -> str:
        return masked(self.row.borger.person_id)


@dataclass(frozen=True)
class Board:
    tavle: Tavle
    cards: list[Card]


@dataclass(frozen=True)
class RecentMove:
    move: Tavleflytning

    @property
    def who(self) -> str:
        """The citizen as the screens name them: the name, else the masked CPR number."""
        b = self.move.borger
        return b.navn or masked(b.person_id)


@dataclass(frozen=True)
class Boards:
    boards: list[Board]
    unplaced: list[Card]
    recent: list[RecentMove]

    @property
    def borger_ids(self) -> list[int]:
        ids = [c.borger.pk for b in self.boards for c in b.cards]
        ids += [c.borger.pk for c in self.unplaced]
        return ids + [r.move.borger_id for r in self.recent]


def in_programme(borgere: QuerySet[Borger], day: date) -> QuerySet[Borger]:
    """Those of `borgere` with an open programme period (either initiative, either group)."""
    return borgere.filter(Exists(Forloeb.objects.filter(open_on(day), borger=OuterRef("pk"))))


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^\wæøå]+", text.casefold()) if w}


def job_matches(*, user: User, rows: Iterable[ModelRow], today: date) -> dict[int, JobMatch]:
    """For each citizen with a jobmål: the branche it points to and the companies there with
    open agreements (they take citizens in), most open agreements first, after the company
    where the citizen already has paid hours (the hours may become a job there).

    A jobmål points to a branche when the branche's name is a word of it ("IT-supporter": IT),
    else to the branche where most citizens of the municipality with the same jobmål have had
    agreements. Two queries for all the citizens.
    """
    rows = [r for r in rows if r.sagsstamme.jobmaal]
    if not rows or user.kommune_id is None:
        return {}
    goals = sorted({r.sagsstamme.jobmaal or "" for r in rows})
    companies = list(virksomheder_by_branche(user=user, today=today).filter(Q(open_aftaler__gt=0)))
    by_pk = {c.pk: c for c in companies}
    all_branches = sorted({c.branche for c in companies if c.branche})
    history: dict[str, Counter[str]] = defaultdict(Counter)
    for found in (
        Aftale.objects.filter(
            borger__kommune_id=user.kommune_id,
            borger__jobmaal__beskrivelse__in=goals,
            virksomhed__isnull=False,
        )
        .exclude(virksomhed__branche="")
        .values("borger__jobmaal__beskrivelse", "virksomhed__branche")
        .annotate(n=Count("borger", distinct=True))
    ):
        history[found["borger__jobmaal__beskrivelse"]][found["virksomhed__branche"]] = found["n"]
    by_branche: dict[str, list[Virksomhed]] = defaultdict(list)
    for c in sorted(companies, key=lambda c: (-c.open_aftaler, c.navn, c.cvr)):  # type: ignore[attr-defined]
        by_branche[c.branche].append(c)

    out: dict[int, JobMatch] = {}
    for row in rows:
        goal = row.sagsstamme.jobmaal or ""
        named = [b for b in all_branches if _words(b) and _words(b) <= _words(goal)]
        ranked = history[goal].most_common(1)
        if named:
            branche: str | None = named[0]
            why = _("Branchen står i jobmålet.")
        elif ranked:
            branche = ranked[0][0]
            why = _(
                "Borgere med samme jobmål har haft aftaler i branchen (%(antal)d i %(branche)s)."
            ) % {"antal": ranked[0][1], "branche": branche}
        else:
            branche = None
            why = _("Jobmålet peger ikke på en branche.")
        own = by_pk.get(row.paid_hours_company_id or 0)
        picked = [CompanyMatch(own, own.open_aftaler, own=True)] if own else []  # type: ignore[attr-defined]
        picked += [
            CompanyMatch(c, c.open_aftaler, own=False)  # type: ignore[attr-defined]
            for c in (by_branche.get(branche, []) if branche else [])
            if c is not own
        ]
        branches = (branche,) if branche else ()
        out[row.borger.pk] = JobMatch(branches, why, tuple(picked[:MAX_COMPANIES]))
    return out


def boards(*, user: User, borgere: QuerySet[Borger], today: date) -> Boards:
    """The boards of the citizens the caller has limited with `visible_borgere`."""
    latest = Tavleflytning.objects.filter(borger=OuterRef("pk")).order_by("-tidspunkt", "-id")
    jobformidler = Markering.objects.filter(
        open_on(today), borger=OuterRef("pk"), markering="jobformidler"
    ).order_by("-start", "-id")
    group2 = Forloeb.objects.filter(open_on(today), borger=OuterRef("pk"), gruppe=2)
    annotated = in_programme(borgere, today).annotate(
        tavle=Subquery(latest.values("tavle")[:1]),
        tavle_siden=Subquery(latest.values("tidspunkt")[:1]),
        fra_tavle=Subquery(latest.values("fra_tavle")[:1]),
        flyttet_af=Subquery(latest.values("flyttet_af__username")[:1]),
        flyttet_af_navn=Subquery(
            latest.annotate(
                navn=Concat("flyttet_af__first_name", Value(" "), "flyttet_af__last_name")
            ).values("navn")[:1]
        ),
        jf_navn=Subquery(jobformidler.values("medarbejder__navn")[:1]),
        rehabilitering_gruppe=Exists(group2),
    )
    rows = model_rows(annotated, today=today)
    spring = [r for r in rows if r.borger.tavle == Tavle.PAA_SPRING]  # type: ignore[attr-defined]
    matches = job_matches(user=user, rows=spring, today=today)
    by_board: dict[str, list[Card]] = defaultdict(list)
    unplaced: list[Card] = []
    for row in sorted(
        rows, key=lambda r: (not r.borger.navn, r.borger.navn.casefold(), r.borger.pk)
    ):
        b = row.borger
        tavle = Tavle(b.tavle) if b.tavle else None  # type: ignore[attr-defined]
        card = Card(
            row=row,
            tavle=tavle,
            since=b.tavle_siden,  # type: ignore[attr-defined]
            fra_tavle=Tavle(b.fra_tavle) if b.fra_tavle else None,  # type: ignore[attr-defined]
            moved_by=(b.flyttet_af_navn or "").strip() or b.flyttet_af or "",  # type: ignore[attr-defined]
            jobformidler=b.jf_navn or "",  # type: ignore[attr-defined]
            suggestion=suggest_board(row, rehabilitering=b.rehabilitering_gruppe),  # type: ignore[attr-defined]
            match=matches.get(b.pk),
        )
        if tavle is None:
            unplaced.append(card)
        else:
            by_board[tavle].append(card)
    recent = [
        RecentMove(m)
        for m in Tavleflytning.objects.filter(borger__in=[r.borger.pk for r in rows])
        .select_related("borger", "flyttet_af")
        .order_by("-tidspunkt", "-id")[:RECENT_MOVES]
    ]
    return Boards([Board(t, by_board.get(t, [])) for t in Tavle], unplaced, recent)
