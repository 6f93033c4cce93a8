"""Requirements and the early-warning rule are part of the initiative definitions."""

from __future__ import annotations

import pytest

from fremdrift.engine.definitions import DefinitionError, load_initiative, parse_initiative

from .test_definitions import BASE


def test_shipped_requirements_and_rule() -> None:
    fsm2 = load_initiative("fsm2")
    required = {i.key: i.requirement for i in fsm2.indicators if i.requirement is not None}
    assert required == {"jobformidler": 0.90, "loentimer_eller_uddannelse": 0.15}
    # The payout indicator's requirement is the payout rule's first threshold.
    assert fsm2.payout is not None
    assert required[fsm2.payout.indicator] == fsm2.payout.thresholds[0].share
    assert (fsm2.early_warning.min_citizens, fsm2.early_warning.months_in_a_row) == (10, 6)
    rf = load_initiative("ressourceforloeb")
    assert {i.key for i in rf.indicators if i.requirement is not None} == {"jobformidler"}


def test_rule_defaults_when_a_file_says_nothing() -> None:
    initiative = parse_initiative(BASE % "aktivitet:uddannelse")
    assert initiative.indicator("a").requirement is None
    assert initiative.early_warning.months_in_a_row == 6


@pytest.mark.parametrize("value", ["15", "0", "1.5", "true"])
def test_a_requirement_must_be_a_share(value: str) -> None:
    text = (BASE % "aktivitet:uddannelse") + f"requirement = {value}\n"
    with pytest.raises(DefinitionError, match="requirement skal være en andel"):
        parse_initiative(text)


def test_a_bad_early_warning_setting_is_refused() -> None:
    text = (BASE % "aktivitet:uddannelse").replace(
        "[maalgruppe]", "[settings]\nearly_warning = { months = 6 }\n[maalgruppe]"
    )
    with pytest.raises(DefinitionError, match="ukendte felter"):
        parse_initiative(text)
