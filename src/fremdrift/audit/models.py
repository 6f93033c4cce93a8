"""The audit log: every look at a citizen and every change, append-only.

Append-only is enforced by the database itself (triggers in migration 0002), so neither a bug
nor a person with shell access through the app can rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Læst")
    CREATE = "create", _("Oprettet")
    UPDATE = "update", _("Ændret")
    DELETE = "delete", _("Slettet")
    IMPORT = "import", _("Indlæst leverance")
    EXPORT = "export", _("Udlæst leverance")
    LOGIN = "login", _("Logget ind")
    LOGIN_FAILED = "login_failed", _("Mislykket login")
    DENIED = "denied", _("Adgang nægtet")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    # A login that has acted cannot be deleted (deactivate it instead): the log must keep
    # naming who did what, and it refuses the update that SET_NULL would make.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    actor_label = models.CharField(_("bruger"), max_length=150)
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices)
    kommune = models.ForeignKey(
        "organisation.Kommune", on_delete=models.PROTECT, null=True, blank=True
    )
    # The citizen concerned, by surrogate key: the log holds no CPR number.
    borger_id = models.BigIntegerField(_("borger"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("objekt"), max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    view = models.CharField(_("visning"), max_length=100, blank=True)
    before = models.JSONField(_("før"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kommune", "at"])]
        verbose_name = _("loghændelse")
        verbose_name_plural = _("log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_type}"
