"""Helpers shared by the indsats and virksomheder tests."""

from __future__ import annotations

from typing import Any

from django.db import models

from fremdrift.audit.models import AuditEvent
from fremdrift.indsats.models import (
    CV,
    Delmaal,
    Jobmaal,
    Kontakt,
    Netvaerksinddragelse,
    Step,
    StepUpTilbud,
)
from fremdrift.virksomheder.models import Aftale, Timer, Virksomhed

WATCHED: tuple[type[models.Model], ...] = (
    Step,
    Kontakt,
    CV,
    Jobmaal,
    Delmaal,
    StepUpTilbud,
    Netvaerksinddragelse,
    Virksomhed,
    Aftale,
    Timer,
    AuditEvent,
)


def db_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row the services can write, to show that a refused call changed nothing."""
    return {m.__name__: list(m._default_manager.order_by("pk").values_list()) for m in WATCHED}
