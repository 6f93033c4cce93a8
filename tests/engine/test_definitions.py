"""Initiative definitions: the shipped ones load, and broken ones are refused with a reason."""

from __future__ import annotations

import pytest

from fremdrift.engine.definitions import (
    INITIATIVE_KEYS,
    DefinitionError,
    load_initiative,
    parse_initiative,
)


@pytest.mark.parametrize("key", INITIATIVE_KEYS)
def test_shipped_initiatives_load(key: str) -> None:
    initiative = load_initiative(key)
    assert initiative.key == key
    assert initiative.indicators


def test_fsm2_declares_the_eight_indicators_of_bilag_3_and_the_payout_rule() -> None:
    fsm2 = load_initiative("fsm2")
    numbers = sorted(n for ind in fsm2.indicators for n in ind.numbers)
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    assert fsm2.payout is not None
    assert [t.share for t in fsm2.payout.thresholds] == [0.15, 0.20]
    assert fsm2.payout.indicator == "loentimer_eller_uddannelse"


def test_unknown_initiative_names_the_known_ones() -> None:
    with pytest.raises(DefinitionError, match="fsm2"):
        load_initiative("fsm3")


BASE = """
key = "x"
navn = "X"
version = "1"
[maalgruppe]
source = "forloeb"
[[indicator]]
key = "a"
navn = "A"
denominator = { population = "gruppe1" }
numerator = { any = ["%s"] }
"""


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        ("aktivitet:fodbold", "ukendt faktum"),
        ("markering", "ukendt faktum"),
        ("nonsense:x", "ukendt faktum"),
    ],
)
def test_unknown_facts_are_refused(fact: str, message: str) -> None:
    with pytest.raises(DefinitionError, match=message):
        parse_initiative(BASE % fact)


def test_known_fact_parses() -> None:
    initiative = parse_initiative(BASE % "aktivitet:loennede_timer")
    assert initiative.indicator("a").ratio is not None


def test_broken_toml_is_a_definition_error() -> None:
    with pytest.raises(DefinitionError, match="TOML"):
        parse_initiative("key = ")


def test_payout_thresholds_must_rise_and_fit_the_grant() -> None:
    text = (
        (BASE % "aktivitet:uddannelse")
        + """
[payout]
indicator = "a"
rate1 = 0.5
thresholds = [{ share = 0.20, releases = 0.4 }, { share = 0.15, releases = 0.1 }]
"""
    )
    with pytest.raises(DefinitionError, match="stige"):
        parse_initiative(text)
    too_much = text.replace("share = 0.20", "share = 0.10").replace(
        "releases = 0.1 ", "releases = 0.3 "
    )
    with pytest.raises(DefinitionError, match="hele tilskuddet"):
        parse_initiative(too_much)
