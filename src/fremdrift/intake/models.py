"""Deliveries received by STAR: one row per received version, never deleted or changed.

The tables of an accepted version are stored as Parquet files under
`settings.VAR_DIR / "intake" / <storage>`; the row holds what is needed to find, check and
explain them (hash, who delivered it, the validation report).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.organisation.models import Kommune

MONTH_VALIDATOR = RegexValidator(
    r"^\d{4}-(0[1-9]|1[0-2])$", _("Skriv måneden som ÅÅÅÅ-MM, fx 2025-06.")
)


class FrozenError(RuntimeError):
    """A received delivery or a release is a record of what happened: it is never changed."""


class WrittenOnce(models.Model):
    """A row saved once and then never changed or deleted (FrozenError)."""

    frozen_as: ClassVar[str]  # the errors' words for the row: "leverancen {} er modtaget"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise FrozenError(f"{self.frozen_as.format(self)} og kan ikke ændres")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise FrozenError(f"{self.frozen_as.format(self)} og kan ikke slettes")


class DeliveryStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Modtaget")
    REJECTED = "rejected", _("Afvist")


class DeliveryVersion(WrittenOnce):
    """One received delivery of one municipality for one reporting month.

    `version` numbers every receipt for the municipality and month (accepted or rejected) from
    1; an accepted version supersedes the accepted one before it, which stays.
    """

    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="star_deliveries", verbose_name=_("kommune")
    )
    month = models.CharField(_("måned"), max_length=7, validators=[MONTH_VALIDATOR])
    version = models.PositiveIntegerField(_("version"))
    # Accepted: the hash of the municipality's tables in canonical form (the same data is the
    # same hash, whatever the file format); rejected: the hash of the files as received.
    sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(_("modtaget"), auto_now_add=True)
    # Who at the municipality delivered it (as told on intake); received_by: the STAR login.
    delivered_by = models.CharField(_("leveret af"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modtaget af"),
    )
    source_name = models.CharField(_("fil"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    # {"errors", "warnings", "counts", "problems": [Problem.as_dict(), ...]}: every problem of a
    # rejected delivery, the warnings of an accepted one.
    report = models.JSONField(_("kontrolrapport"), default=dict, blank=True)
    row_counts = models.JSONField(_("rækker"), default=dict, blank=True)
    # Folder of the Parquet tables, relative to VAR_DIR/intake; empty for a rejected delivery.
    storage = models.CharField(max_length=300, blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("erstatter"),
    )

    class Meta:
        ordering = ["kommune", "month", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "month", "version"], name="one_delivery_version_number"
            )
        ]
        indexes = [models.Index(fields=["month", "status"])]
        verbose_name = _("modtaget leverance")
        verbose_name_plural = _("modtagne leverancer")

    frozen_as = "leverancen {} er modtaget"

    def __str__(self) -> str:
        return f"{self.kommune_id} {self.month} v{self.version} ({self.status})"

    @property
    def accepted(self) -> bool:
        return self.status == DeliveryStatus.ACCEPTED
