"""Hedensted's four boards (tavler): where a team has placed each citizen, as a log of moves.

A move is never overwritten or deleted: a citizen's board today is their latest move, and the
moves before it are the history (who moved them, when, from which board), as the rest of the
case system keeps its history (docs/adr/0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.models import Borger


class Tavle(models.TextChoices):
    I_GANG = "i_gang", _("I gang")
    PAA_SPRING = "paa_spring", _("På spring")
    PAA_VEJ = "paa_vej", _("På vej")
    PAA_LAENGERE_SIGT = "paa_laengere_sigt", _("På længere sigt")


class Tavleflytning(models.Model):
    """One move of a citizen onto a board; `fra_tavle` is blank for the first placement."""

    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="tavleflytninger")
    tavle = models.CharField(_("tavle"), max_length=20, choices=Tavle.choices)
    fra_tavle = models.CharField(_("fra tavle"), max_length=20, choices=Tavle.choices, blank=True)
    tidspunkt = models.DateTimeField(_("tidspunkt"))
    # PROTECT: the history must keep naming who moved the citizen (deactivate a login instead).
    flyttet_af = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tavleflytninger",
        verbose_name=_("flyttet af"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["borger", "-tidspunkt", "-id"]
        indexes = [models.Index(fields=["borger", "-tidspunkt", "-id"])]
        verbose_name = _("tavleflytning")
        verbose_name_plural = _("tavleflytninger")

    def __str__(self) -> str:
        return f"{self.fra_tavle or '-'} -> {self.tavle} {self.tidspunkt:%Y-%m-%d}"
