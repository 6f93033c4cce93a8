"""STAR's work queue, a municipality's follow-up page and the grants' statements, as their
readers see them (the release of tests/monitoring/conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from django.test import Client

from fremdrift.audit.models import Action, AuditEvent

from .conftest import figures_frame

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    """The page's visible text, tags removed and whitespace folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&lt;", "<")


@pytest.fixture
def star(make_user: Callable[..., Any]) -> Client:
    from fremdrift.organisation.models import Role

    client = Client()
    client.force_login(make_user(Role.STAR, username="star"))
    return client


def login(make_user: Callable[..., Any], role: str, kommune: str) -> Client:
    client = Client()
    client.force_login(make_user(role, kommune))
    return client


def test_the_queue_lists_the_flagged_municipalities_and_why(
    star: Client, make_release: Callable[..., Any]
) -> None:
    make_release()
    page = text(star.get("/opfoelgning/"))
    assert "udgivelsen for 2020-08 (revision 1)" in page
    assert "2 kommuner til opfølgning" in page
    assert re.search(
        r"Frederiksberg .*Med den nuværende udvikling når Frederiksberg ikke 15,0 % inden "
        r"tilskudsperiodens udløb 2021-12",
        page,
    )
    assert re.search(
        r"Viborg .*personlig jobformidler: under kravet på 90,0 % i 8 måneder i træk "
        r"\(2020-01 til 2020-08; senest 80,0 %\)",
        page,
    )
    # Fewer than 10 citizens: never flagged.
    assert "Hedensted" not in page


def test_a_municipality_with_a_grant_and_no_delivery_is_shown_as_missing(
    star: Client, make_release: Callable[..., Any]
) -> None:
    # Frederiksberg's August delivery is missing: its figures stop in July.
    frame = figures_frame().filter(
        ~((pl.col("kommunekode") == "147") & (pl.col("month") == "2020-08"))
    )
    make_release(frame, missing=("147", "766"))
    page = text(star.get("/opfoelgning/"))
    assert re.search(
        r"Frederiksberg Ingen godkendt leverance for 2020-08: kommunens tal for måneden mangler "
        r"\(de tæller ikke som 0\)\.",
        page,
    )
    # Hedensted has no fsm2 grant: a missing delivery alone does not put it on the queue.
    assert "Hedensted" not in page
    kommune = text(star.get("/opfoelgning/fsm2/147/"))
    assert "Ingen godkendt leverance for 2020-08" in kommune
    assert "2020-08 – – – Ingen tal: tæller ikke" in kommune


def test_no_release_yet_says_so(star: Client) -> None:
    page = text(star.get("/opfoelgning/?initiativ=ressourceforloeb"))
    assert "Der er ingen udgivelse af ressourceforloeb endnu" in page


def test_a_municipality_page_shows_the_forecast_as_chart_and_table(
    star: Client, make_release: Callable[..., Any]
) -> None:
    make_release()
    response = star.get("/opfoelgning/fsm2/791/")
    html = response.content.decode()
    page = text(response)
    assert "Med den nuværende udvikling når Viborg 15,0 % i 2020-11" in page
    assert "Med den nuværende udvikling når Viborg 20,0 % i 2021-04" in page
    assert html.count("<svg") == 1 and 'stroke-dasharray="7 4"' in html
    # The table holds the chart's figures: the months seen and the line carried on.
    assert re.search(r"2020-08 12 100 12,0 %", page)
    assert re.search(r"2020-11 – – – 15,0 % 15,0 % – 15,0 %", page)
    assert re.search(r"2020-03 80 100 80,0 % Under kravet", page)


def test_hidden_and_small_months_say_why_they_do_not_count(
    star: Client, make_release: Callable[..., Any]
) -> None:
    make_release()
    page = text(star.get("/opfoelgning/fsm2/766/"))
    assert "Kommunen er ikke på listen til opfølgning" in page
    assert "2020-08 8 9 88,9 % Under 10 borgere: tæller ikke" in page
    assert "2020-08 <5 <5 <5 Skjult (diskretionering): tæller ikke" in page
    assert "Kommunen har intet tilskud fra denne pulje" in page


