"""Who gets what, on every route the project has.

The routes are read from the URL resolver, so a route added later either has a row in MATRIX or
makes `test_every_route_has_a_row` fail, naming it. Django's admin is covered by one rule (no
login in the matrix is staff: every admin page sends them to the admin's login); the admin pages
themselves are tested with a staff login in test_admin.py.

Besides the status, no citizen page of another municipality is ever a 200, and every request
of a logged-in user to a citizen route (under borgere/) is in the audit log, naming that user:
a GET is a look, exactly one event (VIEW or DENIED); a POST may also write, and a write logs
its own events besides the look that opened the citizen (a new jobformidler ends the previous
one's marking too), so a POST writes at least one. An anonymous request writes none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fremdrift.audit.models import AuditEvent

from .conftest import World

ROLES = (
    "jf_own",
    "jf_other_team",
    "teamleder",
    "projektleder",
    "star",
    "projektleder_766",
    "anonymous",
)
LOGGED_IN = ROLES[:-1]


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with `to`."""

    to: str


LOGIN = Redirect("/login/?next=")
ADMIN_LOGIN = Redirect("/admin/login/?next=")
Expected = int | Redirect


def everyone(expected: Expected, **overrides: Expected) -> dict[str, Expected]:
    return {role: overrides.get(role, expected) for role in ROLES}


def logged_in(expected: Expected, **overrides: Expected) -> dict[str, Expected]:
    return everyone(expected, anonymous=LOGIN, **overrides)


@dataclass(frozen=True)
class Case:
    expect: dict[str, Expected]
    method: str = "get"
    # For a citizen route: which citizen of the world (tests/web/conftest.py) it opens.
    borger: str | None = None
    # For a company route: which company of the world (by municipality) it opens.
    virksomhed: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    # URL kwargs filled with the pk of the citizen's first row of a relation (see `casework`).
    related: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)


def citizen_post(**extra: Any) -> list[Case]:
    """A POST to a Borgerside action for each citizen of the world: where the user may see the
    citizen, an empty form comes back with its reasons (200); elsewhere 404, STAR 403."""
    return [
        Case(
            logged_in(404, jf_own=200, teamleder=200, projektleder=200, star=403),
            method="post",
            borger="own",
            **extra,
        ),
        Case(
            logged_in(200, star=403, projektleder_766=404),
            method="post",
            borger="unassigned",
            **extra,
        ),
        Case(
            logged_in(404, star=403, projektleder_766=200),
            method="post",
            borger="other_kommune",
            **extra,
        ),
    ]


YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
MARKERING = {"markering_id": "markeringer"}
AFTALE = {"aftale_id": "aftaler"}
BORGERSIDE_ACTIONS: dict[str, list[Case]] = {
    "borgere:kontakt": [
        *citizen_post(),
        # A contact recorded: back to the page (a write, besides the look).
        Case(
            logged_in(
                404,
                jf_own=Redirect("/borgere/"),
                teamleder=Redirect("/borgere/"),
                projektleder=Redirect("/borgere/"),
                star=403,
            ),
            method="post",
            borger="own",
            # Yesterday: never in the future, whatever the machine's time zone.
            data={"kontakt-dato": YESTERDAY, "kontakt-form": "telefon"},
        ),
    ],
    "borgere:trin": citizen_post(),
    "borgere:markering": citizen_post(),
    "borgere:markering-afslut": citizen_post(related=MARKERING),
    "borgere:jobformidler": citizen_post(),
    "borgere:aftale": citizen_post(),
    "borgere:aftale-timer": citizen_post(related=AFTALE),
}

