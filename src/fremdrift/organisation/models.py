"""Municipalities, teams, staff and the logins, with the role that decides what each may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kommune(models.Model):
    """One of the 98 municipalities; reference data loaded by a migration, never typed in."""

    kode = models.CharField(_("kommunekode"), max_length=3, primary_key=True)
    navn = models.CharField(_("navn"), max_length=64)
    region = models.CharField(_("region"), max_length=64)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.kode} {self.navn}"


class Team(models.Model):
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="teams")
    navn = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["kommune", "navn"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "navn"], name="team_unique_per_kommune")
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.navn


class Medarbejder(models.Model):
    """A member of staff who can hold cases, whether or not they have a login here."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="medarbejdere")
    # The case system's own id of the person (the delivery's medarbejder_id).
    medarbejder_id = models.CharField(_("medarbejder-id"), max_length=64)
    navn = models.CharField(_("navn"), max_length=200, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="medarbejdere"
    )
    # None: the initiative's cap (30 in FSM2, 40 for ressourceforløb's mixed caseloads).
    sagsstamme_loft = models.PositiveSmallIntegerField(
        _("loft over sagsstamme"), null=True, blank=True
    )
    blandet_sagsstamme = models.BooleanField(
        _("blandet sagsstamme"),
        default=False,
        help_text=_("Har også borgere uden for initiativet (som i Hedensted)."),
    )

    class Meta:
        ordering = ["kommune", "navn", "medarbejder_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "medarbejder_id"], name="medarbejder_id_unique_per_kommune"
            )
        ]
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")

    def __str__(self) -> str:
        return self.navn or self.medarbejder_id


class Role(models.TextChoices):
    JOBFORMIDLER = "jobformidler", _("Jobformidler")
    TEAMLEDER = "teamleder", _("Teamleder")
    PROJEKTLEDER = "projektleder", _("Projektleder / administrator")
    STAR = "star", _("STAR-analytiker")


LEADER_ROLES = frozenset({Role.TEAMLEDER, Role.PROJEKTLEDER})


class User(AbstractUser):
    """A login. What it may see follows from role, municipality and staff link (borgere.access)."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    # Empty only for STAR, who works across all municipalities.
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, null=True, blank=True, related_name="brugere"
    )
    medarbejder = models.OneToOneField(
        Medarbejder, on_delete=models.SET_NULL, null=True, blank=True, related_name="bruger"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="star", kommune__isnull=True)
                | (~models.Q(role="star") & models.Q(kommune__isnull=False))
                | models.Q(role=""),
                name="user_kommune_matches_role",
                violation_error_message=_(
                    "En STAR-bruger har ingen kommune; alle andre roller skal have en kommune."
                ),
            )
        ]
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    @property
    def is_leader(self) -> bool:
        return self.role in LEADER_ROLES