def test_a_note_is_saved_audited_and_listed(star: Client, make_release: Callable[..., Any]) -> None:
    from fremdrift.monitoring.models import FollowUpNote

    make_release()
    response = star.post("/opfoelgning/fsm2/147/", {"text": "Møde med jobcenterchefen 3/9."})
    assert response.status_code == 302
    note = FollowUpNote.objects.get()
    assert (note.kommune_id, note.initiative, note.month) == ("147", "fsm2", "2020-08")
    event = AuditEvent.objects.get(object_type="followupnote")
    assert event.action == Action.CREATE and event.actor_label == "star"
    assert event.kommune_id == "147"
    page = text(star.get("/opfoelgning/fsm2/147/"))
    assert "Møde med jobcenterchefen 3/9." in page
    queue = text(star.get("/opfoelgning/"))
    assert "(2020-08): Møde med jobcenterchefen 3/9." in queue


def test_an_empty_note_is_refused_next_to_the_field(
    star: Client, make_release: Callable[..., Any]
) -> None:
    from fremdrift.monitoring.models import FollowUpNote

    make_release()
    response = star.post("/opfoelgning/fsm2/147/", {"text": "   "})
    assert response.status_code == 200
    assert "Skriv hvad der er gjort i opfølgningen." in text(response)
    assert not FollowUpNote.objects.exists()


def test_leaders_see_their_own_grant_statement_with_exact_figures(
    make_user: Callable[..., Any], make_release: Callable[..., Any]
) -> None:
    from fremdrift.organisation.models import Role

    make_release()
    client = login(make_user, Role.TEAMLEDER, "791")
    page = text(client.get("/opfoelgning/tilskud/fsm2/791/"))
    assert "Tilskud 3.709.200 kr." in page
    # Best month 2020-08: 12 of 100, below 15 %: rate 1 only, so far.
    assert "2020-08 12 100 12,0 %" in page
    assert "1. rate 1.854.600 kr." in page
    assert "2. rate 0 kr." in page
    assert "I alt (50,0 % af tilskuddet) 1.854.600 kr." in page
    assert "Foreløbig: tilskudsperioden løber til 2021-12" in page
    # Only their own grants are listed.
    listing = text(client.get("/opfoelgning/tilskud/"))
    assert "Viborg" in listing and "Frederiksberg" not in listing
    assert client.get("/opfoelgning/tilskud/fsm2/147/").status_code == 404


def test_a_threshold_reached_releases_rate_2_capped_by_costs(
    star: Client, make_release: Callable[..., Any]
) -> None:
    from fremdrift.monitoring.models import Grant

    frame = figures_frame()
    # Frederiksberg's best month: 31 of 150 (20,7 %) in 2020-05.
    best = (frame["kommunekode"] == "147") & (frame["month"] == "2020-05")
    best &= frame["indicator"] == "loentimer_eller_uddannelse"
    frame = frame.with_columns(
        numerator=frame["numerator"].zip_with(~best, frame["numerator"] * 0 + 31),
        denominator=frame["denominator"].zip_with(~best, frame["denominator"] * 0 + 150),
    )
    make_release(frame)
    page = text(star.get("/opfoelgning/tilskud/fsm2/147/"))
    assert "2020-05 31 150 20,7 %" in page
    assert "I alt (100,0 % af tilskuddet) 3.695.000 kr." in page
    grant_form = {"amount": "3.695.000", "period_from": "2020-01", "period_to": "2021-12"}
    star.post("/opfoelgning/tilskud/fsm2/147/", {**grant_form, "costs_documented": "3.500.000,50"})
    grant = Grant.objects.get(kommune_id="147", initiative="fsm2")
    assert grant.costs_documented == Decimal("3500000.50")
    assert not grant.rate1_paid
    page = text(star.get("/opfoelgning/tilskud/fsm2/147/"))
    assert "I alt (100,0 % af tilskuddet) 3.500.000,50 kr." in page
    assert "Beløbet er sat ned til de dokumenterede udgifter." in page
    event = AuditEvent.objects.get(object_type="grant")
    assert event.before is not None and event.after is not None
    assert event.before["costs_documented"] is None
    assert event.after["costs_documented"] == "3500000.50"
    # The form shows the amount as typed in Danish; saving it again changes nothing.
    form = star.get("/opfoelgning/tilskud/fsm2/147/").content.decode()
    shown = re.search(r'name="costs_documented" value="([^"]*)"', form)
    assert shown is not None and shown.group(1) == "3.500.000,50 kr."
    star.post("/opfoelgning/tilskud/fsm2/147/", {**grant_form, "costs_documented": shown.group(1)})
    grant.refresh_from_db()
    assert grant.costs_documented == Decimal("3500000.50")
    refused = star.post(
        "/opfoelgning/tilskud/fsm2/147/", {**grant_form, "costs_documented": "mange"}
    )
    assert "Skriv beløbet i kroner" in text(refused)