KOMMUNE_147 = {"kommunekode": "147"}
OVERBLIK_FIGURE = {
    "initiative": "fsm2",
    "indicator": "jobformidler",
    "month": date.today().strftime("%Y-%m"),
    "part": "taeller",
}
MATRIX: dict[str, list[Case]] = {
    "home": [Case(logged_in(200))],
    # A logged-in user is sent on to the front page.
    "login": [Case(everyone(Redirect("/"), anonymous=200))],
    # Logout is a POST; anybody may, and lands on the login page.
    "logout": [Case(everyone(Redirect("/login/")), method="post")],
    "borgere:list": [Case(logged_in(200, star=403))],
    # Own caseload (a leader: their own or a picked jobformidler's); never STAR.
    "indsats:sagsstamme": [Case(logged_in(200, star=403))],
    "borgere:detail": [
        Case(
            logged_in(404, jf_own=200, teamleder=200, projektleder=200, star=403),
            borger="own",
        ),
        Case(logged_in(404, jf_other_team=200, projektleder=200, star=403), borger="team_b"),
        Case(logged_in(200, star=403, projektleder_766=404), borger="unassigned"),
        Case(logged_in(404, star=403, projektleder_766=200), borger="other_kommune"),
        Case(logged_in(404, star=403), kwargs={"pk": 999_999}),
    ],
    "borgere:visitation": [Case(logged_in(200, star=403))],
    **BORGERSIDE_ACTIONS,
    # An empty decision: the citizen's form again with the reasons (one look), where visible.
    "borgere:visitation-decide": [
        Case(
            logged_in(404, jf_own=200, teamleder=200, projektleder=200, star=403),
            method="post",
            borger="own",
        ),
        Case(logged_in(200, star=403, projektleder_766=404), method="post", borger="unassigned"),
        Case(logged_in(404, star=403, projektleder_766=200), method="post", borger="other_kommune"),
    ],
    "audit:search": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200)),
    ],
    # Overblik: anyone who works on cases (a jobformidler gets their own figures), never STAR;
    # the citizens behind a figure likewise, an unknown part of a figure is a 404.
    "overblik:index": [Case(logged_in(200, star=403))],
    "overblik:borgere": [
        Case(logged_in(200, star=403), kwargs=OVERBLIK_FIGURE),
        Case(logged_in(404, star=403), kwargs={**OVERBLIK_FIGURE, "part": "alle"}),
    ],
    # Only a projektleder sets the municipality's goals; an empty form sets none and goes back.
    "overblik:maal": [
        Case(logged_in(403, projektleder=200, projektleder_766=200)),
        Case(
            logged_in(
                403, projektleder=Redirect("/overblik/"), projektleder_766=Redirect("/overblik/")
            ),
            method="post",
        ),
    ],
    # STAR's follow-up: the work queue and a municipality's page are STAR's alone (no release
    # in this world: the pages say so); a note POSTed without a release writes nothing.
    "monitoring:queue": [Case(logged_in(403, star=200))],
    "monitoring:kommune": [
        Case(logged_in(403, star=200), kwargs={"initiative": "fsm2", "kode": "147"}),
        Case(logged_in(403, star=404), kwargs={"initiative": "fsm3", "kode": "147"}),
        Case(logged_in(403, star=404), kwargs={"initiative": "fsm2", "kode": "999"}),
        Case(
            logged_in(403, star=200),
            method="post",
            kwargs={"initiative": "fsm2", "kode": "147"},
            data={"text": "Ringet til jobcenterchefen"},
        ),
    ],
    # Grants (the seeds' four, from the migration): STAR every one, a municipality's leaders
    # their own; another municipality's grant is a 404, as one that does not exist.
    "monitoring:grants": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200, star=200))
    ],
    "monitoring:grant": [
        Case(
            logged_in(403, teamleder=200, projektleder=200, star=200, projektleder_766=404),
            kwargs={"initiative": "fsm2", "kode": "147"},
        ),
        Case(
            logged_in(403, teamleder=404, projektleder=404, star=200, projektleder_766=200),
            kwargs={"initiative": "ressourceforloeb", "kode": "766"},
        ),
        Case(
            logged_in(403, teamleder=404, projektleder=404, star=404, projektleder_766=404),
            kwargs={"initiative": "fsm2", "kode": "101"},
        ),
        # Only STAR corrects a grant and records its account.
        Case(
            logged_in(
                403,
                star=Redirect("/opfoelgning/tilskud/fsm2/147/"),
                projektleder_766=404,
            ),
            method="post",
            kwargs={"initiative": "fsm2", "kode": "147"},
            data={
                "amount": "3.695.000",
                "period_from": "2020-01",
                "period_to": "2021-12",
                "costs_documented": "3000000",
                "rate1_paid": "1",
            },
        ),
    ],
    # STAR's intake and releases: STAR every municipality, a leader their own; no jobformidler.
    # jobindsats.dk's published figures: STAR and the municipalities' leaders.
    "integrations:benchmarks": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200, star=200))
    ],
    "intake:status": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200, star=200)),
        Case(
            logged_in(403, teamleder=200, projektleder=200, projektleder_766=200, star=200),
            data={"month": "juni"},
        ),
    ],
    "intake:report": [
        Case(
            logged_in(403, teamleder=404, projektleder=404, projektleder_766=404, star=404),
            kwargs={"pk": 999_999},
        )
    ],
    "intake:history": [
        Case(
            logged_in(403, teamleder=200, projektleder=200, projektleder_766=404, star=200),
            kwargs={"kommunekode": "147", "month": "2025-06"},
        ),
        Case(
            logged_in(403, teamleder=404, projektleder=404, projektleder_766=200, star=200),
            kwargs={"kommunekode": "766", "month": "2025-06"},
        ),
        Case(
            logged_in(403, teamleder=404, projektleder=404, projektleder_766=404, star=404),
            kwargs={"kommunekode": "999", "month": "2025-06"},
        ),
    ],
    "releases:list": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200, star=200))
    ],
    "releases:detail": [
        Case(
            logged_in(403, teamleder=404, projektleder=404, projektleder_766=404, star=404),
            kwargs={"pk": 999_999},
        )
    ],
    # The company network: anyone who works on cases in the municipality; never STAR.
    "virksomheder:list": [Case(logged_in(200, star=403))],
    "virksomheder:detail": [
        Case(logged_in(200, star=403, projektleder_766=404), virksomhed="147"),
        Case(logged_in(404, star=403, projektleder_766=200), virksomhed="766"),
        Case(logged_in(404, star=403), kwargs={"pk": 999_999}),
    ],
    # Suggestions for the Borgerside's company field: the user's own municipality's companies.
    "virksomheder:forslag": [
        Case(logged_in(200, star=403)),
        Case(logged_in(200, star=403), data={"q": "Firma"}),
    ],
    # An empty registration shows the form again with the reasons.
    "virksomheder:register": [
        Case(logged_in(200, star=403)),
        Case(logged_in(200, star=403), method="post"),
    ],
    # Leader screens (tavler app): Indsatsmodellen and Sagsstammer for leaders only; the boards
    # for anyone who works on cases (a jobformidler sees only their own citizens on them).
    "tavler:indsatsmodellen": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200)),
    ],
    "tavler:indsatsmodellen-borgere": [
        Case(
            logged_in(403, teamleder=200, projektleder=200, projektleder_766=200),
            data={"element": "trin1", "udvalg": "alle"},
        ),
    ],
    "tavler:tavler": [Case(logged_in(200, star=403))],
    # An empty move: back to the boards with the reason, where the citizen is visible.
    "tavler:flyt": [
        Case(
            logged_in(
                404,
                jf_own=Redirect("/tavler/"),
                teamleder=Redirect("/tavler/"),
                projektleder=Redirect("/tavler/"),
                star=403,
            ),
            method="post",
            borger="own",
        ),
        Case(
            logged_in(Redirect("/tavler/"), star=403, projektleder_766=404),
            method="post",
            borger="unassigned",
        ),
        Case(
            logged_in(404, star=403, projektleder_766=Redirect("/tavler/")),
            method="post",
            borger="other_kommune",
        ),
    ],
    # Places the scope's own unplaced citizens (none in this world: nobody is in a programme).
    "tavler:placer-forslag": [Case(logged_in(Redirect("/tavler/"), star=403), method="post")],
    "tavler:sagsstammer": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200)),
    ],
    "tavler:sagsstammer-flyt": [
        Case(
            logged_in(
                403,
                teamleder=Redirect("/sagsstammer/"),
                projektleder=Redirect("/sagsstammer/"),
                projektleder_766=404,
            ),
            method="post",
            borger="own",
        ),
    ],
    # The monthly report: STAR reads the national one and any municipality's (published);
    # a municipality's management its own (exact); a jobformidler none. No release: 200 saying so.
    "reports:index": [
        Case(
            logged_in(
                403,
                teamleder=Redirect("/rapporter/147/"),
                projektleder=Redirect("/rapporter/147/"),
                projektleder_766=Redirect("/rapporter/766/"),
                star=200,
            )
        )
    ],
    "reports:kommune": [
        Case(logged_in(403, teamleder=200, projektleder=200, star=200), kwargs=KOMMUNE_147),
        Case(logged_in(403, projektleder_766=200, star=200), kwargs={"kommunekode": "766"}),
        Case(logged_in(403, star=404), kwargs={"kommunekode": "999"}),
    ],
    # Downloads need a release; without one there is nothing to download (404) where allowed.
    "reports:national-download": [Case(logged_in(403, star=404))],
    "reports:kommune-download": [
        Case(logged_in(403, teamleder=404, projektleder=404, star=404), kwargs=KOMMUNE_147),
    ],
    # The steering group's status and the business case: a municipality's leaders read them
    # (an empty form comes back with its reasons); only the projektleder edits the cadence
    # and the business case's inputs. No group 999999 in the leader's municipality: 404.
    "styregruppe:status": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200)),
        Case(
            logged_in(403, teamleder=200, projektleder=200, projektleder_766=200),
            data={"initiativ": "ressourceforloeb"},
        ),
        Case(
            logged_in(403, teamleder=404, projektleder=404, projektleder_766=404),
            data={"initiativ": "ukendt"},
        ),
    ],
    "styregruppe:pdf": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200)),
    ],
    "styregruppe:moede": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200), method="post"),
    ],
    "styregruppe:gruppe": [
        Case(logged_in(403, projektleder=200, projektleder_766=200), method="post"),
    ],
    "styregruppe:kadence": [
        Case(
            logged_in(403, projektleder=404, projektleder_766=404),
            method="post",
            kwargs={"pk": 999_999},
        ),
    ],
    "styregruppe:business-case": [
        Case(logged_in(403, teamleder=200, projektleder=200, projektleder_766=200)),
    ],
    "styregruppe:investering": [
        Case(logged_in(403, projektleder=200, projektleder_766=200), method="post"),
    ],
    "styregruppe:sats": [
        Case(logged_in(403, projektleder=200, projektleder_766=200), method="post"),
    ],
    # The REST API (/api/v1/) takes only bearer tokens: a session login, of any role, gets a
    # 401 problem, so a browser's cookie cannot be used across sites. Its role matrix, with
    # tokens, is tests/api/test_access.py. The schema and its docs page are public.
    **{
        f"api:v1:{name}": [Case(everyone(401), method=method, kwargs=kwargs)]
        for name, method, kwargs in (
            ("borgere", "get", {}),
            ("borger", "get", {"borger_id": 1}),
            ("kontakter", "post", {"borger_id": 1}),
            ("markeringer", "post", {"borger_id": 1}),
            ("aftaler", "post", {"borger_id": 1}),
            ("timer", "put", {"borger_id": 1, "aftale_id": 1, "maaned": "2024-01"}),
            ("sagsstammer", "get", {}),
            ("sagsstamme", "get", {"medarbejder_id": 1}),
            ("indikatorer", "get", {}),
            ("udgivelser", "get", {}),
            ("udgivelse", "get", {"release_id": 1}),
            ("udgivelse-tal", "get", {"release_id": 1}),
            ("leverancer", "post", {}),
            ("rapport", "get", {"release_id": 1}),
            ("kommunerapport", "get", {"release_id": 1, "kommunekode": "147"}),
        )
    },
    "api:v1:openapi-json": [Case(everyone(200))],
    "api:v1:openapi-view": [Case(everyone(200))],
    # The API's root and any path under /api/ it does not have: a 404 problem.
    "api:v1:api-root": [Case(everyone(404))],
    "api:unknown": [Case(everyone(404), kwargs={"rest": "ingen-side"})],
    # Switching language is for everyone, logged in or not, and goes back to "next".
    "set_language": [Case(everyone(Redirect("/")), method="post")],
    "admin:login": [Case(everyone(200))],
    "admin:logout": [Case(everyone(Redirect("/admin/")), method="post")],
}
ADMIN_RULE = [Case(everyone(ADMIN_LOGIN))]
ADMIN_SAMPLE_KWARGS = {
    "app_label": "organisation",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
}


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    params: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_citizen_route(self) -> bool:
        return self.route.startswith("borgere/")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else None
            params = tuple(pattern.pattern.regex.groupindex)
            yield Route(name, prefix + str(pattern.pattern), params)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))


