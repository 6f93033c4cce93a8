from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from fremdrift.borgere.models import Borger
from fremdrift.indsats import cadence
from fremdrift.indsats.models import Kontakt, Step
from fremdrift.indsats.selectors import caseload_status, next_contact_due
from fremdrift.indsats.workdays import add_working_days

pytestmark = pytest.mark.django_db


def step(borger: Any, trin: int, start: date, **fields: Any) -> Step:
    fields.setdefault("initiativ", "fsm2")
    if "frist" not in fields and trin < 3:
        fields["frist"] = add_working_days(start, 21 if trin == 1 else 65)
    return Step.objects.create(borger=borger, trin=trin, start=start, **fields)


def contact(borger: Any, dato: date) -> Kontakt:
    return Kontakt.objects.create(borger=borger, dato=dato, form="samtale")


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 3, 31), 13, date(2025, 4, 30)),
    ],
)
def test_add_months(d: date, months: int, expected: date) -> None:
    assert cadence.add_months(d, months) == expected


def test_cadence_is_one_rule_each() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        cadence.Cadence(days=7, months=1)
    assert set(cadence.CADENCE) == {1, 2, 3}


def test_trin1_contact_due_by_the_deadline_until_the_first_conversation(
    make_borger: Callable[..., Any],
) -> None:
    b = make_borger()
    s = step(b, 1, date(2024, 1, 8))
    contact(b, date(2024, 1, 2))  # before the step: does not count
    assert next_contact_due(borger=b, today=date(2024, 1, 10)) == s.frist
    contact(b, date(2024, 1, 10))
    assert next_contact_due(borger=b, today=date(2024, 1, 10)) is None


def test_trin2_weekly(make_borger: Callable[..., Any]) -> None:
    b = make_borger()
    step(b, 2, date(2024, 2, 1))
    # No contact in the step yet: a week from the start.
    assert next_contact_due(borger=b, today=date(2024, 2, 2)) == date(2024, 2, 8)
    contact(b, date(2024, 2, 5))
    [row] = caseload_status(Borger.objects.filter(pk=b.pk), today=date(2024, 2, 13))
    assert row.last_contact == date(2024, 2, 5)
    assert row.next_contact_due == date(2024, 2, 12)
    assert row.contact_overdue
    assert not row.step_overdue


def test_trin3_monthly(make_borger: Callable[..., Any]) -> None:
    b = make_borger()
    step(b, 3, date(2024, 1, 31))
    [row] = caseload_status(Borger.objects.filter(pk=b.pk), today=date(2024, 2, 29))
    assert (row.frist, row.days_left, row.step_overdue) == (None, None, False)
    assert row.next_contact_due == date(2024, 2, 29)
    assert not row.contact_overdue  # due today is not overdue
    contact(b, date(2024, 3, 15))
    assert next_contact_due(borger=b, today=date(2024, 3, 20)) == date(2024, 4, 15)


def test_days_left_and_step_overdue(make_borger: Callable[..., Any]) -> None:
    b = make_borger()
    s = step(b, 1, date(2021, 3, 22))  # frist 23 April 2021, after Easter
    assert s.frist == date(2021, 4, 23)
    qs = Borger.objects.filter(pk=b.pk)
    [row] = caseload_status(qs, today=date(2021, 3, 31))
    assert row.days_left == 14  # 6-9, 12-16 and 19-23 April: Easter days do not count
    [row] = caseload_status(qs, today=date(2021, 4, 23))
    assert (row.days_left, row.step_overdue) == (0, False)
    [row] = caseload_status(qs, today=date(2021, 4, 26))
    assert (row.days_left, row.step_overdue) == (-1, True)


def test_status_as_of_an_earlier_day(make_borger: Callable[..., Any]) -> None:
    b = make_borger()
    step(b, 1, date(2024, 1, 8), afsluttet=date(2024, 2, 1))
    step(b, 2, date(2024, 2, 1))
    qs = Borger.objects.filter(pk=b.pk)
    assert caseload_status(qs, today=date(2024, 1, 31))[0].trin == 1
    assert caseload_status(qs, today=date(2024, 2, 1))[0].trin == 2
    assert caseload_status(qs, today=date(2024, 1, 7))[0].trin is None


def test_initiativ_filter_and_no_step(make_borger: Callable[..., Any]) -> None:
    b = make_borger()
    step(b, 2, date(2024, 1, 8))
    step(b, 1, date(2024, 2, 1), initiativ="ressourceforloeb")
    qs = Borger.objects.filter(pk=b.pk)
    assert caseload_status(qs, today=date(2024, 2, 5))[0].initiativ == "ressourceforloeb"
    row = caseload_status(qs, today=date(2024, 2, 5), initiativ="fsm2")[0]
    assert (row.initiativ, row.trin) == ("fsm2", 2)
    empty = make_borger()
    contact(empty, date(2024, 1, 3))
    [row] = caseload_status(Borger.objects.filter(pk=empty.pk), today=date(2024, 2, 5))
    assert (row.trin, row.next_contact_due, row.contact_overdue) == (None, None, False)
    assert row.last_contact == date(2024, 1, 3)


def _caseload(make_borger: Callable[..., Any], n: int) -> list[int]:
    ids = []
    for i in range(n):
        b = make_borger()
        trin = i % 3 + 1
        step(b, trin, date(2024, 1, 8), afsluttet=None)
        if i % 2:
            contact(b, date(2024, 1, 15))
            contact(b, date(2024, 2, 1))
        ids.append(b.pk)
    return ids


@pytest.mark.parametrize("n", [3, 30])
def test_caseload_takes_one_query_whatever_its_size(
    make_borger: Callable[..., Any], django_assert_num_queries: Any, n: int
) -> None:
    ids = _caseload(make_borger, n)
    qs = Borger.objects.filter(pk__in=ids)
    with django_assert_num_queries(1):
        rows = caseload_status(qs, today=date(2024, 2, 20))
        # Reading every field of every row asks nothing more of the database.
        seen = [(r.borger.pk, r.trin, r.days_left, r.next_contact_due) for r in rows]
    assert len(seen) == n
    assert sum(r.contact_overdue for r in rows) > 0
    assert {r.trin for r in rows} == {1, 2, 3}
