"""The municipality's goals per indicator, and the day's stored figures behind the Overblik."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.organisation.models import Kommune

INITIATIVE_CHOICES = [(k, k) for k in INITIATIVE_KEYS]


class Goal(models.Model):
    """The share of an indicator the municipality aims for, set by its projektleder."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="goals")
    initiative = models.CharField(_("initiativ"), max_length=32, choices=INITIATIVE_CHOICES)
    indicator = models.CharField(_("indikator"), max_length=64)
    target = models.DecimalField(
        _("mål i procent"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "initiative", "indicator"], name="goal_unique_per_indicator"
            )
        ]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return f"{self.kommune_id} {self.initiative} {self.indicator}: {self.target} %"


class DailyFigures(models.Model):
    """The figures of one municipality and initiative as last computed, and the fingerprint of
    the data they were computed from: the Overblik recomputes only when that changed or the day
    did (overblik.daily)."""

    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="+")
    initiative = models.CharField(max_length=32, choices=INITIATIVE_CHOICES)
    day = models.DateField()
    computed_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64)
    # The latest audit event when the computation began: later edits make it stale.
    audit_seen = models.BigIntegerField(default=0)
    # Parquet: the engine's long form (kommune level) and the counts per unit of every level.
    figures = models.BinaryField()
    units = models.BinaryField()
    # NumPy .npz: the persons behind each figure (engine.members), read by the drill-down only.
    members = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "initiative"], name="daily_figures_unique_per_initiative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kommune_id} {self.initiative} {self.computed_at:%Y-%m-%d %H:%M}"
