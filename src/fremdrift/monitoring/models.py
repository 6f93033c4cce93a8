"""STAR's follow-up: the municipalities' grants and the notes of the follow-up done."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.intake.models import MONTH_VALIDATOR
from fremdrift.organisation.models import Kommune

INITIATIVE_CHOICES = [(k, k) for k in INITIATIVE_KEYS]


class Grant(models.Model):
    """A municipality's grant from an initiative's pool: paid afterwards in two rates (rate 1 on
    the interim account of costs, rate 2 on the final account and the results)."""

    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="grants", verbose_name=_("kommune")
    )
    initiative = models.CharField(_("initiativ"), max_length=30, choices=INITIATIVE_CHOICES)
    amount = models.DecimalField(_("tilskud (kr.)"), max_digits=12, decimal_places=2)
    # The grant period, months YYYY-MM, both included: the months the payout rule reads.
    period_from = models.CharField(
        _("tilskudsperiode fra"), max_length=7, validators=[MONTH_VALIDATOR]
    )
    period_to = models.CharField(
        _("tilskudsperiode til"), max_length=7, validators=[MONTH_VALIDATOR]
    )
    # None until the municipality has sent an account; the payout is never more than this.
    costs_documented = models.DecimalField(
        _("dokumenterede udgifter (kr.)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    rate1_paid = models.BooleanField(_("1. rate udbetalt"), default=False)

    class Meta:
        ordering = ["initiative", "kommune"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "initiative"], name="one_grant_per_kommune_and_initiative"
            )
        ]
        verbose_name = _("tilskud")
        verbose_name_plural = _("tilskud")

    def __str__(self) -> str:
        return f"{self.initiative} {self.kommune_id}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("Tilskuddet skal være et positivt beløb i kroner.")
        if self.costs_documented is not None and self.costs_documented < 0:
            errors["costs_documented"] = _("De dokumenterede udgifter kan ikke være negative.")
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("Tilskudsperioden slutter før den begynder.")
        if errors:
            raise ValidationError(errors)


class FollowUpNote(models.Model):
    """What STAR did about a municipality's results in a month: written once, never changed."""

    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="follow_up_notes", verbose_name=_("kommune")
    )
    initiative = models.CharField(_("initiativ"), max_length=30, choices=INITIATIVE_CHOICES)
    # The reporting month the follow-up was about.
    month = models.CharField(_("måned"), max_length=7, validators=[MONTH_VALIDATOR])
    text = models.TextField(_("opfølgning"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skrevet af"),
    )
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["initiative", "kommune", "created_at"])]
        verbose_name = _("opfølgningsnote")
        verbose_name_plural = _("opfølgningsnoter")

    def __str__(self) -> str:
        return f"{self.initiative} {self.kommune_id} {self.month}"