def test_star_sees_a_hidden_best_month_as_under_5_and_the_municipality_its_counts(
    star: Client, make_user: Callable[..., Any], make_release: Callable[..., Any]
) -> None:
    from fremdrift.organisation.models import Role

    frame = figures_frame().with_columns(
        suppressed=pl.when(
            (pl.col("kommunekode") == "147") & (pl.col("indicator") == "loentimer_eller_uddannelse")
        )
        .then(True)
        .otherwise(pl.col("suppressed"))
    )
    make_release(frame)
    assert "2020-01 <5 <5 <5" in text(star.get("/opfoelgning/tilskud/fsm2/147/"))
    own = login(make_user, Role.PROJEKTLEDER, "147")
    assert "2020-01 10 100 10,0 %" in text(own.get("/opfoelgning/tilskud/fsm2/147/"))


def test_ressourceforloeb_states_rate_1_only_and_why(
    make_user: Callable[..., Any], make_release: Callable[..., Any]
) -> None:
    from fremdrift.organisation.models import Role

    make_release(initiative="ressourceforloeb", figures=_ressourceforloeb())
    client = login(make_user, Role.PROJEKTLEDER, "766")
    page = text(client.get("/opfoelgning/tilskud/ressourceforloeb/766/"))
    assert "Tilskud 2.300.000 kr." in page
    assert "Initiativets definition har ingen udbetalingsregel" in page
    assert "Kun 1. rate" in page


def _ressourceforloeb() -> pl.DataFrame:
    return figures_frame("ressourceforloeb").filter(pl.col("indicator") == "jobformidler")


def test_a_jobformidler_has_no_follow_up_screens(
    make_user: Callable[..., Any], make_release: Callable[..., Any]
) -> None:
    from fremdrift.organisation.models import Role

    make_release()
    client = login(make_user, Role.JOBFORMIDLER, "147")
    for url in ("/opfoelgning/", "/opfoelgning/tilskud/", "/opfoelgning/tilskud/fsm2/147/"):
        assert client.get(url).status_code == 403, url
    assert AuditEvent.objects.filter(action=Action.DENIED).count() == 3


def test_the_menu_offers_opfoelgning_to_star_and_tilskud_to_leaders(
    star: Client, make_user: Callable[..., Any]
) -> None:
    from fremdrift.organisation.models import Role

    home = star.get("/").content.decode()
    assert 'href="/opfoelgning/"' in home and 'href="/opfoelgning/tilskud/"' in home
    leader = login(make_user, Role.TEAMLEDER, "147").get("/").content.decode()
    assert 'href="/opfoelgning/"' not in leader and 'href="/opfoelgning/tilskud/"' in leader
