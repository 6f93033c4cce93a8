"""The Borgerside's actions: each writes through its service, shows a refusal in Danish next to the
field with the input kept, refuses a citizen the user may not see, and then writes nothing.

| login        | role         | medarbejder                          |
|--------------|--------------|--------------------------------------|
| jf           | jobformidler | `anna` (team A), holds `own`         |
| projektleder | projektleder | -                                    |
| star         | star         | -                                    |

Citizens of Frederiksberg (147): `own` (held by anna), `unassigned` (no jobformidler: every
jobformidler there may see them) and `hidden` (held by bo in team B: jf may not see them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Forloeb, Markering, Ydelse
from fremdrift.indsats.models import (
    CV,
    Delmaal,
    Jobmaal,
    Kontakt,
    Netvaerksinddragelse,
    Step,
    StepUpTilbud,
)
from fremdrift.indsats.services import step_deadline
from fremdrift.organisation.models import Role
from fremdrift.virksomheder.models import Aftale, Timer, Virksomhed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
CVR = "10000009"  # passes the modulus-11 check


def iso(d: date) -> str:
    return d.isoformat()


def dk(d: date) -> str:
    return f"{d:%d.%m.%Y}"


@dataclass
class World:
    users: dict[str, Any]
    borgere: dict[str, Any]
    anna: Any
    virksomhed: Any


@pytest.fixture
def world(
    make_user: Callable[..., Any],
    make_medarbejder: Callable[..., Any],
    make_borger: Callable[..., Any],
) -> World:
    anna = make_medarbejder("147", team="Team A", navn="Anna Jobformidler")
    bo = make_medarbejder("147", team="Team B", navn="Bo Jobformidler")
    users = {
        "jf": make_user(Role.JOBFORMIDLER, "147", medarbejder=anna, username="jf"),
        "projektleder": make_user(Role.PROJEKTLEDER, "147", username="projektleder"),
        "star": make_user(Role.STAR, username="star"),
    }
    borgere = {
        "own": make_borger("147", navn="Olga Egen"),
        "unassigned": make_borger("147", navn="Uffe Utildelt"),
        "hidden": make_borger("147", navn="Hanne Skjult"),
    }
    Markering.objects.create(
        borger=borgere["own"], markering="jobformidler", medarbejder=anna, start=date(2024, 1, 1)
    )
    Markering.objects.create(
        borger=borgere["hidden"], markering="jobformidler", medarbejder=bo, start=date(2024, 1, 1)
    )
    virksomhed = Virksomhed.objects.create(kommune_id="147", cvr=CVR, navn="Bageriet ApS")
    return World(users, borgere, anna, virksomhed)


def as_user(world: World, name: str = "jf") -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def url(name: str, borger: Any, **kwargs: Any) -> str:
    return reverse(f"borgere:{name}", kwargs={"pk": borger.pk, **kwargs})


def written() -> dict[str, list[tuple[Any, ...]]]:
    """Every row an action can write, and the audit log's writes (not its looks and refusals)."""
    models = (Markering, Step, Kontakt, Aftale, Timer)
    state = {m.__name__: list(m.objects.order_by("pk").values_list()) for m in models}
    state["AuditEvent"] = list(
        AuditEvent.objects.exclude(action__in=[Action.DENIED, Action.VIEW])
        .order_by("pk")
        .values_list("pk")
    )
    return state


def field_error(page: str, field_id: str) -> str:
    """The error message shown for a field, after checking the input points at it."""
    match = re.search(
        rf'<span class="form-error-message" id="{field_id}_error">(.*?)</span>\s*<', page, re.S
    )
    assert match, f"no error shown for {field_id}"
    tag = re.search(rf'<(?:input|select|textarea)[^>]*id="{field_id}"[^>]*>', page)
    assert tag, field_id
    assert 'aria-invalid="true"' in tag.group(0)
    assert f"{field_id}_error" in tag.group(0)  # aria-describedby
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def input_value(page: str, field_id: str) -> str:
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page)
    assert tag, field_id
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""


