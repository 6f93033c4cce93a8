"""Citizens and their dated periods: benefits, programme periods and markings.

Periods are never overwritten: a change ends a period and opens a new one, and the audit log
keeps the before and after of every write. `source` tells a row loaded from a delivery (which a
corrected delivery replaces) from one recorded here (which no delivery touches).
"""

from __future__ import annotations

import calendar
from datetime import date

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.labels import label
from fremdrift.delivery import schema
from fremdrift.organisation.models import Kommune, Medarbejder


def _choices(codes: tuple[str, ...]) -> list[tuple[str, str | Promise]]:
    # The stored values are the delivery's codes; the Danish labels are the screens' own.
    return [(c, label(c)) for c in codes]


class Borger(models.Model):
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="borgere")
    # CPR number inside the municipality, or a pseudonym. Never shown whole, never in a URL or
    # a log line: screens address a citizen by the surrogate primary key.
    person_id = models.CharField(max_length=64)
    foedselsdato = models.DateField(_("fødselsdato"))
    koen = models.CharField(_("køn"), max_length=1, choices=_choices(schema.KOEN))
    herkomst = models.CharField(
        _("herkomst"), max_length=30, choices=_choices(schema.HERKOMST5 + schema.HERKOMST3[1:])
    )
    navn = models.CharField(_("navn"), max_length=200, blank=True)
    source = models.ForeignKey(
        "leveringer.DeliveryImport", on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["kommune", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "person_id"], name="borger_unique")
        ]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")

    def __str__(self) -> str:
        return f"Borger {self.pk}"

    __repr__ = __str__

    def age_on(self, day: date) -> int:
        """Whole years on `day`; in a common year a 29 February birthday passes on the 28th."""
        born = self.foedselsdato
        birthday = (born.month, born.day)
        if birthday == (2, 29) and not calendar.isleap(day.year):
            birthday = (2, 28)
        return day.year - born.year - ((day.month, day.day) < birthday)


class Period(models.Model):
    start = models.DateField(_("start"))
    slut = models.DateField(_("slut"), null=True, blank=True)
    source = models.ForeignKey(
        "leveringer.DeliveryImport", on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        abstract = True
        ordering = ["borger", "start", "id"]


class Ydelse(Period):
    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="ydelser")
    ydelse = models.CharField(_("ydelse"), max_length=40, choices=_choices(schema.YDELSER))
    visitation = models.CharField(
        _("visitation"), max_length=20, blank=True, choices=_choices(schema.VISITATIONER)
    )
    program = models.CharField(
        _("program"), max_length=40, blank=True, choices=_choices(schema.PROGRAMMER)
    )

    class Meta(Period.Meta):
        verbose_name = _("ydelse")
        verbose_name_plural = _("ydelser")

    def __str__(self) -> str:
        return f"{self.ydelse} {self.start}–{self.slut or ''}"


class Forloeb(Period):
    """A period in an initiative, in group 1 (indsatsgruppe) or group 2 (rehabilitering)."""

    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="forloeb")
    initiativ = models.CharField(
        _("initiativ"), max_length=30, choices=_choices(schema.INITIATIVER)
    )
    gruppe = models.PositiveSmallIntegerField(_("gruppe"), choices=[(1, "1"), (2, "2")])
    # Only these end a membership; a closed case is no end (docs/indicators.md).
    slutaarsag = models.CharField(
        _("slutårsag"), max_length=20, blank=True, choices=_choices(schema.SLUTAARSAGER)
    )

    class Meta(Period.Meta):
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")

    def __str__(self) -> str:
        return f"{self.initiativ} gruppe {self.gruppe} {self.start}–{self.slut or ''}"


class Markering(Period):
    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="markeringer")
    markering = models.CharField(
        _("markering"), max_length=20, choices=_choices(schema.MARKERINGER)
    )
    # For a jobformidler marking: who held the case. The markings are the assignment history.
    medarbejder = models.ForeignKey(
        Medarbejder, on_delete=models.PROTECT, null=True, blank=True, related_name="markeringer"
    )
    fritagelsesgrund = models.CharField(_("fritagelsesgrund"), max_length=200, blank=True)

    class Meta(Period.Meta):
        indexes = [models.Index(fields=["medarbejder", "markering", "slut"])]
        verbose_name = _("markering")
        verbose_name_plural = _("markeringer")

    def __str__(self) -> str:
        return f"{self.markering} {self.start}–{self.slut or ''}"
