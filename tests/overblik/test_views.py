"""The Overblik page and the citizens behind its figures, as each role gets them."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Borger
from fremdrift.delivery.schema import Delivery
from fremdrift.engine.months import format_month
from fremdrift.integrations.jobindsats.benchmarks import BenchmarkRow
from fremdrift.integrations.jobindsats.periods import Period
from fremdrift.integrations.services import store_benchmarks
from fremdrift.organisation.models import Medarbejder, Role
from fremdrift.overblik import daily
from fremdrift.overblik.models import Goal
from tests.overblik.conftest import TODAY

pytestmark = pytest.mark.django_db
MONTH = format_month(TODAY)
LINK = re.compile(r'href="(/overblik/borgere/fsm2/([a-z_]+)/(\d{4}-\d{2})/([a-z]+)/\?[^"]*)"')


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def links(html: str) -> list[tuple[str, str, str, str]]:
    return [
        (m.group(1).replace("&amp;", "&"), m.group(2), m.group(3), m.group(4))
        for m in LINK.finditer(html)
    ]


def listed(client: Client, url: str) -> tuple[int, int]:
    """The figure the list page names and the number of citizens it lists (every page)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    figure = int(re.search(r'<dd id="tallet">([\d.]+)</dd>', html).group(1).replace(".", ""))  # type: ignore[union-attr]
    rows, page = 0, 1
    while True:
        rows += len(re.findall(r'href="/borgere/\d+/"', html))
        if 'rel="next"' not in html:
            return figure, rows
        page += 1
        html = client.get(url + f"&side={page}").content.decode()


