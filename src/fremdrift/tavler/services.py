"""Writes of the leader screens: a move between boards, and a suggested caseload move.

Both check that the actor may see the citizen first (`borgere.access.require_visible`) and write
the change and its audit event in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.audit.services import record, save_and_record
from fremdrift.borgere.access import require_visible
from fremdrift.borgere.models import Borger
from fremdrift.borgere.selectors import working_initiativ
from fremdrift.borgere.services import Assignment, assign_jobformidler
from fremdrift.indsats.selectors import sagsstamme_medarbejdere
from fremdrift.organisation.models import Medarbejder, User
from fremdrift.tavler.models import Tavle, Tavleflytning

NOTE_MAX = Tavleflytning._meta.get_field("note").max_length


def move_to_board(*, actor: User, borger: Borger, tavle: str, note: str = "") -> Tavleflytning:
    """Put the citizen on a board; the move is added to the history, nothing is overwritten."""
    require_visible(actor, borger, view="tavler:flyt")
    if tavle not in Tavle.values:
        raise ValidationError(
            {"tavle": _("Vælg en af tavlerne: i gang, på spring, på vej eller på længere sigt.")}
        )
    note = note.strip()
    if NOTE_MAX is not None and len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Noten er for lang: højst %(antal)d tegn.") % {"antal": NOTE_MAX}}
        )
    with transaction.atomic():
        current = (
            Tavleflytning.objects.select_for_update()
            .filter(borger=borger)
            .order_by("-tidspunkt", "-id")
            .first()
        )
        if current is not None and current.tavle == tavle:
            raise ValidationError(
                {
                    "tavle": _("Borgeren er allerede på tavlen %(tavle)s.")
                    % {"tavle": Tavle(tavle).label}
                }
            )
        move = Tavleflytning(
            borger=borger,
            tavle=tavle,
            fra_tavle=current.tavle if current is not None else "",
            tidspunkt=timezone.now(),
            flyttet_af=actor,
            note=note,
        )
        return save_and_record(actor=actor, obj=move, borger=borger, before=None)


def place_suggested(
    *, actor: User, placements: Sequence[tuple[Borger, str]], note: str = ""
) -> list[Tavleflytning]:
    """Place several citizens at once (the boards' suggestions), each move as `move_to_board`
    writes it; all or none."""
    with transaction.atomic():
        return [
            move_to_board(actor=actor, borger=borger, tavle=tavle, note=note)
            for borger, tavle in placements
        ]


def move_caseload(*, actor: User, borger: Borger, medarbejder: Medarbejder) -> Assignment:
    """A leader applies a suggested move: the citizen gets `medarbejder` as jobformidler from
    today, through `assign_jobformidler` (its cap rules and its audit events)."""
    if not actor.is_leader or not sagsstamme_medarbejdere(actor).filter(pk=medarbejder.pk).exists():
        record(
            actor=actor, action=Action.DENIED, borger_id=borger.pk, view="tavler:sagsstammer-flyt"
        )
        raise PermissionDenied(_("Du kan kun flytte borgere til jobformidlere i dine teams."))
    today = timezone.localdate()
    return assign_jobformidler(
        actor=actor,
        borger=borger,
        medarbejder=medarbejder,
        start=today,
        initiativ=working_initiativ(borger=borger, today=today),
    )
