"""Min sagsstamme: whose citizens it lists, what each row says, filters, sorting, counters that
agree with their lists, the leaders' pick, the audit event and a constant number of queries.

The page is read as of a fixed day, Wednesday 12 March 2025 (the week ends Sunday 16 March).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Borger, Markering
from fremdrift.indsats.models import CV, Jobmaal, Kontakt, Step
from fremdrift.indsats.selectors import SagsstammeFilter
from fremdrift.indsats.views import QUEUES
from fremdrift.indsats.workdays import add_working_days
from fremdrift.organisation.models import Role
from fremdrift.virksomheder.models import Aftale, Timer, Virksomhed

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 12)
URL = reverse("indsats:sagsstamme")
# session, login, whose caseload (the Medarbejder list), the caseload, the audit event, and the
# municipality's name in the page header: the same whatever the caseload's size.
QUERIES_JOBFORMIDLER = 6


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fremdrift.indsats.views.timezone.localdate", lambda *a: TODAY)


@dataclass
class Citizen:
    """Builds one citizen held by `medarbejder`, with what the work list reads."""

    make_borger: Callable[..., Any]

    def __call__(
        self,
        medarbejder: Any,
        navn: str = "",
        *,
        trin: int | None = None,
        step_start: date | None = None,
        contacts: tuple[date, ...] = (),
        cv: date | None = None,
        jobmaal: tuple[date, date | None] | None = None,
        markings: tuple[str, ...] = (),
        aftale: tuple[str, str, Decimal | None] | None = None,
    ) -> Borger:
        borger = self.make_borger("147", navn=navn)
        if medarbejder is not None:
            Markering.objects.create(
                borger=borger,
                markering="jobformidler",
                medarbejder=medarbejder,
                start=date(2024, 1, 1),
            )
        if trin is not None:
            start = step_start or date(2025, 1, 6)
            frist = add_working_days(start, 21 if trin == 1 else 65) if trin < 3 else None
            Step.objects.create(
                borger=borger, initiativ="fsm2", trin=trin, start=start, frist=frist
            )
        for day in contacts:
            Kontakt.objects.create(borger=borger, dato=day, form="samtale")
        if cv is not None:
            CV.objects.create(borger=borger, senest_opdateret=cv)
        if jobmaal is not None:
            Jobmaal.objects.create(
                borger=borger, beskrivelse="Lagermedarbejder", start=jobmaal[0], slut=jobmaal[1]
            )
        for code in markings:
            Markering.objects.create(borger=borger, markering=code, start=date(2025, 1, 1))
        if aftale is not None:
            kind, company, hours = aftale
            virksomhed, _ = Virksomhed.objects.get_or_create(
                kommune_id="147", cvr="12345674", defaults={"navn": company}
            )
            a = Aftale.objects.create(
                borger=borger,
                aktivitet=kind,
                virksomhed=virksomhed,
                start=date(2025, 1, 15),
                timer_pr_uge=10,
            )
            if hours is not None:
                Timer.objects.create(aftale=a, maaned=date(2025, 2, 1), timer=hours)
            # An ended agreement's hours last month count too; its kind is not shown.
            ended = Aftale.objects.create(
                borger=borger,
                aktivitet="virksomhedspraktik",
                start=date(2024, 10, 1),
                slut=date(2025, 2, 10),
            )
            Timer.objects.create(aftale=ended, maaned=date(2025, 2, 1), timer=Decimal("2"))
        return borger


@pytest.fixture
def citizen(make_borger: Callable[..., Any]) -> Citizen:
    return Citizen(make_borger)


@dataclass
class Office:
    jf: Any  # the jobformidler's login
    m_a: Any  # their Medarbejder (team A)
    m_a2: Any  # a colleague in team A
    m_b: Any  # a jobformidler in team B
    borgere: dict[str, Borger]


@pytest.fixture
def office(
    make_user: Callable[..., Any], make_medarbejder: Callable[..., Any], citizen: Citizen
) -> Office:
    m_a = make_medarbejder("147", team="Team A", navn="Anna Jobformidler")
    m_a2 = make_medarbejder("147", team="Team A", navn="Aage Kollega")
    m_b = make_medarbejder("147", team="Team B", navn="Bo Andetteam")
    jf = make_user(Role.JOBFORMIDLER, "147", medarbejder=m_a, username="jf")
    borgere = {
        # Trin 1 since January: the deadline (4 February) has passed; never contacted.
        "Anna Overskredet": citizen(
            m_a,
            "Anna Overskredet",
            trin=1,
            step_start=date(2025, 1, 6),
            jobmaal=(date(2024, 5, 1), date(2025, 1, 1)),  # replaced long ago: none now
        ),
        # Trin 2 from 3 March, seen on the 10th: next contact Monday 17 March.
        "Bo Trinto": citizen(
            m_a,
            "Bo Trinto",
            trin=2,
            step_start=date(2025, 3, 3),
            contacts=(date(2025, 3, 10),),
            cv=date(2025, 1, 1),
            jobmaal=(date(2025, 3, 3), None),
            markings=("step_up",),
        ),
        # Trin 3 without an agreement; an outdated CV; exempt.
        "Cecilie Tretrin": citizen(
            m_a,
            "Cecilie Tretrin",
            trin=3,
            step_start=date(2025, 2, 1),
            contacts=(date(2025, 2, 20),),
            cv=date(2024, 6, 1),
            jobmaal=(date(2025, 2, 1), None),
            markings=("fritagelse",),
        ),
        # Trin 3 in a småjob; monthly follow-up due Friday 14 March.
        "Dan Aftale": citizen(
            m_a,
            "Dan Aftale",
            trin=3,
            step_start=date(2025, 1, 15),
            contacts=(date(2025, 1, 20), date(2025, 2, 14)),
            cv=date(2025, 2, 1),
            jobmaal=(date(2025, 1, 15), None),
            aftale=("smaajob", "Bageriet", Decimal("10.5")),
        ),
        # No name (known by the masked CPR number), no step yet, in rehabilitation.
        "": citizen(m_a, "", markings=("rehabilitering",)),
        # Not in the caseload: another jobformidler's, and one nobody holds yet.
        "Frank Fremmed": citizen(m_b, "Frank Fremmed", trin=1),
        "Uffe Utildelt": citizen(None, "Uffe Utildelt", trin=1),
    }
    return Office(jf, m_a, m_a2, m_b, borgere)


CASELOAD = {"Anna Overskredet", "Bo Trinto", "Cecilie Tretrin", "Dan Aftale", ""}


def names(response: Any) -> list[str]:
    return [row["navn"] for row in response.context["rows"]]


def get(client: Client, user: Any, **params: str) -> Any:
    client.force_login(user)
    return client.get(URL, params)


def test_lists_the_own_caseload_and_nothing_else(client: Client, office: Office) -> None:
    response = get(client, office.jf)
    assert response.status_code == 200
    assert set(names(response)) == CASELOAD
    page = response.content.decode()
    assert "<h1>Min sagsstamme</h1>" in page
    assert "Frank Fremmed" not in page
    assert "Uffe Utildelt" not in page
    for borger in office.borgere.values():
        assert borger.person_id not in page
        assert f"{borger.person_id[:6]}-{borger.person_id[6:]}" not in page
    nameless = office.borgere[""]
    # The nameless citizen is shown, and linked, by masked CPR number and surrogate key only.
    assert f'{reverse("borgere:detail", args=[nameless.pk])}">{nameless.person_id[:6]}-xxxx' in (
        page
    )


def test_each_row_says_what_needs_doing(client: Client, office: Office) -> None:
    response = get(client, office.jf)
    rows = {row["navn"]: row for row in response.context["rows"]}
    anna, bo, cecilie, dan, nameless = (
        rows[n] for n in ("Anna Overskredet", "Bo Trinto", "Cecilie Tretrin", "Dan Aftale", "")
    )
    assert (anna["trin"], anna["frist"], anna["step_overdue"]) == (1, date(2025, 2, 4), True)
    assert anna["days_overdue"] == 26  # working days from 4 February to 12 March
    assert (anna["next_contact"], anna["contact_overdue"]) == (date(2025, 2, 4), True)
    assert (anna["last_contact"], anna["no_activity"]) == (None, True)
    assert (anna["cv_status"], anna["jobmaal"]) == ("mangler", "")
    assert (bo["next_contact"], bo["contact_overdue"], bo["step_up"]) == (
        date(2025, 3, 17),
        False,
        True,
    )
    assert bo["days_left"] > 0 and not bo["step_overdue"]
    assert (cecilie["cv_status"], cecilie["aftale"], cecilie["fritagelse"]) == (
        "foraeldet",
        "",
        True,
    )
    assert (dan["aftale"], dan["virksomhed"], dan["timer"]) == (
        "Småjob",
        "Bageriet",
        Decimal("12.5"),
    )
    assert (dan["next_contact"], dan["cv_status"]) == (date(2025, 3, 14), "ok")
    assert (nameless["trin"], nameless["rehabilitering"]) == (None, True)

    page = response.content.decode()
    # Overdue is said in words, not by colour alone; dates as dd.mm.yyyy.
    assert "Overskredet med 26 arbejdsdage" in page
    assert "04.02.2025: forfalden" in page
    assert "Timer sidste måned" in page
    assert "12,50 t" in page
    assert "Ingen aftale" in page  # Cecilie: trin 3 without an agreement


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"overskredet": "1"}, {"Anna Overskredet"}),
        ({"kontakt": "uge"}, {"Anna Overskredet", "Dan Aftale"}),
        ({"kontakt": "forfalden"}, {"Anna Overskredet"}),
        ({"inaktiv": "1"}, {"Anna Overskredet", ""}),
        ({"stepup": "1"}, {"Bo Trinto"}),
        ({"fritaget": "1"}, {"Cecilie Tretrin"}),
        ({"cv": "mangler"}, {"Anna Overskredet", ""}),
        ({"cv": "foraeldet"}, {"Cecilie Tretrin"}),
        ({"cv": "ok"}, {"Bo Trinto", "Dan Aftale"}),
        ({"jobmaal": "mangler"}, {"Anna Overskredet", ""}),
        ({"aftale": "har"}, {"Dan Aftale"}),
        ({"trin": "1"}, {"Anna Overskredet"}),
        ({"trin": "3"}, {"Cecilie Tretrin", "Dan Aftale"}),
        ({"trin": "ingen"}, {""}),
        ({"trin": "3", "aftale": "ingen"}, {"Cecilie Tretrin"}),
        ({"trin": "2", "stepup": "1", "cv": "ok"}, {"Bo Trinto"}),
        ({"trin": "1", "stepup": "1"}, set()),
        # Values the form does not know are ignored rather than failing.
        ({"trin": "7", "cv": "<script>", "sort": "cpr"}, CASELOAD),
    ],
)
def test_filters(
    client: Client, office: Office, params: dict[str, str], expected: set[str]
) -> None:
    response = get(client, office.jf, **params)
    assert response.status_code == 200
    assert set(names(response)) == expected


def test_counters_equal_the_rows_their_link_gives(client: Client, office: Office) -> None:
    response = get(client, office.jf)
    counters = response.context["counters"]
    assert [c["count"] for c in counters] == [1, 2, 1, 2, 2]
    for counter in counters:
        followed = client.get(counter["url"])
        assert len(followed.context["rows"]) == counter["count"], counter["label"]
        # The counter followed is marked as the current one, the others not.
        current = [c["label"] for c in followed.context["counters"] if c["current"]]
        assert current == [counter["label"]]
        assert 'aria-current="true"' in followed.content.decode()


def test_counters_are_the_queues_filters(client: Client, office: Office) -> None:
    assert [q.selection for q in QUEUES] == [
        SagsstammeFilter(overskredet=True),
        SagsstammeFilter(kontakt="uge"),
        SagsstammeFilter(trin="3", aftale="ingen"),
        SagsstammeFilter(cv="mangler"),
        SagsstammeFilter(jobmaal="mangler"),
    ]
    # A counter counts the whole caseload, whatever filter the list has.
    response = get(client, office.jf, trin="2")
    assert [c["count"] for c in response.context["counters"]] == [1, 2, 1, 2, 2]


@pytest.mark.parametrize(
    ("sort", "expected", "aria"),
    [
        # Undated rows come last in either direction, by name.
        ("", ["Anna Overskredet", "Bo Trinto", "Cecilie Tretrin", "Dan Aftale", ""], "frist"),
        ("-frist", ["Bo Trinto", "Anna Overskredet", "Cecilie Tretrin", "Dan Aftale", ""], "frist"),
        (
            "kontakt",
            ["Anna Overskredet", "Dan Aftale", "Bo Trinto", "Cecilie Tretrin", ""],
            "kontakt",
        ),
        (
            "-kontakt",
            ["Cecilie Tretrin", "Bo Trinto", "Dan Aftale", "Anna Overskredet", ""],
            "kontakt",
        ),
        ("navn", ["Anna Overskredet", "Bo Trinto", "Cecilie Tretrin", "Dan Aftale", ""], "navn"),
        ("-navn", ["", "Dan Aftale", "Cecilie Tretrin", "Bo Trinto", "Anna Overskredet"], "navn"),
    ],
)
def test_sorting(client: Client, office: Office, sort: str, expected: list[str], aria: str) -> None:
    response = get(client, office.jf, **({"sort": sort} if sort else {}))
    assert names(response) == expected
    headers = response.context["headers"]
    direction = "descending" if sort.startswith("-") else "ascending"
    assert {k: h["aria_sort"] for k, h in headers.items()} == {
        k: direction if k == aria else "" for k in ("frist", "kontakt", "navn")
    }
    assert f'aria-sort="{direction}"' in response.content.decode()
    # A click on the sorted header turns it round; the others start ascending.
    assert headers[aria]["url"].endswith(
        f"sort={aria if direction == 'descending' else '-' + aria}"
    )


def test_sort_and_filter_links_keep_each_other(client: Client, office: Office) -> None:
    response = get(client, office.jf, sort="navn", cv="mangler")
    assert response.context["headers"]["frist"]["url"] == f"{URL}?cv=mangler&sort=frist"
    assert response.context["counters"][0]["url"] == f"{URL}?overskredet=1&sort=navn"
    assert response.context["reset_url"] == f"{URL}?sort=navn"


def test_one_audit_event_names_the_citizens_shown(client: Client, office: Office) -> None:
    before = AuditEvent.objects.count()
    response = get(client, office.jf, cv="mangler")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.action, event.view, event.actor_id) == (Action.VIEW, "sagsstamme", office.jf.pk)
    shown = [row["pk"] for row in response.context["rows"]]
    assert event.after == {"borger_ids": shown}
    assert sorted(shown) == sorted(office.borgere[n].pk for n in ("Anna Overskredet", ""))


def test_a_jobformidler_cannot_open_a_colleagues_caseload(client: Client, office: Office) -> None:
    # The parameter is for leaders; a jobformidler always gets their own list.
    response = get(client, office.jf, medarbejder=str(office.m_b.pk))
    assert response.status_code == 200
    assert set(names(response)) == CASELOAD
    assert b'name="medarbejder"' not in response.content


def test_a_team_leader_picks_a_jobformidler_of_their_team(
    client: Client, office: Office, make_user: Callable[..., Any], citizen: Citizen
) -> None:
    leader = make_user(Role.TEAMLEDER, "147", medarbejder=office.m_a2)
    citizen(office.m_a2, "Gitte Kollegas")
    # By default the leader's own caseload, and a select of the team's members only.
    response = get(client, leader)
    assert names(response) == ["Gitte Kollegas"]
    assert [m.pk for m in response.context["medarbejdere"]] == [office.m_a2.pk, office.m_a.pk]
    page = response.content.decode()
    assert "<h1>Sagsstammer</h1>" in page
    assert f'<option value="{office.m_a.pk}">Anna Jobformidler</option>' in page
    assert "Bo Andetteam" not in page

    response = get(client, leader, medarbejder=str(office.m_a.pk), overskredet="1")
    assert names(response) == ["Anna Overskredet"]
    # Links keep the pick.
    assert (
        response.context["counters"][1]["url"] == f"{URL}?medarbejder={office.m_a.pk}&kontakt=uge"
    )

    # Another team's jobformidler, or another municipality's, is out of reach: 404, logged.
    for pk in (office.m_b.pk, 999_999, "x"):
        before = AuditEvent.objects.count()
        response = get(client, leader, medarbejder=str(pk))
        assert response.status_code == 404
        assert AuditEvent.objects.count() == before + 1
        assert AuditEvent.objects.order_by("-id")[0].action == Action.DENIED


def test_a_project_leader_picks_anyone_in_the_municipality(
    client: Client,
    office: Office,
    make_user: Callable[..., Any],
    make_medarbejder: Callable[..., Any],
) -> None:
    leader = make_user(Role.PROJEKTLEDER, "147")
    elsewhere = make_medarbejder("766", team="Team H")
    response = get(client, leader)
    # No caseload of their own: a prompt to pick one, and no citizen.
    assert response.context["chosen"] is None
    assert response.context["rows"] == []
    assert "Vælg den jobformidler" in response.content.decode()
    picks = {m.pk for m in response.context["medarbejdere"]}
    assert {office.m_a.pk, office.m_a2.pk, office.m_b.pk} <= picks
    assert elsewhere.pk not in picks
    assert set(names(get(client, leader, medarbejder=str(office.m_b.pk)))) == {"Frank Fremmed"}
    assert get(client, leader, medarbejder=str(elsewhere.pk)).status_code == 404


def test_a_jobformidler_without_a_medarbejder_has_no_list(
    client: Client, make_user: Callable[..., Any]
) -> None:
    user = make_user(Role.JOBFORMIDLER, "147", medarbejder=None)
    response = get(client, user)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "ikke knyttet til en medarbejder" in response.content.decode()


def test_star_is_refused_and_anonymous_sent_to_login(
    client: Client, make_user: Callable[..., Any]
) -> None:
    star = make_user(Role.STAR)
    before = AuditEvent.objects.count()
    assert get(client, star).status_code == 403
    assert AuditEvent.objects.order_by("-id")[0].action == Action.DENIED
    assert AuditEvent.objects.count() == before + 1
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_htmx_gets_only_the_list(client: Client, office: Office) -> None:
    client.force_login(office.jf)
    response = client.get(URL, {"overskredet": "1"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert "Anna Overskredet" in page
    assert "Bo Trinto" not in page
    assert "HX-Request" in response["Vary"]
    # A history restore after a cache miss needs the whole page.
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_without_javascript_every_control_is_a_link_or_a_get_form(
    client: Client, office: Office
) -> None:
    page = get(client, office.jf).content.decode()
    assert f'<form method="get" action="{URL}"' in page
    for counter in ("?overskredet=1", "?kontakt=uge", "?trin=3&amp;aftale=ingen"):
        assert f'href="{URL}{counter}"' in page
    assert f'href="{URL}?sort=navn"' in page
    assert '<div class="app-table-wrap"' in page


@pytest.mark.parametrize("n", [5, 40])
def test_the_page_costs_the_same_queries_whatever_the_caseload(
    client: Client,
    make_user: Callable[..., Any],
    make_medarbejder: Callable[..., Any],
    citizen: Citizen,
    django_assert_num_queries: Any,
    n: int,
) -> None:
    m = make_medarbejder("147")
    user = make_user(Role.JOBFORMIDLER, "147", medarbejder=m)
    for i in range(n):
        citizen(
            m,
            f"Borger {i:02d}",
            trin=i % 3 + 1,
            contacts=(date(2025, 2, 1), date(2025, 3, 1)),
            cv=date(2025, 1, 1),
            jobmaal=(date(2025, 1, 1), None),
            markings=("step_up", "fritagelse") if i % 2 else ("rehabilitering",),
            aftale=("loentilskud", "Firma", Decimal(i)) if i % 3 == 2 else None,
        )
    client.force_login(user)
    with django_assert_num_queries(QUERIES_JOBFORMIDLER):
        response = client.get(URL, {"sort": "kontakt"})
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [5, 40])
def test_a_leaders_page_costs_the_same_queries_too(
    client: Client,
    make_user: Callable[..., Any],
    make_medarbejder: Callable[..., Any],
    citizen: Citizen,
    django_assert_num_queries: Any,
    n: int,
) -> None:
    m = make_medarbejder("147", team="Team A")
    leader = make_user(Role.TEAMLEDER, "147", medarbejder=make_medarbejder("147", team="Team A"))
    for i in range(n):
        citizen(m, f"Borger {i:02d}", trin=i % 3 + 1, aftale=("smaajob", "Firma", Decimal(1)))
    client.force_login(leader)
    # One more than a jobformidler's: the access rule reads the leader's team.
    with django_assert_num_queries(QUERIES_JOBFORMIDLER + 1):
        response = client.get(URL, {"medarbejder": m.pk})
    assert len(response.context["rows"]) == n


def test_an_english_page_names_the_agreement_in_english(client: Client, office: Office) -> None:
    client.force_login(office.jf)
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    page = client.get(URL).content.decode()
    assert 'lang="en"' in page
    assert "Small job" in page and "Småjob" not in page
