"""CPR numbers: validated on the way in, masked on every way out."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.audit.models import AuditEvent
from fremdrift.borgere import cpr
from fremdrift.borgere.models import Borger
from fremdrift.borgere.services import register_borger


@pytest.mark.django_db
def test_register_takes_birth_date_and_sex_from_the_number(make_user) -> None:
    leader = make_user("projektleder")
    borger = register_borger(actor=leader, person_id="170580-1003", herkomst="dansk")
    assert (borger.person_id, borger.foedselsdato, borger.koen) == (
        "1705801003",
        date(1980, 5, 17),
        "M",
    )
    event = AuditEvent.objects.get(borger_id=borger.pk)
    assert "1705801003" not in str(event.after) and "person_id" not in event.after
    assert "1705801003" not in str(borger) + repr(borger)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["3213801234", "17058010", "abcdefghij"])
def test_register_refuses_an_invalid_number(make_user, bad: str) -> None:
    with pytest.raises(ValidationError) as refused:
        register_borger(actor=make_user("projektleder"), person_id=bad, herkomst="dansk")
    assert "CPR-nummeret er ikke gyldigt" in str(refused.value)
    assert not Borger.objects.exists()


@pytest.mark.django_db
def test_star_cannot_register_citizens(make_user) -> None:
    with pytest.raises(PermissionDenied):
        register_borger(actor=make_user("star"), person_id="1705801003", herkomst="dansk")


def test_log_lines_never_carry_a_cpr_number(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("fremdrift.test")
    logger.addFilter(cpr.MaskCprFilter())
    with caplog.at_level(logging.WARNING):
        logger.warning("opslag på %s og 010203-4567 fejlede (tlf 12345678)", "1705801003")
    assert caplog.messages == ["opslag på 170580-xxxx og 010203-xxxx fejlede (tlf 12345678)"]


def test_masked_shows_the_birth_date_only() -> None:
    assert cpr.masked("170580-1003") == "170580-xxxx"
    assert cpr.masked("pseudonym_17") == "pseudonym_17"


@given(st.dates(date(1900, 1, 1), date(2030, 12, 31)), st.dates(date(1900, 1, 1), date(2060, 1, 1)))
def test_age_matches_counting_birthdays(born: date, day: date) -> None:
    """Against a count of the birthdays passed (29 February: the 28th in common years)."""
    if day < born:
        return
    birthdays = 0
    for year in range(born.year + 1, day.year + 1):
        try:
            anniversary = born.replace(year=year)
        except ValueError:
            anniversary = date(year, 2, 28)
        birthdays += anniversary <= day
    assert Borger(foedselsdato=born).age_on(day) == birthdays


@given(st.dates(date(1950, 1, 1), date(2000, 12, 31)), st.dates(date(2000, 1, 1), date(2040, 1, 1)))
def test_target_group_age_limit_agrees_with_age_on(born: date, day: date) -> None:
    from fremdrift.borgere.selectors import MAALGRUPPE_MIN_ALDER, _years_before

    old_enough = born <= _years_before(day, MAALGRUPPE_MIN_ALDER)
    assert old_enough == (Borger(foedselsdato=born).age_on(day) >= MAALGRUPPE_MIN_ALDER)
