"""Tavler: moves kept as history with an audit event, refusals that write nothing, the form with
and without htmx, suggestions for citizens not yet placed, company matches, and who sees whom."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.tavler.models import Tavle, Tavleflytning
from fremdrift.tavler.services import move_to_board
from fremdrift.virksomheder.models import Aftale, Virksomhed

from .conftest import Centre

pytestmark = pytest.mark.django_db
URL = reverse("tavler:tavler")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def board_of(page: str, tavle: str) -> str:
    """The HTML of one board's column."""
    start = page.index(f'data-tavle="{tavle}" aria-labelledby')
    return page[start : page.index("</section>", start)]


def unplaced_section(page: str) -> str:
    start = page.index('aria-labelledby="ikke-placeret"')
    return page[start : page.index("</section>", start)]


def company_with_an_open_agreement(centre: Centre, cvr: str, navn: str, branche: str) -> None:
    """A company of the municipality where another citizen (`nobody`) starts a placement today."""
    company = Virksomhed.objects.create(kommune_id="147", cvr=cvr, navn=navn, branche=branche)
    Aftale.objects.create(
        borger=centre.borgere["nobody"],
        aktivitet="virksomhedspraktik",
        virksomhed=company,
        start=centre.today,
    )


def test_moves_are_kept_as_history_and_audited(centre: Centre) -> None:
    tina, borger = centre.users["tina"], centre.borgere["t2"]
    first = move_to_board(actor=tina, borger=borger, tavle=Tavle.PAA_VEJ, note="Mødet 3. marts")
    second = move_to_board(actor=tina, borger=borger, tavle=Tavle.PAA_SPRING)
    moves = list(Tavleflytning.objects.filter(borger=borger).order_by("tidspunkt", "id"))
    assert [(m.fra_tavle, m.tavle, m.flyttet_af) for m in moves] == [
        ("", Tavle.PAA_VEJ, tina),
        (Tavle.PAA_VEJ, Tavle.PAA_SPRING, tina),
    ]
    assert moves[0].note == "Mødet 3. marts"
    for move in (first, second):
        event = AuditEvent.objects.get(object_type="tavleflytning", object_id=str(move.pk))
        assert event.action == Action.CREATE
        assert event.actor == tina and event.borger_id == borger.pk
        assert event.after is not None and event.after["tavle"] == move.tavle


