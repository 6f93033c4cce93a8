"""The steering group's meetings and cadence, and the inputs of the municipality's business case."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.labels import label
from fremdrift.organisation.models import Kommune
from fremdrift.styregruppe.business_case import LEFT_FROM
from fremdrift.styregruppe.cadence import Cadence


class GroupKind(models.TextChoices):
    STYREGRUPPE = "styregruppe", _("Styregruppe")
    STEP_UP = "step_up", _("Step-up-gruppe")


class CadenceUnit(models.TextChoices):
    MAANED = "maaned", _("måneder")
    UGE = "uge", _("uger")


class MeetingGroup(models.Model):
    """A forum that meets at a fixed cadence: the steering group, or e.g. a step-up group."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="moedegrupper")
    kind = models.CharField(
        _("slags"), max_length=20, choices=GroupKind.choices, default=GroupKind.STYREGRUPPE
    )
    name = models.CharField(_("navn"), max_length=100)
    start = models.DateField(_("første møde"))
    every = models.PositiveSmallIntegerField(
        _("mødes hver"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    unit = models.CharField(
        _("enhed"), max_length=10, choices=CadenceUnit.choices, default=CadenceUnit.MAANED
    )
    startup_every = models.PositiveSmallIntegerField(
        _("i opstarten hver"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Tomt: samme kadence fra start."),
    )
    startup_months = models.PositiveSmallIntegerField(
        _("opstartens længde i måneder"), default=6, validators=[MaxValueValidator(36)]
    )

    class Meta:
        ordering = ["kommune", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "name"],
                name="moedegruppe_unique_name",
                violation_error_message=_(
                    "Kommunen har allerede en gruppe med det navn; vælg et andet navn."
                ),
            )
        ]
        verbose_name = _("mødegruppe")
        verbose_name_plural = _("mødegrupper")

    def __str__(self) -> str:
        return self.name

    @property
    def cadence(self) -> Cadence:
        return Cadence(
            start=self.start,
            every=self.every,
            unit=self.unit,  # type: ignore[arg-type]
            startup_every=self.startup_every,
            startup_months=self.startup_months,
        )


class Meeting(models.Model):
    group = models.ForeignKey(MeetingGroup, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("mødedato"))
    notes = models.TextField(_("noter"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("skrevet af")
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-held_on", "-id"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")

    def __str__(self) -> str:
        return f"{self.group} {self.held_on}"


class Investment(models.Model):
    """What the municipality puts into the initiative in a year, in whole kroner."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="investeringer")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    staff = models.PositiveBigIntegerField(_("personale (kr.)"), default=0)
    other = models.PositiveBigIntegerField(_("øvrige udgifter (kr.)"), default=0)

    class Meta:
        ordering = ["kommune", "year"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "year"], name="investering_unique_year")
        ]
        verbose_name = _("investering")
        verbose_name_plural = _("investeringer")

    def __str__(self) -> str:
        return f"{self.kommune_id} {self.year}"


class SavingRate(models.Model):
    """The municipality's yearly saving on one benefit when a citizen leaves it."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="besparelsessatser")
    ydelse = models.CharField(
        _("ydelse"), max_length=40, choices=[(y, label(y)) for y in LEFT_FROM]
    )
    kroner_per_year = models.PositiveIntegerField(_("besparelse pr. borger pr. år (kr.)"))

    class Meta:
        ordering = ["kommune", "ydelse"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "ydelse"], name="sats_unique_ydelse")
        ]
        verbose_name = _("besparelsessats")
        verbose_name_plural = _("besparelsessatser")

    def __str__(self) -> str:
        return f"{self.kommune_id} {self.ydelse}"
