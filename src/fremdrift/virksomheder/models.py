"""Companies, agreements with them (the delivery's aktiviteter) and the hours worked each month."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.models import Borger, Period
from fremdrift.organisation.models import Kommune


class Virksomhed(models.Model):
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="virksomheder")
    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    navn = models.CharField(_("navn"), max_length=200, blank=True)
    branche = models.CharField(_("branche"), max_length=200, blank=True)
    kontaktperson = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    kontakt_telefon = models.CharField(_("telefon"), max_length=30, blank=True)
    kontakt_email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["kommune", "navn", "cvr"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "cvr"], name="virksomhed_unique_cvr")
        ]
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")

    def __str__(self) -> str:
        return self.navn or self.cvr


class Aftaletype(models.TextChoices):
    # The delivery's aktivitet codes, plus småjob: paid hours of 4-14 a week, delivered as
    # loennede_timer.
    VIRKSOMHEDSPRAKTIK = "virksomhedspraktik", _("Virksomhedspraktik")
    LOENTILSKUD = "loentilskud", _("Løntilskud")
    LOENNEDE_TIMER = "loennede_timer", _("Lønnede timer")
    SMAAJOB = "smaajob", _("Småjob")
    UDDANNELSE = "uddannelse", _("Ordinær uddannelse")
    SELVFORSOERGET = "selvforsoerget_beskaeftigelse", _("Selvforsørgende beskæftigelse")
    ANDET = "andet", _("Andet")


DELIVERY_AKTIVITET = {Aftaletype.SMAAJOB.value: Aftaletype.LOENNEDE_TIMER.value}


class Aftale(Period):
    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="aftaler")
    aktivitet = models.CharField(_("type"), max_length=30, choices=Aftaletype.choices)
    virksomhed = models.ForeignKey(
        Virksomhed, on_delete=models.PROTECT, null=True, blank=True, related_name="aftaler"
    )
    # A float, as in the delivery, so that export gives back exactly what came in.
    timer_pr_uge = models.FloatField(_("timer pr. uge"), null=True, blank=True)
    opgaver = models.TextField(_("opgaver"), blank=True)
    kontaktperson = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    progressionsplan = models.TextField(_("plan for progression mod lønnede timer"), blank=True)

    class Meta(Period.Meta):
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")


class Timer(models.Model):
    """Hours actually worked under an agreement in one month (from eIndkomst or the company)."""

    aftale = models.ForeignKey(Aftale, on_delete=models.CASCADE, related_name="timer")
    maaned = models.DateField(_("måned"), help_text=_("Den første i måneden."))
    timer = models.DecimalField(_("timer"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["aftale", "maaned"]
        constraints = [
            models.UniqueConstraint(fields=["aftale", "maaned"], name="timer_unique_month"),
            models.CheckConstraint(condition=models.Q(maaned__day=1), name="timer_month_start"),
            models.CheckConstraint(condition=models.Q(timer__gte=0), name="timer_not_negative"),
        ]
        verbose_name = _("timer")
        verbose_name_plural = _("timer")

    def __str__(self) -> str:
        return f"{self.maaned:%Y-%m}: {self.timer}"