# --- Every route: POST only, and nothing for a citizen out of reach ------------------------------


def routes(world: World, borger: Any) -> dict[str, str]:
    marking = Markering.objects.filter(borger=borger).first()
    aftale = Aftale.objects.create(borger=borger, aktivitet="andet", start=date(2024, 1, 1))
    return {
        "kontakt": url("kontakt", borger),
        "trin": url("trin", borger),
        "markering": url("markering", borger),
        "markering-afslut": url("markering-afslut", borger, markering_id=marking.pk),
        "jobformidler": url("jobformidler", borger),
        "aftale": url("aftale", borger),
        "aftale-timer": url("aftale-timer", borger, aftale_id=aftale.pk),
    }


VALID = {
    "kontakt": {"kontakt-dato": iso(TODAY), "kontakt-form": "samtale"},
    "trin": {"trin-trin": "1", "trin-start": iso(TODAY)},
    "markering": {"markering-markering": "step_up", "markering-start": iso(TODAY)},
    "markering-afslut": {"slut": iso(TODAY)},  # prefixed below
    "jobformidler": {"jobformidler-start": iso(TODAY)},  # medarbejder below
    "aftale": {"aftale-aktivitet": "andet", "aftale-start": iso(TODAY)},
    "aftale-timer": {"maaned": iso(LAST_MONTH), "timer": "12"},  # prefixed below
}


def valid_data(world: World, name: str, route: str) -> dict[str, str]:
    data = dict(VALID[name])
    if name == "jobformidler":
        data["jobformidler-medarbejder"] = str(world.anna.pk)
    if name in ("markering-afslut", "aftale-timer"):
        prefix = "afslut" if name == "markering-afslut" else "timer"
        object_id = re.findall(r"\d+", route)[-1]
        data = {f"{prefix}-{object_id}-{k}": v for k, v in data.items()}
    return data


def test_get_is_not_allowed(world: World) -> None:
    client = as_user(world)
    for name, route in routes(world, world.borgere["own"]).items():
        assert client.get(route).status_code == 405, name


@pytest.mark.parametrize("user", ["jf", "star"])
def test_a_citizen_out_of_reach_is_refused_and_nothing_is_written(world: World, user: str) -> None:
    hidden = world.borgere["hidden"]
    client = as_user(world, user)
    for name, route in routes(world, hidden).items():
        before = written()
        denied = AuditEvent.objects.filter(action=Action.DENIED).count()
        response = client.post(route, valid_data(world, name, route))
        # 404 as for a citizen that does not exist; STAR never sees citizens at all (403).
        assert response.status_code == (404 if user == "jf" else 403), name
        assert "Hanne" not in response.content.decode()
        assert written() == before, name
        event = AuditEvent.objects.order_by("-pk").first()
        assert AuditEvent.objects.filter(action=Action.DENIED).count() == denied + 1
        assert (event.action, event.actor, event.borger_id) == (
            Action.DENIED,
            world.users[user],
            hidden.pk,
        )


def test_an_object_of_another_citizen_is_not_found(world: World) -> None:
    own, unassigned = world.borgere["own"], world.borgere["unassigned"]
    client = as_user(world)
    marking = Markering.objects.get(borger=own)
    aftale = Aftale.objects.create(borger=own, aktivitet="andet", start=date(2024, 1, 1))
    before = written()
    end = url("markering-afslut", unassigned, markering_id=marking.pk)
    assert client.post(end, {f"afslut-{marking.pk}-slut": iso(TODAY)}).status_code == 404
    hours = url("aftale-timer", unassigned, aftale_id=aftale.pk)
    assert client.post(hours, {f"timer-{aftale.pk}-maaned": iso(LAST_MONTH)}).status_code == 404
    assert written() == before


# --- Kontakt -------------------------------------------------------------------------------------


