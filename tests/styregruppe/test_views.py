"""The Styregruppe and Business case screens as a leader uses them: the status with the
municipality's own figures, the PDF read back, meetings and edits in the audit log."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Borger
from fremdrift.delivery.io import write_delivery
from fremdrift.engine.disclosure import suppress
from fremdrift.engine.months import add_months, format_month
from fremdrift.indsats.models import StepUpTilbud
from fremdrift.leveringer.services import import_delivery
from fremdrift.monitoring.models import Grant
from fremdrift.organisation.models import Role
from fremdrift.overblik.selectors import kommune_figures
from fremdrift.styregruppe.models import Investment, Meeting, MeetingGroup, SavingRate
from fremdrift.synth.generate import generate

pytestmark = pytest.mark.django_db


def _login(make_user: Callable[..., Any], role: str = Role.PROJEKTLEDER) -> tuple[Client, Any]:
    user = make_user(role, "147")
    client = Client()
    client.force_login(user)
    return client, user


def _pct(numerator: int, denominator: int) -> str:
    """The share as the steering group reads it, rounded half up by hand: 15 / 41 = 36,6 %."""
    percent = (Decimal(numerator * 100) / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{percent}".replace(".", ",") + " %"


def _pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (a wrapped line too) as one space."""
    pages = (page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture
def kommune_147(tmp_path: Path) -> date:
    """Frederiksberg's database with 24 months of synthetic deliveries up to today."""
    today = timezone.localdate()
    delivery = generate(
        kommuner=["147"], seed=5, persons=150, first=add_months(today, -24), last=today, cpr=True
    )
    path = tmp_path / "levering.zip"
    write_delivery(delivery, path, as_zip=True)
    import_delivery(path=path, kommune="147")
    return today


def test_the_pdf_carries_the_quarters_figures_and_no_person(
    kommune_147: date, make_user: Callable[..., Any]
) -> None:
    today = kommune_147
    client, _user = _login(make_user, Role.TEAMLEDER)
    # Three citizens take part in a health step-up offer: too few to show across
    # administrations.
    for borger in Borger.objects.filter(kommune_id="147")[:3]:
        StepUpTilbud.objects.create(
            borger=borger, forvaltning="sundhed", beskrivelse="Gåture", tilbudt=today, start=today
        )

    response = client.get("/styregruppe/status.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="styregruppe-147-')
    text = _pdf_text(response.content)
    figures = suppress(kommune_figures("147", today=today)).filter(
        (pl.col("breakdown") == "total")
        & (pl.col("category") == "i_alt")
        & (pl.col("month") == format_month(today))
    )
    shown = figures.filter(~pl.col("suppressed"))
    assert shown.height >= 4, "the synthetic municipality should have figures to show"
    for num, den in shown.select("numerator", "denominator").iter_rows():
        assert f"{num} / {den} = {_pct(num, den)}" in text
    for _row in figures.filter(pl.col("suppressed")).iter_rows():
        assert "<5 / <5 = <5" in text
    # The step-up count of 3 shows as <5 in the health row.
    assert "Sundhed <5" in text
    # Frederiksberg's grant (3.695.000 kr., 2020-21): no figures of those months in the
    # database, so rate 1 only, 50 % = 1.847.500 kr.
    assert "3.695.000 kr." in text
    assert "udbetales 50,0 % af tilskuddet, 1.847.500 kr." in text
    # The same figures give the same file, byte for byte.
    assert client.get("/styregruppe/status.pdf").content == response.content
    # No person: no name, no CPR number.
    for navn, person_id in Borger.objects.filter(kommune_id="147").values_list("navn", "person_id"):
        assert person_id not in text
        assert not navn or navn not in text


def test_the_payout_outlook_is_the_best_month_of_the_grant_period_in_kroner(
    kommune_147: date, make_user: Callable[..., Any]
) -> None:
    today = kommune_147
    first = format_month(add_months(today, -11))
    Grant.objects.filter(kommune_id="147", initiative="fsm2").update(
        amount=Decimal(1_000_000), period_from=first, period_to=format_month(today)
    )
    client, _user = _login(make_user)

    page = client.get("/styregruppe/").content.decode()

    months = kommune_figures("147", today=today).filter(
        (pl.col("indicator") == "loentimer_eller_uddannelse")
        & (pl.col("breakdown") == "total")
        & (pl.col("month") >= first)
    )
    best = max(months.select("numerator", "denominator").iter_rows(), key=lambda r: r[0] / r[1])
    share = best[0] / best[1]
    # Rate 1 is half the grant; 15 % releases 40 % more, 20 % the last 10 %.
    paid = 500_000 + (400_000 if share >= 0.15 else 0) + (100_000 if share >= 0.20 else 0)
    assert f"{paid:,} kr.".replace(",", ".") in page
    assert "1.000.000 kr." in page


def test_the_status_page_shows_the_trend_as_chart_and_table(
    kommune_147: date, make_user: Callable[..., Any]
) -> None:
    client, _user = _login(make_user)

    page = client.get("/styregruppe/").content.decode()

    assert '<svg role="img"' in page
    assert "Hent status som PDF" in page
    trend = suppress(kommune_figures("147", today=kommune_147)).filter(
        (pl.col("indicator") == "loentimer_eller_uddannelse")
        & (pl.col("breakdown") == "total")
        & (pl.col("category") == "i_alt")
        & ~pl.col("suppressed")
    )
    for month, num, den in trend.select("month", "numerator", "denominator").iter_rows():
        row = f'<th scope="row">{month}</th><td>{num}</td><td>{den}</td><td>{_pct(num, den)}</td>'
        assert row in page


def test_hedensteds_status_for_ressourceforloeb_follows_paid_hours(
    tmp_path: Path, make_user: Callable[..., Any]
) -> None:
    today = timezone.localdate()
    delivery = generate(
        kommuner=["766"], seed=8, persons=120, first=add_months(today, -24), last=today, cpr=True
    )
    path = tmp_path / "levering.zip"
    write_delivery(delivery, path, as_zip=True)
    import_delivery(path=path, kommune="766")
    client = Client()
    client.force_login(make_user(Role.TEAMLEDER, "766"))

    page = client.get("/styregruppe/", {"initiativ": "ressourceforloeb"}).content.decode()

    assert "Bedre indsats for borgere i ressourceforløb: indikatorerne i kvartalet" in page
    assert "Udviklingen: Andel af målgruppen med lønnede timer" in page
    assert "Initiativet har ingen resultatkrav for udbetaling af tilskuddet." in page
    figures = suppress(kommune_figures("766", initiative="ressourceforloeb", today=today))
    current = figures.filter(
        (pl.col("indicator") == "jobformidler")
        & (pl.col("breakdown") == "total")
        & (pl.col("month") == format_month(today))
    ).row(0, named=True)
    num, den = current["numerator"], current["denominator"]
    expected = "<5 / <5 = <5" if current["suppressed"] else f"{num} / {den} = {_pct(num, den)}"
    assert expected in page
    # The PDF of the same initiative.
    response = client.get("/styregruppe/status.pdf", {"initiativ": "ressourceforloeb"})
    assert "ressourceforloeb" in response["Content-Disposition"]
    assert expected in _pdf_text(response.content)


def test_a_meeting_sets_up_the_steering_group_and_shows_when_the_next_is_due(
    make_user: Callable[..., Any],
) -> None:
    client, user = _login(make_user, Role.TEAMLEDER)
    held = timezone.localdate() - timedelta(days=100)

    response = client.post(
        "/styregruppe/moede/",
        {"held_on": held.isoformat(), "notes": "Step-up drøftet", "decisions": "Ny tovholder"},
    )

    assert response.status_code == 302
    group = MeetingGroup.objects.get(kommune_id="147")
    assert (group.kind, group.every, group.unit, group.start) == ("styregruppe", 3, "maaned", held)
    meeting = Meeting.objects.get(group=group)
    assert (meeting.author, meeting.notes) == (user, "Step-up drøftet")
    events = AuditEvent.objects.filter(actor=user, action=Action.CREATE)
    assert {e.object_type for e in events} == {"meetinggroup", "meeting"}
    page = client.get("/styregruppe/").content.decode()
    assert "Step-up drøftet" in page and "Ny tovholder" in page
    # 100 days ago plus three months lies in the past: overdue, said in words.
    assert "dage over tid" in page


def test_a_meeting_in_the_future_is_refused_in_danish(make_user: Callable[..., Any]) -> None:
    client, _user = _login(make_user)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post("/styregruppe/moede/", {"held_on": tomorrow, "notes": "x"})

    assert response.status_code == 200
    assert "Et møde kan ikke registreres før det er holdt." in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_projektleder_sets_viborgs_cadence_and_it_is_logged(
    make_user: Callable[..., Any],
) -> None:
    user = make_user(Role.PROJEKTLEDER, "791")
    client = Client()
    client.force_login(user)
    group = MeetingGroup.objects.get(kommune_id="791")  # seeded from Viborg's application
    assert (group.every, group.startup_every, group.startup_months) == (3, 2, 6)
    prefix = f"g{group.pk}-"

    response = client.post(
        f"/styregruppe/kadence/{group.pk}/",
        {
            f"{prefix}start": "2020-01-01",
            f"{prefix}every": "4",
            f"{prefix}unit": "uge",
            f"{prefix}startup_every": "",
            f"{prefix}startup_months": "0",
        },
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.every, group.unit, group.startup_every) == (4, "uge", None)
    event = AuditEvent.objects.get(actor=user, action=Action.UPDATE, object_type="meetinggroup")
    assert (event.before["every"], event.after["every"]) == (3, 4)


def test_a_step_up_group_every_fourth_week_beside_the_steering_group(
    make_user: Callable[..., Any],
) -> None:
    client, user = _login(make_user)
    today = timezone.localdate()
    group = {
        "ny-name": "Step-up-gruppen",
        "ny-kind": "step_up",
        "ny-start": today.isoformat(),
        "ny-every": "4",
        "ny-unit": "uge",
        "ny-startup_every": "",
        "ny-startup_months": "0",
    }

    assert client.post("/styregruppe/gruppe/", group).status_code == 302
    again = client.post("/styregruppe/gruppe/", group)

    created = MeetingGroup.objects.get(kommune_id="147")
    assert (created.kind, created.every, created.unit) == ("step_up", 4, "uge")
    assert AuditEvent.objects.filter(actor=user, object_type="meetinggroup").count() == 1
    # The same name twice: the form again, saying so; nothing more written.
    assert again.status_code == 200
    assert "Kommunen har allerede en gruppe med det navn" in again.content.decode()
    page = client.get("/styregruppe/").content.decode()
    assert "Mødes hver 4. uge." in page
    assert f"Næste møde skal holdes senest {today.day}." in page


def test_a_teamleder_reads_the_business_case_but_may_not_edit_it(
    make_user: Callable[..., Any],
) -> None:
    client, _user = _login(make_user, Role.TEAMLEDER)

    page = client.get("/styregruppe/business-case/").content.decode()

    assert "Ballerup" in page
    assert "Gem investeringen" not in page
    denied = client.post(
        "/styregruppe/business-case/investering/", {"year": 2024, "staff": 1, "other": 0}
    )
    assert denied.status_code == 403
    assert not Investment.objects.exists()


def test_the_projektleder_edits_the_business_case_and_every_change_is_logged(
    make_user: Callable[..., Any],
) -> None:
    client, user = _login(make_user)
    year = timezone.localdate().year

    for staff in (2_000_000, 2_500_000):
        response = client.post(
            "/styregruppe/business-case/investering/",
            {"year": year, "staff": staff, "other": 100_000},
        )
        assert response.status_code == 302
    client.post(
        "/styregruppe/business-case/sats/",
        {"ydelse": "kontanthjaelp", "kroner_per_year": 180_000},
    )

    investment = Investment.objects.get(kommune_id="147", year=year)
    assert (investment.staff, investment.other) == (2_500_000, 100_000)
    assert SavingRate.objects.get(kommune_id="147").kroner_per_year == 180_000
    events = AuditEvent.objects.filter(actor=user).order_by("id")
    assert [(e.action, e.object_type) for e in events if e.object_type] == [
        (Action.CREATE, "investment"),
        (Action.UPDATE, "investment"),
        (Action.CREATE, "savingrate"),
    ]
    assert events.filter(action=Action.UPDATE).get().before["staff"] == 2_000_000
    page = client.get("/styregruppe/business-case/").content.decode()
    # No citizen left benefits: the balance is minus the investment, in Danish kroner.
    assert "-2.600.000 kr." in page
    assert "180.000 kr." in page and "Kommunens egen sats." in page


def test_a_negative_investment_is_refused_and_nothing_is_written(
    make_user: Callable[..., Any],
) -> None:
    client, _user = _login(make_user)

    response = client.post(
        "/styregruppe/business-case/investering/", {"year": 2024, "staff": -5, "other": 0}
    )

    assert response.status_code == 200
    assert "Denne værdi skal være større end eller lig 0." in response.content.decode()
    assert not Investment.objects.exists()
    assert not AuditEvent.objects.filter(object_type="investment").exists()
