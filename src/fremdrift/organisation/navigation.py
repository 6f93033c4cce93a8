"""The screens of the app and who may use them: one list for the main menu and the front page.

A screen added in a later issue adds one `Screen` here; the role matrix test then asks for its
row, so no screen is reachable without a decision about every role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.access import can_see_people
from fremdrift.intake.access import can_see_deliveries
from fremdrift.integrations.access import can_see_benchmarks
from fremdrift.monitoring.access import can_see_grants, is_star
from fremdrift.organisation.models import User
from fremdrift.reports.access import can_read_reports


@dataclass(frozen=True)
class Screen:
    url_name: str
    label: str | Promise
    description: str | Promise
    allowed: Callable[[User], bool]


def _leader(user: User) -> bool:
    return user.is_leader


def _staff(user: User) -> bool:
    return user.is_staff


SCREENS: tuple[Screen, ...] = (
    Screen(
        "indsats:sagsstamme",
        _("Min sagsstamme"),
        _("Dine borgere med trin, frister, kontakter, CV, jobmål og aftaler: hvem skal hvad nu."),
        can_see_people,
    ),
    Screen(
        "borgere:list",
        _("Borgere"),
        _("De borgere, du har adgang til, og deres borgersider."),
        can_see_people,
    ),
    Screen(
        "borgere:visitation",
        _("Visitation"),
        _("Borgere, der venter på gruppe 1, gruppe 2 eller fritagelse."),
        can_see_people,
    ),
    Screen(
        "virksomheder:list",
        _("Virksomheder"),
        _("Kommunens virksomhedsnetværk efter branche, med kontakt og åbne aftaler."),
        can_see_people,
    ),
    Screen(
        "tavler:tavler",
        _("Tavler"),
        _(
            "Teamets fire tavler til det ugentlige møde: i gang, på spring, på vej, "
            "på længere sigt."
        ),
        can_see_people,
    ),
    Screen(
        "tavler:indsatsmodellen",
        _("Indsatsmodellen"),
        _("Borgere på hvert trin og kerneelement, hvor længe, og hvem der er overskredet."),
        _leader,
    ),
    Screen(
        "tavler:sagsstammer",
        _("Sagsstammer"),
        _("Hver jobformidlers sagsstamme mod loftet, med forslag til flytninger."),
        _leader,
    ),
    Screen(
        "styregruppe:status",
        _("Styregruppe"),
        _("Kvartalets status til styregruppen som PDF, og hvornår næste møde skal holdes."),
        _leader,
    ),
    Screen(
        "styregruppe:business-case",
        _("Business case"),
        _("Kommunens investering år for år mod besparelsen på ydelser."),
        _leader,
    ),
    Screen(
        "intake:status",
        _("Leverancer"),
        _("Kommunernes månedlige leverancer til STAR: modtaget, afvist eller mangler."),
        can_see_deliveries,
    ),
    Screen(
        "releases:list",
        _("Udgivelser"),
        _("De frosne udgivelser af månedens tal, og hvad hver revision ændrede."),
        can_see_deliveries,
    ),
    Screen(
        "monitoring:queue",
        _("Opfølgning"),
        _("Kommuner under kravet eller uden udsigt til udbetaling, med noter om opfølgningen."),
        is_star,
    ),
    Screen(
        "monitoring:grants",
        _("Tilskud"),
        _("Tilskuddene og hvad de udløser i 1. og 2. rate, opgjort på de udgivne tal."),
        can_see_grants,
    ),
    Screen(
        "reports:index",
        _("Månedsrapport"),
        _("Månedens indikatorer pr. kommune og for hele landet, som HTML, PDF og regneark."),
        can_read_reports,
    ),
    Screen(
        "overblik:index",
        _("Overblik"),
        _(
            "Indikatorerne for jobcentret, et team eller en jobformidler: mål, udvikling, "
            "landstal og borgerne bag tallene."
        ),
        can_see_people,
    ),
    Screen(
        "integrations:benchmarks",
        _("Benchmarks"),
        _("Landstal og kommunetal fra jobindsats.dk, der vises ved siden af vores egne."),
        can_see_benchmarks,
    ),
    Screen(
        "audit:search",
        _("Loggen"),
        _("Hvem har set eller ændret hvad i kommunen."),
        _leader,
    ),
    Screen(
        "admin:index",
        _("Administration"),
        _("Logins, teams, medarbejdere og referencedata."),
        _staff,
    ),
)


@dataclass(frozen=True)
class Link:
    url: str
    label: str | Promise
    description: str | Promise
    current: bool = False


def links_for(user: User, path: str) -> list[Link]:
    """The screens this login may use, in the order a working day needs them."""
    urls = [(screen, reverse(screen.url_name)) for screen in SCREENS if screen.allowed(user)]
    # The screen whose address is the longest start of the path is the current one, so that
    # /borgere/visitation/ is Visitation and not Borgere too.
    current = max((url for _s, url in urls if path.startswith(url)), key=len, default=None)
    return [Link(url, s.label, s.description, url == current) for s, url in urls]


def navigation(request: HttpRequest) -> dict[str, list[Link]]:
    """Context processor: the main menu of the logged-in user."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return {"navigation": []}
    return {"navigation": links_for(user, request.path)}