def test_every_figure_leads_to_as_many_citizens_for_a_projektleder(
    imported: Delivery, make_user: Any
) -> None:
    client = client_for(make_user(Role.PROJEKTLEDER, "147"))
    response = client.get(reverse("overblik:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beregnet kl." in html
    found = links(html)
    stored = daily.current("147", initiative="fsm2", today=TODAY).units
    kommune = {
        (ind, part): n
        for ind, num, den, ex in stored.filter(level="kommune", month=MONTH)
        .select("indicator", "numerator", "denominator", "exempt")
        .iter_rows()
        for part, n in (("taeller", num), ("naevner", den), ("uden", den - num), ("fritaget", ex))
    }
    assert {(ind, part) for _, ind, _, part in found} == {k for k, n in kommune.items() if n}
    for url, ind, month, part in found[:8]:
        assert month == MONTH
        figure, rows = listed(client, url)
        assert figure == rows == kommune[(ind, part)]
        assert f">{figure}<" in html or f">{figure:,}<".replace(",", ".") in html
    # No CPR number in any address of the page.
    cprs = set(Borger.objects.values_list("person_id", flat=True))
    assert not any(cpr in url for url, *_ in found for cpr in cprs)


def test_the_team_level_adds_up_and_a_team_leader_starts_at_their_team(
    imported: Delivery, make_user: Any
) -> None:
    medarbejder = Medarbejder.objects.filter(kommune_id="147", team__isnull=False).first()
    assert medarbejder is not None and medarbejder.team is not None
    leader = make_user(
        Role.TEAMLEDER,
        "147",
        medarbejder=Medarbejder.objects.create(
            kommune_id="147", medarbejder_id="TL1", navn="Tina Leder", team=medarbejder.team
        ),
    )
    client = client_for(leader)
    html = client.get(reverse("overblik:index")).content.decode()
    assert f"Overblik: {medarbejder.team.navn}" in html
    # Each team link's figure is the number of that team's citizens the leader is shown
    # (or fewer: a citizen whose jobformidler changes before the month ends).
    for url, _ind, _month, _part in links(html)[:4]:
        assert "niveau=team" in url
        figure, rows = listed(client, url)
        assert rows <= figure


def test_a_jobformidler_sees_only_their_own_figures(imported: Delivery, make_user: Any) -> None:
    medarbejder = Medarbejder.objects.filter(kommune_id="147").first()
    assert medarbejder is not None
    client = client_for(make_user(Role.JOBFORMIDLER, "147", medarbejder=medarbejder))
    html = client.get(reverse("overblik:index") + "?niveau=kommune").content.decode()
    assert f"Overblik: {medarbejder.navn}" in html
    assert 'name="niveau"' not in html  # no switch
    for url, *_ in links(html):
        assert f"enhed={medarbejder.medarbejder_id}" in url


def test_star_gets_no_overblik(imported: Delivery, make_user: Any) -> None:
    client = client_for(make_user(Role.STAR))
    assert client.get(reverse("overblik:index")).status_code == 403
    url = reverse("overblik:borgere", args=["fsm2", "jobformidler", MONTH, "taeller"])
    assert client.get(url).status_code == 403


def test_the_list_of_citizens_is_logged_and_checks_its_address(
    imported: Delivery, make_user: Any
) -> None:
    user = make_user(Role.PROJEKTLEDER, "147")
    client = client_for(user)
    url = reverse("overblik:borgere", args=["fsm2", "jobformidler", MONTH, "naevner"])
    assert client.get(url + "?niveau=kommune").status_code == 200
    event = AuditEvent.objects.filter(actor=user, view="overblik:borgere").get()
    assert event.action == Action.VIEW and event.after["borger_ids"]
    for bad in (
        ["fsm2", "jobformidler", "1999-01", "taeller"],
        ["fsm2", "findes_ikke", MONTH, "taeller"],
        ["fsm2", "jobformidler", MONTH, "alle"],
        ["ressourceforloeb_x", "jobformidler", MONTH, "taeller"],
    ):
        assert client.get(reverse("overblik:borgere", args=bad)).status_code == 404


def test_a_projektleder_sets_a_goal_and_it_shows(imported: Delivery, make_user: Any) -> None:
    user = make_user(Role.PROJEKTLEDER, "147")
    client = client_for(user)
    response = client.post(reverse("overblik:maal"), {"initiativ": "fsm2", "jobformidler": "120"})
    assert response.status_code == 200
    assert "100" in response.content.decode()  # the reason names the maximum
    assert not Goal.objects.exists()
    response = client.post(
        reverse("overblik:maal"), {"initiativ": "fsm2", "jobformidler": "87,5"}, follow=True
    )
    assert Goal.objects.get().target == Decimal("87.5")
    html = response.content.decode()
    assert "87,5 %" in html and "Mål: 87,5 %" in html  # the table and the chart's line
    assert AuditEvent.objects.filter(actor=user, object_type="goal", action=Action.CREATE).exists()
    teamleder = client_for(make_user(Role.TEAMLEDER, "147"))
    assert teamleder.post(reverse("overblik:maal"), {"jobformidler": "10"}).status_code == 403
    assert Goal.objects.get().target == Decimal("87.5")


def test_the_payout_outlook_is_in_kroner(imported: Delivery, make_user: Any) -> None:
    html = client_for(make_user(Role.PROJEKTLEDER, "147")).get(reverse("overblik:index"))
    text = html.content.decode()
    assert "1.847.500 kr." in text  # rate 1: half of the example grant of 3.695.000 kr.
    assert "Bedste måned hidtil" in text


def test_the_national_figure_comes_from_stored_benchmarks(
    imported: Delivery, make_user: Any
) -> None:
    client = client_for(make_user(Role.PROJEKTLEDER, "147"))
    assert "Intet landstal endnu" in client.get(reverse("overblik:index")).content.decode()
    period = Period.parse(f"{TODAY:%Y}M{TODAY:%m}")
    store_benchmarks(
        actor=None,
        api_version=2,
        base_url="https://api.jobindsats.dk",
        table_id="test",
        table_name="test",
        request={},
        metadata={},
        rows=[
            BenchmarkRow(
                table_id="test",
                measure="andel",
                initiative="fsm2",
                indicator="loennede_timer",
                category="i_alt",
                kommunekode=None,
                period=period,
                value=12.5,
                unit="pct",
            )
        ],
    )
    html = client.get(reverse("overblik:index")).content.decode()
    row = re.search(r"lønnede timer</a></th>(.*?)</tr>", html, re.S)
    assert row is not None and "12,5 %" in row.group(1) and "jobindsats.dk" in row.group(1)


def test_ressourceforloeb_where_the_municipality_has_that_target_group(
    imported: Delivery, make_user: Any
) -> None:
    client = client_for(make_user(Role.PROJEKTLEDER, "147"))
    html = client.get(reverse("overblik:index")).content.decode()
    assert "?initiativ=ressourceforloeb" in html
    response = client.get(reverse("overblik:index") + "?initiativ=ressourceforloeb")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Andel af målgruppen med personlig jobformidler" in page
    assert 'id="udbetaling"' not in page  # no payout rule for this pool
    found = re.findall(r'href="(/overblik/borgere/ressourceforloeb/[^"]+/naevner/\?[^"]*)"', page)
    assert found
    figure, rows = listed(client, found[0].replace("&amp;", "&"))
    assert figure == rows > 0


def test_a_projektleder_switches_level_without_naming_a_unit(
    imported: Delivery, make_user: Any
) -> None:
    client = client_for(make_user(Role.PROJEKTLEDER, "147"))
    teams = sorted(
        Medarbejder.objects.filter(kommune_id="147", team__isnull=False)
        .values_list("team__navn", flat=True)
        .distinct()
    )
    html = client.get(reverse("overblik:index") + "?niveau=team").content.decode()
    assert f"Overblik: {teams[0]}" in html  # the first team with citizens
    html = client.get(reverse("overblik:index") + "?niveau=team&enhed=-").content.decode()
    assert "Overblik: Uden team" in html
    html = client.get(reverse("overblik:index") + "?niveau=jobformidler").content.decode()
    assert 'name="enhed"' in html and "Uden jobformidler" in html
    assert client.get(reverse("overblik:index") + "?niveau=landet").status_code == 404