def cases_for(route: Route) -> list[Case] | None:
    if route.key in MATRIX:
        return MATRIX[route.key]
    if route.is_admin:
        return ADMIN_RULE
    return None


def url_for(route: Route, case: Case, world: World) -> str:
    if route.name is None:
        # Only the admin's catch-all is unnamed; any path under it will do.
        assert route.is_admin, route
        return "/admin/ingen-side/"
    kwargs = dict(case.kwargs)
    if case.borger is not None:
        borger = world.borgere[case.borger]
        kwargs["pk"] = borger.pk
        for kwarg, relation in case.related.items():
            kwargs[kwarg] = getattr(borger, relation).order_by("pk").first().pk
    if case.virksomhed is not None:
        kwargs["pk"] = world.virksomheder[case.virksomhed].pk
    if route.is_admin:
        kwargs = {p: ADMIN_SAMPLE_KWARGS[p] for p in route.params}
    return reverse(route.name, kwargs=kwargs)


def test_every_route_has_a_row() -> None:
    routes = all_routes()
    missing = [r.route for r in routes if cases_for(r) is None]
    assert not missing, (
        "these routes need a row in MATRIX (tests/web/test_access_matrix.py) saying what each "
        f"role gets: {missing}"
    )
    keys = {r.key for r in routes}
    stale = sorted(set(MATRIX) - keys)
    assert not stale, f"MATRIX has rows for routes that no longer exist: {stale}"


