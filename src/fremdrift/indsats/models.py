"""The effort model (indsatsmodellen): steps, contacts, CV, jobmål, delmål, step-up and network."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.models import Borger
from fremdrift.organisation.models import Medarbejder


class Trin(models.IntegerChoices):
    STARTAFKLARING = 1, _("Trin 1: startafklaring")
    PAA_VEJ_MOD_JOB = 2, _("Trin 2: på vej mod job")
    VIRKSOMHEDSFORLOEB = 3, _("Trin 3: virksomhedsforløb med lønnede timer")


class Step(models.Model):
    """A citizen's time on one step; the deadline is fixed when the step starts."""

    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="steps")
    initiativ = models.CharField(_("initiativ"), max_length=30)
    trin = models.PositiveSmallIntegerField(_("trin"), choices=Trin.choices)
    start = models.DateField(_("start"))
    # Danish working days from the initiative's step_deadlines; none for trin 3.
    frist = models.DateField(_("frist"), null=True, blank=True)
    afsluttet = models.DateField(_("afsluttet"), null=True, blank=True)

    class Meta:
        ordering = ["borger", "start", "trin"]
        constraints = [
            models.UniqueConstraint(
                fields=["borger", "initiativ"],
                condition=models.Q(afsluttet__isnull=True),
                name="one_open_step_per_initiative",
            )
        ]
        verbose_name = _("trin")
        verbose_name_plural = _("trin")

    def __str__(self) -> str:
        return f"trin {self.trin} {self.start}"


class Kontaktform(models.TextChoices):
    SAMTALE = "samtale", _("Samtale")
    TELEFON = "telefon", _("Telefon")
    DIGITAL = "digital", _("Digital")
    VIRKSOMHEDSBESOEG = "virksomhedsbesoeg", _("Virksomhedsbesøg")
    NETVAERKSMOEDE = "netvaerksmoede", _("Netværksmøde")


class Kontakt(models.Model):
    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="kontakter")
    dato = models.DateField(_("dato"))
    form = models.CharField(_("form"), max_length=20, choices=Kontaktform.choices)
    med_hvem = models.CharField(_("med hvem"), max_length=200, blank=True)
    medarbejder = models.ForeignKey(
        Medarbejder, on_delete=models.SET_NULL, null=True, blank=True, related_name="kontakter"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["borger", "-dato", "-id"]
        indexes = [models.Index(fields=["borger", "dato"])]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")

    def __str__(self) -> str:
        return f"{self.form} {self.dato}"


class CV(models.Model):
    borger = models.OneToOneField(Borger, on_delete=models.CASCADE, related_name="cv")
    senest_opdateret = models.DateField(_("senest opdateret"), null=True, blank=True)
    kvalitetstjekket = models.DateField(_("kvalitetstjekket"), null=True, blank=True)

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CV'er")

    def __str__(self) -> str:
        return f"CV opdateret {self.senest_opdateret or '-'}"


class Jobmaal(models.Model):
    """A job goal; a new goal ends the previous one instead of overwriting it."""

    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="jobmaal")
    beskrivelse = models.CharField(_("jobmål"), max_length=300)
    start = models.DateField(_("fastsat"))
    slut = models.DateField(_("afløst"), null=True, blank=True)

    class Meta:
        ordering = ["borger", "-start", "-id"]
        verbose_name = _("jobmål")
        verbose_name_plural = _("jobmål")

    def __str__(self) -> str:
        return self.beskrivelse


class DelmaalStatus(models.TextChoices):
    IKKE_STARTET = "ikke_startet", _("Ikke startet")
    I_GANG = "i_gang", _("I gang")
    NAAET = "naaet", _("Nået")
    OPGIVET = "opgivet", _("Opgivet")


class Delmaal(models.Model):
    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="delmaal")
    beskrivelse = models.CharField(_("delmål"), max_length=300)
    oprettet = models.DateField(_("oprettet"))
    frist = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DelmaalStatus.choices,
        default=DelmaalStatus.IKKE_STARTET,
    )
    status_dato = models.DateField(_("status pr."))

    class Meta:
        ordering = ["borger", "oprettet", "id"]
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")

    def __str__(self) -> str:
        return self.beskrivelse


class Forvaltning(models.TextChoices):
    SUNDHED = "sundhed", _("Sundhed")
    SOCIAL = "social", _("Social")
    FAMILIE = "familie", _("Familie")
    MISBRUG = "misbrug", _("Misbrug")
    ANDET = "andet", _("Andet")


class StepUpTilbud(models.Model):
    """A step-up offer across administrations and whether the citizen takes part."""

    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="step_up_tilbud")
    forvaltning = models.CharField(_("forvaltning"), max_length=20, choices=Forvaltning.choices)
    beskrivelse = models.CharField(_("tilbud"), max_length=300)
    tilbudt = models.DateField(_("tilbudt"))
    start = models.DateField(_("deltager fra"), null=True, blank=True)
    slut = models.DateField(_("deltager til"), null=True, blank=True)

    class Meta:
        ordering = ["borger", "tilbudt", "id"]
        verbose_name = _("step-up-tilbud")
        verbose_name_plural = _("step-up-tilbud")

    def __str__(self) -> str:
        return f"{self.forvaltning}: {self.beskrivelse}"


class Netvaerksinddragelse(models.Model):
    borger = models.ForeignKey(Borger, on_delete=models.CASCADE, related_name="netvaerk")
    dato = models.DateField(_("dato"))
    hvem = models.CharField(_("hvem"), max_length=200)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["borger", "dato", "id"]
        verbose_name = _("netværksinddragelse")
        verbose_name_plural = _("netværksinddragelser")

    def __str__(self) -> str:
        return f"{self.dato} {self.hvem}"
