"""Danish labels for the stored codes (delivery.schema); the codes themselves stay ASCII."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    # køn
    "M": _("Mand"),
    "K": _("Kvinde"),
    # herkomst
    "dansk": _("Dansk oprindelse"),
    "indvandrer_vestlig": _("Indvandrer fra vestligt land"),
    "efterkommer_vestlig": _("Efterkommer fra vestligt land"),
    "indvandrer_ikke_vestlig": _("Indvandrer fra ikke-vestligt land"),
    "efterkommer_ikke_vestlig": _("Efterkommer fra ikke-vestligt land"),
    "vestlig": _("Vestlig"),
    "ikke_vestlig": _("Ikke-vestlig"),
    # initiativer
    "fsm2": _("Flere skal med 2"),
    "ressourceforloeb": _("Ressourceforløb"),
    # markeringer
    "jobformidler": _("Jobformidler"),
    "rehabilitering": _("Rehabilitering"),
    "step_up": _("Step-up"),
    "fritagelse": _("Fritagelse"),
    # ydelser
    "kontanthjaelp": _("Kontanthjælp"),
    "integrationsydelse": _("Integrationsydelse"),
    "uddannelseshjaelp": _("Uddannelseshjælp"),
    "fleksjob": _("Fleksjob"),
    "ledighedsydelse": _("Ledighedsydelse"),
    "foertidspension": _("Førtidspension"),
    "sygedagpenge": _("Sygedagpenge"),
    "a_dagpenge": _("A-dagpenge"),
    "loenmodtagerbeskaeftigelse": _("Lønmodtagerbeskæftigelse"),
    "selvforsoergelse": _("Selvforsørgelse"),
    "andet": _("Andet"),
    # visitation og program
    "aktivitetsparat": _("Aktivitetsparat"),
    "jobparat": _("Jobparat"),
    "selvforsoergelse_hjemrejse": _("Selvforsørgelses- og hjemrejseprogram"),
    "introduktion": _("Introduktionsprogram"),
    # slutårsager
    "gruppeskift": _("Gruppeskift"),
    "fraflytning": _("Fraflytning"),
    "doed": _("Død"),
    "folkepension": _("Folkepension"),
}


def label(code: str) -> str | Promise:
    return LABELS.get(code, code)