def _check(response: Any, expected: Expected) -> str | None:
    if isinstance(expected, Redirect):
        location = response.headers.get("Location", "")
        if response.status_code == 302 and location.startswith(expected.to):
            return None
        return f"expected 302 to {expected.to}..., got {response.status_code} {location!r}"
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    return None


@pytest.fixture
def casework(world: World) -> None:
    """A marking and an agreement for every citizen, for the routes that address one."""
    from fremdrift.borgere.models import Markering
    from fremdrift.virksomheder.models import Aftale

    for borger in world.borgere.values():
        Markering.objects.create(borger=borger, markering="step_up", start=date(2024, 1, 1))
        Aftale.objects.create(borger=borger, aktivitet="andet", start=date(2024, 1, 1))


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role: str, world: World, casework: None) -> None:
    user = world.users.get(role)
    problems: list[str] = []
    checked = 0
    # One client per role: its first request loads the middleware (whitenoise indexes every
    # static file), most of the cost of a request here. Each case starts from no cookies.
    client = Client()
    for route in all_routes():
        for case in cases_for(route) or []:
            client.cookies.clear()
            if user is not None:
                client.force_login(user)
            url = url_for(route, case, world)
            last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
            response = getattr(client, case.method)(url, case.data)
            checked += 1
            where = f"{case.method.upper()} {url} ({route.key}) as {role}"
            if problem := _check(response, case.expect[role]):
                problems.append(f"{where}: {problem}")
            if case.borger is not None and response.status_code == 200:
                borger = world.borgere[case.borger]
                if user is None or user.kommune_id != borger.kommune_id:
                    problems.append(f"{where}: a citizen of another municipality was shown")
            if route.is_citizen_route:
                events = AuditEvent.objects.filter(id__gt=last_event or 0)
                written = events.count()
                if user is None or case.method == "get":
                    wanted = "0" if user is None else "1"
                    ok = written == int(wanted)
                else:
                    wanted, ok = "at least 1", written >= 1
                if not ok:
                    problems.append(f"{where}: {written} audit events, expected {wanted}")
                elif user is not None and events.exclude(actor_id=user.pk).exists():
                    problems.append(f"{where}: an audit event names another actor")
    assert checked > len(MATRIX)
    assert not problems, "\n".join(problems)