def test_record_a_contact(world: World) -> None:
    own = world.borgere["own"]
    client = as_user(world)
    response = client.post(
        url("kontakt", own),
        {"kontakt-dato": iso(TODAY), "kontakt-form": "telefon", "kontakt-med_hvem": "Borgeren"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("detail", own) + "#trin"
    contact = Kontakt.objects.get(borger=own)
    assert (contact.form, contact.med_hvem, contact.medarbejder) == (
        "telefon",
        "Borgeren",
        world.anna,
    )
    event = AuditEvent.objects.get(object_type="kontakt")
    assert (event.action, event.actor) == (Action.CREATE, world.users["jf"])
    page = client.get(response["Location"]).content.decode()
    assert f"Kontakten (telefon) den {dk(TODAY)} er registreret." in page
    assert re.search(r"<td>Telefon</td><td>Borgeren</td><td>Anna Jobformidler</td>", page)


def test_record_a_contact_with_htmx_swaps_the_section_and_the_timeline(world: World) -> None:
    own = world.borgere["own"]
    response = as_user(world).post(
        url("kontakt", own),
        {"kontakt-dato": iso(TODAY), "kontakt-form": "samtale"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="trin"')
    assert "<html" not in page
    assert f"Kontakten (samtale) den {dk(TODAY)} er registreret." in page
    assert re.search(r'<section id="tidslinje"[^>]*hx-swap-oob="true"', page)
    assert "<strong>Kontakt:</strong> Samtale" in page


def test_a_contact_in_the_future_is_refused_next_to_the_date_with_the_input_kept(
    world: World,
) -> None:
    own = world.borgere["own"]
    tomorrow = TODAY + timedelta(days=1)
    before = written()
    response = as_user(world).post(
        url("kontakt", own),
        {"kontakt-dato": iso(tomorrow), "kontakt-form": "samtale", "kontakt-med_hvem": "Mor"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert field_error(page, "id_kontakt-dato") == "Fejl: En kontakt kan ikke ligge i fremtiden."
    assert input_value(page, "id_kontakt-dato") == iso(tomorrow)
    assert input_value(page, "id_kontakt-med_hvem") == "Mor"
    assert written() == before


def test_a_missing_field_is_refused_in_danish_with_htmx(world: World) -> None:
    response = as_user(world).post(
        url("kontakt", world.borgere["own"]),
        {"kontakt-dato": "", "kontakt-form": "samtale"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="trin"')
    assert field_error(page, "id_kontakt-dato") == "Fejl: Dette felt er påkrævet."


# --- Trin ----------------------------------------------------------------------------------------


def test_move_to_the_next_step_shows_the_new_deadline(world: World) -> None:
    own = world.borgere["own"]
    client = as_user(world)
    start = TODAY - timedelta(days=10)
    client.post(url("trin", own), {"trin-trin": "1", "trin-start": iso(start)})
    response = client.post(url("trin", own), {"trin-trin": "2", "trin-start": iso(TODAY)})
    assert response.status_code == 302
    steps = list(Step.objects.filter(borger=own).order_by("start").values_list("trin", "afsluttet"))
    assert steps == [(1, TODAY), (2, None)]
    frist = step_deadline(initiativ="fsm2", trin=2, start=TODAY)
    page = client.get(response["Location"]).content.decode()
    assert f"Borgeren er på Trin 2: på vej mod job fra {dk(TODAY)}. Ny frist: {dk(frist)}." in page
    assert "Flyt til trin 3" in page


def test_a_step_moved_meanwhile_is_refused_above_the_form(world: World) -> None:
    own = world.borgere["own"]
    client = as_user(world)
    client.post(url("trin", own), {"trin-trin": "1", "trin-start": iso(TODAY)})
    before = written()
    # The same form posted twice (two tabs): trin 1 again is no step forward.
    response = client.post(url("trin", own), {"trin-trin": "1", "trin-start": iso(TODAY)})
    page = unescape(response.content.decode())
    assert "Borgeren er allerede på trin 1" in page
    assert 'class="alert alert-error" role="alert"' in response.content.decode()
    assert written() == before


def test_a_step_in_the_future_is_refused_next_to_the_date(world: World) -> None:
    own = world.borgere["own"]
    later = TODAY + timedelta(days=3)
    response = as_user(world).post(url("trin", own), {"trin-trin": "1", "trin-start": iso(later)})
    page = response.content.decode()
    assert field_error(page, "id_trin-start") == "Fejl: Trinnets start kan ikke ligge i fremtiden."
    assert input_value(page, "id_trin-start") == iso(later)
    assert not Step.objects.exists()


# --- Markeringer ---------------------------------------------------------------------------------


def test_an_exemption_needs_its_reason_next_to_the_field(world: World) -> None:
    own = world.borgere["own"]
    client = as_user(world)
    start = TODAY - timedelta(days=5)
    data = {"markering-markering": "fritagelse", "markering-start": iso(start)}
    response = client.post(url("markering", own), data)
    page = response.content.decode()
    assert (
        field_error(page, "id_markering-fritagelsesgrund")
        == "Fejl: En fritagelse skal have en grund: skriv den."
    )
    assert input_value(page, "id_markering-start") == iso(start)
    assert re.search(r'<details class="details" open>\s*<summary[^>]*>Tilføj en markering', page)
    assert not Markering.objects.filter(markering="fritagelse").exists()

    response = client.post(url("markering", own), {**data, "markering-fritagelsesgrund": "Sygdom"})
    assert response.status_code == 302
    marking = Markering.objects.get(markering="fritagelse")
    assert (marking.borger, marking.start, marking.fritagelsesgrund) == (own, start, "Sygdom")
    page = client.get(response["Location"]).content.decode()
    assert f"Markeringen Fritagelse er tilføjet fra {dk(start)}." in page


def test_end_a_marking(world: World) -> None:
    own = world.borgere["own"]
    client = as_user(world)
    marking = Markering.objects.create(
        borger=own, markering="step_up", start=TODAY - timedelta(days=30)
    )
    field = f"afslut-{marking.pk}-slut"
    before = written()
    too_early = iso(marking.start - timedelta(days=1))
    page = client.post(url("markering-afslut", own, markering_id=marking.pk), {field: too_early})
    page_text = page.content.decode()
    assert field_error(page_text, f"id_{field}") == "Fejl: Slutdatoen ligger før startdatoen."
    assert input_value(page_text, f"id_{field}") == too_early
    assert written() == before

    response = client.post(
        url("markering-afslut", own, markering_id=marking.pk), {field: iso(TODAY)}
    )
    assert response.status_code == 302
    marking.refresh_from_db()
    assert marking.slut == TODAY
    assert (
        f"Markeringen Step-up er afsluttet {dk(TODAY)}."
        in client.get(response["Location"]).content.decode()
    )


# --- Jobformidler and the caseload cap -----------------------------------------------------------


def test_the_caseload_cap_in_the_ui_warning_refusal_and_a_leaders_override(
    world: World, make_borger: Callable[..., Any]
) -> None:
    anna = world.anna
    anna.sagsstamme_loft = 2
    anna.save()
    first, second = make_borger("147", navn="Første"), make_borger("147", navn="Anden")
    jf = as_user(world)
    data = {"jobformidler-medarbejder": str(anna.pk), "jobformidler-start": iso(TODAY)}

    # The select tells each jobformidler's caseload and cap.
    page = jf.get(url("detail", first)).content.decode()
    assert "Anna Jobformidler: 1 af 2 borgere" in page
    assert 'id="id_jobformidler-override_reason"' not in page  # only leaders may override

    # Filling the caseload to the cap: assigned, with the warning.
    response = jf.post(url("jobformidler", first), data)
    assert response.status_code == 302
    page = jf.get(response["Location"]).content.decode()
    assert "Anna Jobformidler er borgerens jobformidler fra" in page
    assert "alert alert-warning" in page
    assert "Sagsstammen er nu fuld: 2 af 2 borgere." in page
    assert "Anna Jobformidler: 2 af 2 borgere (fuld)" in page

    # Past the cap a jobformidler is refused, next to the select, and nothing is written.
    before = written()
    response = jf.post(url("jobformidler", second), data)
    page = unescape(response.content.decode())
    assert "har allerede 2 borgere (loftet er 2)" in field_error(
        page, "id_jobformidler-medarbejder"
    )
    assert f'<option value="{anna.pk}" selected>' in page
    assert written() == before

    # A leader may go past it, with a reason only.
    leader = as_user(world, "projektleder")
    response = leader.post(url("jobformidler", second), data)
    page = unescape(response.content.decode())
    assert field_error(page, "id_jobformidler-override_reason") == (
        "Fejl: Loftet på 2 borgere overskrides: skriv en begrundelse."
    )
    assert written() == before
    response = leader.post(
        url("jobformidler", second), {**data, "jobformidler-override_reason": "Kollega syg"}
    )
    assert response.status_code == 302
    page = leader.get(response["Location"]).content.decode()
    assert "Loftet er overskredet: 3 borgere mod et loft på 2." in page
    marking = Markering.objects.get(borger=second, markering="jobformidler")
    event = AuditEvent.objects.get(object_type="markering", object_id=str(marking.pk))
    assert (event.actor, event.after["override_reason"]) == (
        world.users["projektleder"],
        "Kollega syg",
    )


def test_giving_the_case_away_ends_on_the_list(
    world: World, make_medarbejder: Callable[..., Any]
) -> None:
    """After assigning a colleague in another team, the jobformidler no longer sees the citizen."""
    own = world.borgere["own"]
    colleague = make_medarbejder("147", team="Team B", navn="Carl Kollega")
    response = as_user(world).post(
        url("jobformidler", own),
        {"jobformidler-medarbejder": str(colleague.pk), "jobformidler-start": iso(TODAY)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("borgere:list")
    assert Markering.objects.get(borger=own, slut__isnull=True).medarbejder == colleague


# --- Aftaler og timer ----------------------------------------------------------------------------


def aftale_data(world: World, **changes: str) -> dict[str, str]:
    data = {
        "aftale-aktivitet": "loennede_timer",
        "aftale-virksomhed": world.virksomhed.cvr,
        "aftale-timer_pr_uge": "10",
        "aftale-opgaver": "Opvask og klargøring",
        "aftale-kontaktperson": "Ole Bager",
        "aftale-progressionsplan": "Fra 10 til 15 timer efter tre måneder",
        "aftale-start": iso(LAST_MONTH),
        "aftale-slut": "",
    }
    data.update({f"aftale-{k}": v for k, v in changes.items()})
    return data


def test_register_an_agreement_and_its_hours(world: World) -> None:
    own = world.borgere["own"]
    client = as_user(world)
    response = client.post(url("aftale", own), aftale_data(world, timer_pr_uge="12,5"))
    assert response.status_code == 302
    assert response["Location"].endswith("#aftaler")
    aftale = Aftale.objects.get(borger=own)
    assert (aftale.aktivitet, aftale.virksomhed, aftale.timer_pr_uge) == (
        "loennede_timer",
        world.virksomhed,
        12.5,
    )
    assert aftale.kontaktperson == "Ole Bager"
    page = client.get(response["Location"]).content.decode()
    assert "Lønnede timer hos Bageriet ApS" in page
    assert "12,5" in page
    assert "Opvask og klargøring" in page

    field = f"timer-{aftale.pk}"
    response = client.post(
        url("aftale-timer", own, aftale_id=aftale.pk),
        {f"{field}-maaned": iso(LAST_MONTH), f"{field}-timer": "38,5"},
    )
    assert response.status_code == 302
    assert Timer.objects.get(aftale=aftale).timer == Decimal("38.5")
    page = client.get(response["Location"]).content.decode()
    assert "38,5 timer i " in page
    # The chart, with its name, and the same figure in the table.
    assert f'<svg role="img" aria-labelledby="figur-{aftale.pk}-titel' in page
    assert re.search(rf"<title>[a-zæø]+ {LAST_MONTH.year}: 38,5 timer</title>", page)
    assert re.search(r'<td class="app-number">38,5</td>', page)


def test_too_many_hours_a_week_are_refused_next_to_the_field_with_the_input_kept(
    world: World,
) -> None:
    own = world.borgere["own"]
    before = written()
    response = as_user(world).post(url("aftale", own), aftale_data(world, timer_pr_uge="80"))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        field_error(page, "id_aftale-timer_pr_uge")
        == "Fejl: Timer pr. uge skal være mellem 0 og 37."
    )
    assert input_value(page, "id_aftale-timer_pr_uge") == "80"
    assert input_value(page, "id_aftale-kontaktperson") == "Ole Bager"
    assert "Opvask og klargøring" in page
    assert written() == before


def test_an_agreement_at_a_company_needs_the_company(world: World) -> None:
    response = as_user(world).post(
        url("aftale", world.borgere["own"]),
        aftale_data(world, virksomhed=""),
        headers={"HX-Request": "true"},
    )
    page = unescape(response.content.decode())
    assert page.lstrip().startswith('<section id="aftaler"')
    assert field_error(page, "id_aftale-virksomhed") == (
        "Fejl: En aftale om lønnede timer skal have en virksomhed."
    )
    assert not Aftale.objects.exists()


def test_the_company_is_typed_by_name_in_any_case(world: World) -> None:
    own = world.borgere["own"]
    response = as_user(world).post(
        url("aftale", own), aftale_data(world, virksomhed="bageriet aps")
    )
    assert response.status_code == 302
    assert Aftale.objects.get(borger=own).virksomhed == world.virksomhed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Bagerbutikken",
            "Ingen virksomhed i kommunen med det CVR-nummer eller navn; "
            "opret den under Virksomheder.",
        ),
        # A company of another municipality is none of this one's.
        (
            "20000007",
            "Ingen virksomhed i kommunen med det CVR-nummer eller navn; "
            "opret den under Virksomheder.",
        ),
        ("Bageriet ApS", "Flere virksomheder hedder sådan; skriv CVR-nummeret."),
    ],
)
def test_a_company_that_is_not_one_of_the_municipalitys_is_refused_next_to_the_field(
    world: World, typed: str, message: str
) -> None:
    Virksomhed.objects.create(kommune_id="147", cvr="30000005", navn="Bageriet ApS")
    Virksomhed.objects.create(kommune_id="766", cvr="20000007", navn="Hedensted Smedie")
    before = written()
    response = as_user(world).post(
        url("aftale", world.borgere["own"]),
        aftale_data(world, virksomhed=typed),
        headers={"HX-Request": "true"},
    )
    page = unescape(response.content.decode())
    assert page.lstrip().startswith('<section id="aftaler"')
    assert field_error(page, "id_aftale-virksomhed") == f"Fejl: {message}"
    assert input_value(page, "id_aftale-virksomhed") == typed
    assert input_value(page, "id_aftale-kontaktperson") == "Ole Bager"
    assert written() == before


def test_the_company_field_is_typed_with_suggestions_not_a_list_of_every_company(
    world: World,
) -> None:
    """The municipality's companies are not on the page: the field asks for suggestions."""
    page = as_user(world).get(url("detail", world.borgere["own"])).content.decode()
    tag = re.search(r'<input[^>]*id="id_aftale-virksomhed"[^>]*>', page)
    assert tag
    assert 'type="text"' in tag.group(0)
    assert f'hx-get="{reverse("virksomheder:forslag")}"' in tag.group(0)
    assert 'list="aftale-virksomhed-forslag"' in tag.group(0)
    assert '<datalist id="aftale-virksomhed-forslag"></datalist>' in page
    assert "Virksomhed (CVR-nummer eller navn)" in page
    assert "Bageriet ApS" not in page


def test_hours_that_are_no_number_are_refused_in_danish(world: World) -> None:
    own = world.borgere["own"]
    aftale = Aftale.objects.create(borger=own, aktivitet="andet", start=LAST_MONTH)
    field = f"timer-{aftale.pk}"
    response = as_user(world).post(
        url("aftale-timer", own, aftale_id=aftale.pk),
        {f"{field}-maaned": iso(LAST_MONTH), f"{field}-timer": "mange"},
    )
    page = response.content.decode()
    assert field_error(page, f"id_{field}-timer") == "Fejl: Indtast et tal."
    assert input_value(page, f"id_{field}-timer") == "mange"
    assert not Timer.objects.exists()


# --- The page: a constant number of queries ------------------------------------------------------


def fill(borger: Any, n: int, medarbejder: Any, virksomhed: Any) -> None:
    """`n` rows of everything the Borgerside shows."""
    start = date(2022, 1, 3)
    Forloeb.objects.create(borger=borger, initiativ="fsm2", gruppe=1, start=start)
    for i in range(n):
        day = start + timedelta(days=30 * i)
        Ydelse.objects.create(borger=borger, ydelse="kontanthjaelp", start=day, slut=day)
        Markering.objects.create(
            borger=borger, markering="fritagelse", start=day, slut=day, fritagelsesgrund=f"G{i}"
        )
        Kontakt.objects.create(borger=borger, dato=day, form="samtale", medarbejder=medarbejder)
        Jobmaal.objects.create(borger=borger, beskrivelse=f"Mål {i}", start=day, slut=day)
        Delmaal.objects.create(
            borger=borger, beskrivelse=f"Delmål {i}", oprettet=day, status_dato=day
        )
        StepUpTilbud.objects.create(
            borger=borger, forvaltning="social", beskrivelse="Tilbud", tilbudt=day
        )
        Netvaerksinddragelse.objects.create(borger=borger, dato=day, hvem="Søster")
        aftale = Aftale.objects.create(
            borger=borger,
            aktivitet="loennede_timer",
            virksomhed=virksomhed,
            start=day,
            timer_pr_uge=5,
        )
        Timer.objects.create(aftale=aftale, maaned=day.replace(day=1), timer=Decimal(i + 1))
        Step.objects.create(
            borger=borger,
            initiativ="fsm2",
            trin=1 + i % 3,
            start=day,
            afsluttet=day + timedelta(days=1),
        )
    CV.objects.create(borger=borger, senest_opdateret=start)
    Step.objects.create(borger=borger, initiativ="fsm2", trin=2, start=TODAY)


def test_the_page_costs_the_same_queries_for_few_and_many_rows(
    world: World, make_borger: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    few, many = make_borger("147"), make_borger("147")
    fill(few, 1, world.anna, world.virksomhed)
    fill(many, 12, world.anna, world.virksomhed)
    client = as_user(world, "projektleder")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("detail", few)).status_code == 200
    with django_assert_num_queries(len(queries)):
        page = client.get(url("detail", many)).content.decode()
    assert "Delmål 11" in page
    assert "G11" in page


def test_the_page_costs_the_same_queries_in_a_larger_municipality(
    world: World, make_medarbejder: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    """More companies and more staff with caseloads: neither adds a query (the staff, each with
    their caseload, are one), and no company is listed on the page."""
    own = world.borgere["own"]
    client = as_user(world, "projektleder")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("detail", own)).status_code == 200
    for n in range(12):
        Virksomhed.objects.create(kommune_id="147", cvr=f"4{n:07d}", navn=f"Firma {n}")
        colleague = make_medarbejder("147", team="Team C", navn=f"Kollega {n}")
        Markering.objects.create(
            borger=world.borgere["unassigned"] if n == 0 else own,
            markering="jobformidler",
            medarbejder=colleague,
            start=date(2023, 1, 1),
            slut=None if n == 0 else date(2023, 6, 30),
        )
    with django_assert_num_queries(len(queries)):
        page = client.get(url("detail", own)).content.decode()
    assert "Firma 0" not in page
    assert "Kollega 0: 1 af 30 borgere" in page  # the open marking counts, an ended one not
    assert "Kollega 1: 0 af 30 borgere" in page
    assert "Anna Jobformidler: 1 af 30 borgere" in page
