"""API tokens: one per integration, belonging to a login whose role decides what it may see.

Only a hash of the token is stored; the token itself is shown once, when it is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("bruger"),
    )
    name = models.CharField(_("navn"), max_length=100, help_text=_("Hvad tokenet bruges til."))
    # SHA-256 of the token: the token is 256 random bits, so a fast hash is as safe as a slow one.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so that a person can tell their tokens apart; not enough to guess.
    prefix = models.CharField(_("begynder med"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
