"""Indsatsmodellen: the figures a team leader sees, every figure a link to exactly that many
citizens, the lists logged and masked, and who may open it."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.tavler.indsatsmodel import figures, indsatsgruppe, model_rows
from fremdrift.tavler.scope import scoped_borgere, team_scope

from .conftest import Centre

pytestmark = pytest.mark.django_db
URL = reverse("tavler:indsatsmodellen")
LIST = reverse("tavler:indsatsmodellen-borgere")
FIGURE_LINK = re.compile(
    r'<a[^>]*href="([^"]*/indsatsmodellen/borgere/[^"]*)"[^>]*>(.*?)</a>', re.S
)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def figure_links(page: str) -> list[tuple[str, int]]:
    out = []
    for href, text in FIGURE_LINK.findall(page):
        number = re.search(r"\d+", re.sub(r"<[^>]+>", "", text))
        assert number, text
        out.append((html.unescape(href), int(number.group())))
    return out


def listed(page: str) -> list[int]:
    body = page.split("<tbody>", 1)[1] if "<tbody>" in page else ""
    return [int(pk) for pk in re.findall(r'href="/borgere/(\d+)/"', body)]


def test_the_team_leader_sees_the_figures_of_their_team(centre: Centre) -> None:
    scope = team_scope(centre.users["tina"], None)
    rows = model_rows(
        indsatsgruppe(
            scoped_borgere(centre.users["tina"], scope, day=centre.today),
            initiativ="fsm2",
            day=centre.today,
        ),
        today=centre.today,
    )
    by_key = {f.element.key: f for f in figures(rows, today=centre.today)}
    got = {k: (f.count, f.overdue) for k, f in by_key.items()}
    assert got == {
        "trin1": (2, 1),  # t1_late is 60 days into a 21-working-day step
        "trin2": (2, 0),
        "trin3": (2, None),
        "intet_trin": (0, None),
        "jobformidler": (6, 0),
        "cv_jobmaal": (2, 2),  # exempt and t3_none are on trin 2-3 without them
        "loennede_timer": (1, 1),  # t3_none is on trin 3 without paid hours
        "step_up": (0, None),
        "netvaerk": (0, None),
    }
    # t1_late has been on trin 1 the longest; t1_new started today (0 working days).
    assert by_key["trin1"].longest_days is not None and by_key["trin1"].longest_days >= 38
    assert by_key["trin1"].median_days == by_key["trin1"].longest_days / 2


@pytest.mark.parametrize("login", ["tina", "pia"])
def test_every_figure_is_a_link_to_that_many_citizens(centre: Centre, login: str) -> None:
    client = client_for(centre.users[login])
    page = client.get(URL).content.decode()
    links = figure_links(page)
    # Each of 9 rows has its count and "without"; the 5 with a rule (trin 1-2,
    # jobformidler, CV og jobmål, lønnede timer) have an overdue link.
    assert len(links) == 9 * 2 + 5
    assert sum(n for _href, n in links) > 0
    full_cprs = {b.person_id for b in centre.borgere.values()}
    for href, number in links:
        before = AuditEvent.objects.count()
        response = client.get(href)
        assert response.status_code == 200, href
        body = response.content.decode()
        shown = listed(body)
        assert len(shown) == number, href
        # The look is logged: one event naming exactly the citizens shown.
        event = AuditEvent.objects.order_by("-id").first()
        assert AuditEvent.objects.count() == before + 1
        assert event is not None and event.action == Action.VIEW
        assert event.actor == centre.users[login]
        assert event.after == {"borger_ids": shown}
        assert not any(cpr in body for cpr in full_cprs), "a whole CPR number on the page"


def test_the_overdue_list_names_the_overdue_citizen(centre: Centre) -> None:
    client = client_for(centre.users["tina"])
    response = client.get(LIST, {"element": "trin1", "udvalg": "overskredet"})
    assert listed(response.content.decode()) == [centre.borgere["t1_late"].pk]
    assert "Overskredet" in response.content.decode()


def test_a_project_leader_chooses_a_team_or_all(centre: Centre) -> None:
    client = client_for(centre.users["pia"])
    team_b = centre.staff["cai"].team
    every = listed(client.get(LIST, {"element": "jobformidler", "udvalg": "uden"}).content.decode())
    assert every == [centre.borgere["nobody"].pk]
    only_b = client.get(LIST, {"element": "trin2", "team": team_b.pk}).content.decode()
    assert listed(only_b) == [centre.borgere["team_b"].pk]


def test_a_team_leader_cannot_open_another_team(centre: Centre) -> None:
    client = client_for(centre.users["tina"])
    team_b = centre.staff["cai"].team
    assert client.get(URL, {"team": team_b.pk}).status_code == 404
    assert AuditEvent.objects.filter(action=Action.DENIED, actor=centre.users["tina"]).exists()


@pytest.mark.parametrize("login", ["anna", "star"])
def test_jobformidler_and_star_may_not_open_it(centre: Centre, login: str) -> None:
    client = client_for(centre.users[login])
    assert client.get(URL).status_code == 403
    assert client.get(LIST, {"element": "trin1"}).status_code == 403


def test_unknown_element_or_initiative_is_not_found(centre: Centre) -> None:
    client = client_for(centre.users["tina"])
    assert client.get(LIST, {"element": "trin9"}).status_code == 404
    assert client.get(URL, {"initiativ": "fsm9"}).status_code == 404


def test_the_chart_carries_the_same_figures_as_the_table(centre: Centre) -> None:
    page = client_for(centre.users["tina"]).get(URL).content.decode()
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<title>Trin 1: startafklaring: 2</title>" in svg
    assert "<title>Lønnede timer: 1</title>" in svg
