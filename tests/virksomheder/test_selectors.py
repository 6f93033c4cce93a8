from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fremdrift.virksomheder import selectors, services
from fremdrift.virksomheder.models import Aftale, Timer
from tests.virksomheder.conftest import CVR_B

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