def test_a_refused_move_writes_nothing(centre: Centre) -> None:
    tina, borger = centre.users["tina"], centre.borgere["t2"]
    move_to_board(actor=tina, borger=borger, tavle=Tavle.PAA_VEJ)
    before = (Tavleflytning.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as same:
        move_to_board(actor=tina, borger=borger, tavle=Tavle.PAA_VEJ)
    assert "allerede på tavlen På vej" in str(same.value)
    with pytest.raises(ValidationError) as unknown:
        move_to_board(actor=tina, borger=borger, tavle="paa_maanen")
    assert "Vælg en af tavlerne" in str(unknown.value)
    assert (Tavleflytning.objects.count(), AuditEvent.objects.count()) == before


def test_a_citizen_out_of_reach_cannot_be_moved(centre: Centre) -> None:
    with pytest.raises(PermissionDenied):
        move_to_board(actor=centre.users["tina"], borger=centre.borgere["team_b"], tavle="i_gang")
    assert not Tavleflytning.objects.exists()
    assert AuditEvent.objects.filter(
        action=Action.DENIED, actor=centre.users["tina"], borger_id=centre.borgere["team_b"].pk
    ).exists()


def test_unplaced_citizens_get_a_suggestion_from_their_data(centre: Centre) -> None:
    page = client_for(centre.users["tina"]).get(URL).content.decode()
    section = unplaced_section(page)
    expected = {
        "t1_new": ("I gang", "Ny: trin 1, startafklaring"),
        "t2": ("På vej", "Trin 2: på vej mod job"),
        "t3_paid": ("På spring", "Trin 3 med lønnede timer"),
        "t3_none": ("På vej", "Trin 3 uden lønnede timer"),
        "exempt": ("På længere sigt", "Fritaget"),
    }
    for key, (tavle, reason) in expected.items():
        borger = centre.borgere[key]
        card = section[section.index(f'id="kort-{borger.pk}"') :]
        card = card[: card.index("</tr>")]
        assert f"<strong>{tavle}</strong>: {reason}" in card, key
        # The suggestion is preselected, so one click places the citizen there.
        selected = re.search(r'<option value="(\w+)" selected>', card)
        assert selected and Tavle(selected.group(1)).label == tavle


def test_the_button_moves_without_javascript_and_the_board_shows_it(centre: Centre) -> None:
    client = client_for(centre.users["tina"])
    borger = centre.borgere["t2"]
    response = client.post(reverse("tavler:flyt", args=[borger.pk]), {"tavle": "paa_spring"})
    assert response.status_code == 302 and response.headers["Location"].startswith(URL)
    page = client.get(response.headers["Location"]).content.decode()
    assert f'id="kort-{borger.pk}"' in board_of(page, "paa_spring")
    assert f'id="kort-{borger.pk}"' not in unplaced_section(page)
    assert "T2 er flyttet til På spring." in page
    # The latest moves list it with who moved the citizen.
    assert re.search(r"T2</a></td>\s*<td>Ikke placeret</td>\s*<td>På spring</td>", page)


def test_htmx_gets_the_boards_alone_with_the_result(centre: Centre) -> None:
    client = client_for(centre.users["tina"])
    borger = centre.borgere["t2"]
    url = reverse("tavler:flyt", args=[borger.pk])
    response = client.post(url, {"tavle": "paa_vej"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<div id="tavler-resultat">') and "<html" not in body
    assert "T2 er flyttet til På vej." in body
    assert f'id="kort-{borger.pk}"' in board_of(body, "paa_vej")
    again = client.post(url, {"tavle": "paa_vej"}, headers={"HX-Request": "true"})
    assert "T2 blev ikke flyttet: Borgeren er allerede på tavlen På vej." in again.content.decode()
    empty = client.post(url, {}, headers={"HX-Request": "true"})
    assert "Vælg den tavle, borgeren skal flyttes til." in empty.content.decode()
    assert Tavleflytning.objects.filter(borger=borger).count() == 1


def test_a_jobformidler_sees_only_their_own_citizens_on_the_boards(centre: Centre) -> None:
    page = client_for(centre.users["bo"]).get(URL).content.decode()
    shown = {int(pk) for pk in re.findall(r'id="kort-(\d+)"', page)}
    assert shown == {centre.borgere["exempt"].pk}


def test_the_look_is_logged_naming_the_citizens_shown(centre: Centre) -> None:
    client_for(centre.users["tina"]).get(URL)
    event = AuditEvent.objects.filter(view="tavler:tavler").latest("id")
    team_a = {"t1_new", "t1_late", "t2", "t3_paid", "t3_none", "exempt"}
    assert set(event.after["borger_ids"]) == {centre.borgere[k].pk for k in team_a}


def test_a_citizen_ready_for_a_job_gets_companies_that_fit(centre: Centre) -> None:
    tina = centre.users["tina"]
    ready = centre.borgere["t3_paid"]  # jobmål Butiksassistent, paid hours at Købmanden (Detail)
    move_to_board(actor=tina, borger=ready, tavle=Tavle.PAA_SPRING)
    company_with_an_open_agreement(centre, "20000007", "Tøjhuset", "Detail")
    Virksomhed.objects.create(kommune_id="147", cvr="30000005", navn="Lageret", branche="Lager")
    page = client_for(tina).get(URL).content.decode()
    card = board_of(page, "paa_spring")
    assert "Købmanden</a> (Detail; 1 åben aftale): borgeren har lønnede timer her" in card
    assert "Tøjhuset</a> (Detail; 1 åben aftale)" in card
    assert "Lageret" not in card  # another branche, and no open agreement
    assert "Borgere med samme jobmål har haft aftaler i branchen (1 i Detail)." in card


def test_a_jobmaal_that_names_a_branche_points_there(centre: Centre) -> None:
    from fremdrift.indsats.models import Jobmaal

    tina, ready = centre.users["tina"], centre.borgere["t2"]
    Jobmaal.objects.filter(borger=ready).update(beskrivelse="IT-supporter")
    company_with_an_open_agreement(centre, "40000003", "PC-Klinikken", "IT")
    move_to_board(actor=tina, borger=ready, tavle=Tavle.PAA_SPRING)
    card = board_of(client_for(tina).get(URL).content.decode(), "paa_spring")
    assert "PC-Klinikken</a> (IT; 1 åben aftale)</li>" in card
    assert "Branchen står i jobmålet." in card
    assert "Købmanden" not in card  # Detail, and not the citizen's workplace


def test_every_unplaced_citizen_is_placed_on_their_suggestion_at_once(centre: Centre) -> None:
    client = client_for(centre.users["tina"])
    move_to_board(actor=centre.users["tina"], borger=centre.borgere["t2"], tavle=Tavle.I_GANG)
    response = client.post(reverse("tavler:placer-forslag"))
    assert response.status_code == 302
    current = {
        m.borger_id: m.tavle
        for m in Tavleflytning.objects.order_by("tidspunkt", "id")  # the latest wins
    }
    b = centre.borgere
    assert current == {
        b["t1_new"].pk: Tavle.I_GANG,
        b["t1_late"].pk: Tavle.I_GANG,
        b["t2"].pk: Tavle.I_GANG,  # already placed: left where the team put them
        b["t3_paid"].pk: Tavle.PAA_SPRING,
        b["t3_none"].pk: Tavle.PAA_VEJ,
        b["exempt"].pk: Tavle.PAA_LAENGERE_SIGT,
    }
    assert (
        AuditEvent.objects.filter(object_type="tavleflytning", actor=centre.users["tina"]).count()
        == 6
    )
    page = client.get(response.headers["Location"]).content.decode()
    assert "5 borgere er placeret efter forslaget." in page
    assert "Alle borgere er placeret på en tavle." in page


def test_a_jobformidler_places_only_their_own(centre: Centre) -> None:
    client_for(centre.users["bo"]).post(reverse("tavler:placer-forslag"))
    assert list(Tavleflytning.objects.values_list("borger_id", "tavle")) == [
        (centre.borgere["exempt"].pk, Tavle.PAA_LAENGERE_SIGT)
    ]


def test_a_project_leader_sees_one_team_unless_asking_for_all(centre: Centre) -> None:
    client = client_for(centre.users["pia"])
    first = {int(pk) for pk in re.findall(r'id="kort-(\d+)"', client.get(URL).content.decode())}
    assert centre.borgere["t2"].pk in first and centre.borgere["team_b"].pk not in first
    every = client.get(URL, {"team": ""}).content.decode()
    shown = {int(pk) for pk in re.findall(r'id="kort-(\d+)"', every)}
    assert {centre.borgere["team_b"].pk, centre.borgere["nobody"].pk} <= shown
    # A move from the all-teams view comes back to it.
    response = client.post(
        reverse("tavler:flyt", args=[centre.borgere["nobody"].pk]), {"tavle": "i_gang", "team": ""}
    )
    assert response.headers["Location"] == f"{URL}?team="


def test_a_citizen_in_the_rehabilitation_group_is_suggested_for_the_longer_term(
    centre: Centre,
) -> None:
    from fremdrift.borgere.models import Forloeb

    Forloeb.objects.filter(borger=centre.borgere["t1_new"]).update(gruppe=2)
    page = client_for(centre.users["tina"]).get(URL).content.decode()
    section = unplaced_section(page)
    card = section[section.index(f'id="kort-{centre.borgere["t1_new"].pk}"') :]
    card = card[: card.index("</tr>")]
    assert "<strong>På længere sigt</strong>: I rehabiliteringsgruppen (gruppe 2)" in card
