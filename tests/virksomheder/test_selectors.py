from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from fremdrift.virksomheder import selectors, services
from fremdrift.virksomheder.models import Aftale, Timer, Virksomhed
from tests.virksomheder.conftest import CVR_A, CVR_B

pytestmark = pytest.mark.django_db


def aftale(borger: Any, virksomhed: Any, start: date, slut: date | None = None) -> Aftale:
    return Aftale.objects.create(
        borger=borger, aktivitet="virksomhedspraktik", virksomhed=virksomhed, start=start, slut=slut
    )


def test_companies_by_branche_with_open_agreements(
    jf: Any, virksomhed: Any, make_borger: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    lager = services.register_virksomhed(actor=jf, cvr=CVR_B, navn="Lageret", branche="Logistik")
    a, b = make_borger(), make_borger()
    aftale(a, virksomhed, date(2024, 1, 1))
    aftale(b, virksomhed, date(2024, 1, 1), date(2024, 3, 31))
    aftale(b, lager, date(2024, 5, 1))  # not started on the day asked about
    # A company of another municipality is not listed.
    services.register_virksomhed(actor=make_user(kommune="791"), cvr=CVR_B, navn="Viborg")

    day = date(2024, 4, 15)
    rows = list(selectors.virksomheder_by_branche(user=jf, today=day))
    assert [(v.branche, v.navn, v.open_aftaler) for v in rows] == [  # type: ignore[attr-defined]
        ("Fødevarer", "Bageriet ApS", 1),
        ("Logistik", "Lageret", 0),
    ]
    only = selectors.virksomheder_by_branche(user=jf, today=day, branche="Logistik")
    assert [v.navn for v in only] == ["Lageret"]
    totals = selectors.branche_totals(user=jf, today=date(2024, 3, 1))
    assert totals == [
        selectors.BrancheTotal("Fødevarer", 1, 2),
        selectors.BrancheTotal("Logistik", 1, 0),
    ]
    star = make_user("star")
    assert not selectors.virksomheder_by_branche(user=star).exists()
    assert selectors.branche_totals(user=star) == []


def test_hours_month_by_month_show_gaps(virksomhed: Any, make_borger: Callable[..., Any]) -> None:
    a = aftale(make_borger(), virksomhed, date(2024, 1, 15), date(2024, 4, 10))
    Timer.objects.create(aftale=a, maaned=date(2024, 1, 1), timer=Decimal("12"))
    Timer.objects.create(aftale=a, maaned=date(2024, 3, 1), timer=Decimal("30.5"))
    months = selectors.aftale_timer_by_month(aftale=a, today=date(2024, 6, 1))
    assert [(m.maaned, m.timer) for m in months] == [
        (date(2024, 1, 1), Decimal("12.00")),
        (date(2024, 2, 1), None),
        (date(2024, 3, 1), Decimal("30.50")),
        (date(2024, 4, 1), None),
    ]
    # An open agreement runs up to the month asked about.
    b = aftale(make_borger(), virksomhed, date(2023, 12, 1))
    months = selectors.aftale_timer_by_month(aftale=b, today=date(2024, 2, 10))
    assert [m.maaned for m in months] == [date(2023, 12, 1), date(2024, 1, 1), date(2024, 2, 1)]


# --- A company by what a caseworker types (the Borgerside's agreement form) -----------------------

NOT_FOUND = (
    "Ingen virksomhed i kommunen med det CVR-nummer eller navn; opret den under Virksomheder."
)
SEVERAL = "Flere virksomheder hedder sådan; skriv CVR-nummeret."


def resolved(text: str, kommune: str = "147") -> Virksomhed | None:
    return selectors.resolve_virksomhed(kommune_id=kommune, text=text)


def refusal(text: str, kommune: str = "147") -> tuple[str, str | None]:
    with pytest.raises(ValidationError) as caught:
        resolved(text, kommune)
    [error] = caught.value.error_dict["virksomhed"]
    return error.message, error.code


@pytest.mark.parametrize(
    "text",
    [
        CVR_A,
        f" {CVR_A} ",
        "10 00 00 09",
        f"CVR {CVR_A}",
        f"cvr-nr. {CVR_A}",
        f"Bageriet ApS (CVR {CVR_A})",  # a suggestion, as the datalist writes it
        "Bageriet ApS",
        "bageriet aps",
        "  BAGERIET   ApS ",
    ],
)
def test_a_company_by_its_cvr_number_or_its_name(virksomhed: Any, text: str) -> None:
    assert resolved(text) == virksomhed


def test_nothing_typed_is_no_company(virksomhed: Any) -> None:
    assert resolved("") is None
    assert resolved("   ") is None


def test_a_company_nobody_registered_is_refused_in_danish(virksomhed: Any) -> None:
    assert refusal("Bageriet") == (NOT_FOUND, "unknown")  # a name is matched whole
    assert refusal(CVR_B) == (NOT_FOUND, "unknown")
    assert refusal(CVR_A[:7]) == (NOT_FOUND, "unknown")


def test_only_the_municipalitys_own_companies(virksomhed: Any) -> None:
    Virksomhed.objects.create(kommune_id="766", cvr=CVR_B, navn="Smedien")
    assert refusal(CVR_B) == (NOT_FOUND, "unknown")
    assert refusal("Smedien") == (NOT_FOUND, "unknown")
    assert refusal(CVR_A, kommune="766") == (NOT_FOUND, "unknown")
    assert refusal("Bageriet ApS", kommune="766") == (NOT_FOUND, "unknown")


def test_a_name_several_companies_have_needs_the_cvr_number(virksomhed: Any) -> None:
    twin = Virksomhed.objects.create(kommune_id="147", cvr=CVR_B, navn="BAGERIET APS")
    assert refusal("Bageriet ApS") == (SEVERAL, "ambiguous")
    assert resolved(CVR_B) == twin
    assert resolved(f"Bageriet ApS (CVR {CVR_B})") == twin


def test_a_cvr_number_wins_over_a_name_of_digits(virksomhed: Any) -> None:
    digits = Virksomhed.objects.create(kommune_id="147", cvr=CVR_B, navn=CVR_A)
    assert resolved(CVR_A) == virksomhed
    assert resolved(CVR_B) == digits


def test_suggestions_are_few_and_the_municipalitys_own(virksomhed: Any) -> None:
    for n in range(15):
        Virksomhed.objects.create(kommune_id="147", cvr=f"3{n:07d}", navn=f"Smedien {n:02d}")
    Virksomhed.objects.create(kommune_id="147", cvr="39999999", navn="Gamle Smedien")
    Virksomhed.objects.create(kommune_id="766", cvr="38888888", navn="Smedien Hedensted")

    def names(text: str) -> list[str]:
        return [v.navn for v in selectors.suggest_virksomheder(kommune_id="147", text=text)]

    found = names("smedien")
    assert len(found) == selectors.SUGGESTIONS == 10
    assert found == [f"Smedien {n:02d}" for n in range(10)]  # names that start so first
    assert names("gamle") == ["Gamle Smedien"]
    assert names("edie") == ["Gamle Smedien", *(f"Smedien {n:02d}" for n in range(9))]
    assert names("1000") == ["Bageriet ApS"]  # the start of a CVR number
    assert names("3999 9999") == ["Gamle Smedien"]
    assert names("") == []
    assert names("Hedensted") == []
    assert selectors.virksomhed_valg(virksomhed) == f"Bageriet ApS (CVR {CVR_A})"
    virksomhed.navn = ""
    assert selectors.virksomhed_valg(virksomhed) == f"CVR {CVR_A}"
