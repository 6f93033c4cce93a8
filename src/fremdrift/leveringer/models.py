"""Deliveries loaded into the case system: every version kept, one active per municipality."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.organisation.models import Kommune


class DeliveryImport(models.Model):
    """One load of one municipality's part of a delivery.

    The tables as loaded are kept (Parquet in a zip), so an earlier version stays readable for
    audit after a corrected delivery has replaced it.
    """

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="imports")
    # Hash of the municipality's tables in canonical form: the same data twice is the same hash.
    sha256 = models.CharField(max_length=64)
    source_name = models.CharField(_("kilde"), max_length=500)
    imported_at = models.DateTimeField(_("indlæst"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    active = models.BooleanField(_("gældende"), default=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    row_counts = models.JSONField(_("rækker"), default=dict)
    warnings = models.JSONField(_("advarsler"), default=list)
    tables = models.BinaryField(_("tabeller"))

    class Meta:
        ordering = ["kommune", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune"],
                condition=models.Q(active=True),
                name="one_active_import_per_kommune",
            )
        ]
        verbose_name = _("indlæst leverance")
        verbose_name_plural = _("indlæste leverancer")

    def __str__(self) -> str:
        return f"{self.kommune_id} {self.imported_at:%Y-%m-%d %H:%M} ({self.sha256[:12]})"
