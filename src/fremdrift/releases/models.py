"""Frozen releases of an initiative's figures: what a monthly report was made from.

A release is written once and never changed: the delivery versions it was computed from, the
definitions (the initiative's TOML text itself, so that it can be computed again after the
definitions have moved on) and the figures as a Parquet file with its hash. A correction is a
new revision that supersedes the previous one, which stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.intake.models import MONTH_VALIDATOR, WrittenOnce


class Release(WrittenOnce):
    initiative = models.CharField(
        _("initiativ"), max_length=30, choices=[(k, k) for k in INITIATIVE_KEYS]
    )
    # The reporting month: the figures run from first_month to month.
    month = models.CharField(_("måned"), max_length=7, validators=[MONTH_VALIDATOR])
    first_month = models.CharField(_("første måned"), max_length=7, validators=[MONTH_VALIDATOR])
    revision = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("udgivet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udgivet af"),
    )
    reason = models.TextField(_("begrundelse"), blank=True)
    definitions_version = models.CharField(_("definitioner"), max_length=50)
    definitions_sha256 = models.CharField(max_length=64)
    definitions_text = models.TextField()
    # [{"id", "kommune", "version", "sha256"}, ...] sorted by kommune: the accepted delivery
    # versions the figures were computed from.
    inputs = models.JSONField(_("leverancer"), default=list)
    # Kommunekoder with no accepted delivery for the month: absent from the figures, not zero.
    missing = models.JSONField(_("mangler"), default=list, blank=True)
    # Parquet file relative to VAR_DIR/releases: the engine's long form and `suppressed`.
    figures_path = models.CharField(max_length=300)
    figures_sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rækker"), default=0)
    # The software that computed and wrote the figures: byte for byte needs the same engine
    # and the same Parquet writer.
    software = models.CharField(_("programversion"), max_length=100, blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("erstatter"),
    )

    class Meta:
        ordering = ["initiative", "month", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "month", "revision"], name="one_release_revision_number"
            )
        ]
        verbose_name = _("udgivelse")
        verbose_name_plural = _("udgivelser")

    frozen_as = "udgivelsen {} er frosset"

    def __str__(self) -> str:
        return f"{self.initiative} {self.month} rev. {self.revision}"

    @property
    def input_versions(self) -> dict[str, int]:
        """Kommunekode -> delivery version number."""
        return {i["kommune"]: i["version"] for i in self.inputs}
