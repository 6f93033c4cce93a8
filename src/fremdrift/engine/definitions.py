"""Initiatives and their indicators, declared as data (one TOML file each) and validated on load.

The vocabulary of a definition (populations and facts) is small and closed, so that every
engine (the mask engine, the SQL formulation, the reference implementation in the tests) can
evaluate any definition without code per indicator.

Populations (the citizen's membership in month M):
    gruppe1, gruppe2  the group of the program period covering the latest program day of M
    maalgruppe        gruppe1 or gruppe2
Facts (person-month conditions), each `name:code`:
    markering:K             a marking of kind K touches M
    aktivitet:K             an activity of kind K touches M
    ydelse:K                a benefit period of kind K touches M
    ydelse_sidste_dag:K     a benefit period of kind K covers the last day of M
    ydelse_ved_indgang:K    a benefit of kind K covered the start day of the program period
                            that gives the citizen's group in M
    markering_siden_start:K a marking of kind K touched any month from the citizen's first
                            program month up to and including M
A population name can also be used as a fact (e.g. `gruppe2` in a numerator).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

from fremdrift.delivery.schema import AKTIVITETER, MARKERINGER, SLUTAARSAGER, YDELSER
from fremdrift.errors import UserError

POPULATIONS: Final = ("gruppe1", "gruppe2", "maalgruppe")
FACT_CODES: Final[dict[str, tuple[str, ...]]] = {
    "markering": MARKERINGER,
    "aktivitet": AKTIVITETER,
    "ydelse": YDELSER,
    "ydelse_sidste_dag": YDELSER,
    "ydelse_ved_indgang": YDELSER,
    "markering_siden_start": MARKERINGER,
}
BREAKDOWNS: Final = ("total", "herkomst", "herkomst3", "koen", "alder", "fritaget")
INITIATIVE_KEYS: Final = ("fsm2", "ressourceforloeb")


class DefinitionError(UserError):
    """An initiative file breaks the definition rules."""


@dataclass(frozen=True)
class Condition:
    """Person-month condition: every fact in `all`, at least one in `any`, none in `none`."""

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()

    def facts(self) -> tuple[str, ...]:
        return self.all + self.any + self.none


@dataclass(frozen=True)
class Ratio:
    """A share: denominator = population and condition; numerator = denominator and condition."""

    population: str
    denominator: Condition
    numerator: Condition


@dataclass(frozen=True)
class StateRule:
    state: str
    when: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    key: str
    navn: str
    numbers: tuple[int, ...]
    kind: Literal["ratio", "status_efter_forloeb"]
    breakdowns: tuple[str, ...]
    ratio: Ratio | None = None
    # For status_efter_forloeb: the benefit whose periods are the courses, the state rules.
    course: str | None = None
    offset_months: int = 1
    states: tuple[StateRule, ...] = ()
    # The share a municipality must reach (0-1), for the early warning; None: no requirement.
    requirement: float | None = None


@dataclass(frozen=True)
class Threshold:
    share: float
    releases: float


@dataclass(frozen=True)
class Payout:
    indicator: str
    rule: Literal["best_month"]
    rate1: float
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True)
class EarlyWarning:
    """STAR's rule for following up: flag an indicator below its requirement this many months
    in a row, counting only months where at least `min_citizens` are in its denominator."""

    min_citizens: int = 10
    months_in_a_row: int = 6


@dataclass(frozen=True)
class Maalgruppe:
    source: Literal["forloeb", "ydelse"]
    ending_reasons: tuple[str, ...] = ()
    ydelse: str | None = None


@dataclass(frozen=True)
class Initiative:
    key: str
    navn: str
    version: str
    maalgruppe: Maalgruppe
    exclude_exempt: bool
    exempt_populations: tuple[str, ...]
    caseload_cap: int
    step_deadlines: dict[str, int]
    indicators: tuple[Indicator, ...]
    payout: Payout | None = None
    early_warning: EarlyWarning = EarlyWarning()
    source_text: str = field(default="", repr=False, compare=False)

    def indicator(self, key: str) -> Indicator:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise DefinitionError(f"initiativet {self.key} har ingen indikator {key!r}")

    def excludes_exempt(self, ratio: Ratio) -> bool:
        return self.exclude_exempt and ratio.population in self.exempt_populations


@cache
def load_initiative(key: str) -> Initiative:
    """Load one of the shipped initiatives by key (`fsm2`, `ressourceforloeb`)."""
    if key not in INITIATIVE_KEYS:
        raise DefinitionError(f"ukendt initiativ {key!r}; vælg et af: {', '.join(INITIATIVE_KEYS)}")
    text = resources.files(__package__).joinpath(f"initiatives/{key}.toml").read_text("utf-8")
    return parse_initiative(text, source=f"{key}.toml")


def parse_initiative(text: str, *, source: str = "<tekst>") -> Initiative:
    """Parse and validate an initiative definition; every problem raises DefinitionError."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{source}: ikke gyldig TOML: {exc}") from exc
    try:
        return _build(raw, text)
    except (KeyError, TypeError, ValueError) as exc:
        raise DefinitionError(f"{source}: {exc}") from exc


def _build(raw: dict[str, Any], text: str) -> Initiative:
    mg = raw["maalgruppe"]
    source = mg["source"]
    if source not in ("forloeb", "ydelse"):
        raise ValueError(f"maalgruppe.source skal være forloeb eller ydelse, ikke {source!r}")
    reasons = tuple(mg.get("ending_reasons", ()))
    for r in reasons:
        if r not in SLUTAARSAGER:
            raise ValueError(f"ukendt slutaarsag {r!r} i maalgruppe.ending_reasons")
    ydelse = mg.get("ydelse")
    if source == "ydelse" and ydelse not in YDELSER:
        raise ValueError(f"maalgruppe.ydelse skal være en kendt ydelse, ikke {ydelse!r}")
    settings = raw.get("settings", {})
    indicators = tuple(_indicator(i) for i in raw["indicator"])
    keys = [i.key for i in indicators]
    if len(set(keys)) != len(keys):
        raise ValueError(f"indikatornøgler skal være unikke: {keys}")
    payout = _payout(raw["payout"], keys) if "payout" in raw else None
    exempt_pops = tuple(settings.get("exempt_populations", ("gruppe1",)))
    for p in exempt_pops:
        if p not in POPULATIONS:
            raise ValueError(f"ukendt population {p!r} i settings.exempt_populations")
    return Initiative(
        key=str(raw["key"]),
        navn=str(raw["navn"]),
        version=str(raw["version"]),
        maalgruppe=Maalgruppe(source, reasons, ydelse),
        exclude_exempt=bool(settings.get("exclude_exempt", True)),
        exempt_populations=exempt_pops,
        caseload_cap=int(settings.get("caseload_cap", 30)),
        step_deadlines={str(k): int(v) for k, v in settings.get("step_deadlines", {}).items()},
        indicators=indicators,
        payout=payout,
        early_warning=_early_warning(settings.get("early_warning", {})),
        source_text=text,
    )


def _indicator(raw: dict[str, Any]) -> Indicator:
    key = str(raw["key"])
    kind = raw.get("kind", "ratio")
    breakdowns = tuple(raw.get("breakdowns", BREAKDOWNS))
    for b in breakdowns:
        if b not in BREAKDOWNS:
            raise ValueError(f"indikator {key}: ukendt opdeling {b!r}")
    common: dict[str, Any] = {
        "key": key,
        "navn": str(raw["navn"]),
        "numbers": tuple(int(n) for n in raw.get("numbers", ())),
        "breakdowns": breakdowns,
        "requirement": _requirement(key, raw.get("requirement")),
    }
    if kind == "ratio":
        den = dict(raw["denominator"])
        population = den.pop("population")
        if population not in POPULATIONS:
            raise ValueError(f"indikator {key}: ukendt population {population!r}")
        ratio = Ratio(population, _condition(key, den), _condition(key, raw["numerator"]))
        return Indicator(kind="ratio", ratio=ratio, **common)
    if kind == "status_efter_forloeb":
        if common["requirement"] is not None:
            raise ValueError(f"indikator {key}: en fordeling af tilstande har intet krav")
        course = raw["course"]
        if course not in YDELSER:
            raise ValueError(f"indikator {key}: course skal være en ydelse, ikke {course!r}")
        states = tuple(
            StateRule(str(s["state"]), tuple(_check_fact(key, f) for f in s["when"]))
            for s in raw["states"]
        )
        if not states or states[-1].when:
            raise ValueError(f"indikator {key}: sidste tilstand skal være opsamlingen (when = [])")
        return Indicator(
            kind="status_efter_forloeb",
            course=course,
            offset_months=int(raw.get("offset_months", 1)),
            states=states,
            **common,
        )
    raise ValueError(f"indikator {key}: ukendt kind {kind!r}")


def _requirement(key: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(
            f"indikator {key}: requirement skal være en andel over 0 og højst 1 "
            f"(fx 0.15 for 15 %), ikke {value!r}"
        )
    return float(value)


def _early_warning(raw: dict[str, Any]) -> EarlyWarning:
    unknown = set(raw) - {"min_citizens", "months_in_a_row"}
    if unknown:
        raise ValueError(f"settings.early_warning: ukendte felter {sorted(unknown)}")
    warning = EarlyWarning(**{k: int(v) for k, v in raw.items()})
    if warning.min_citizens < 1 or warning.months_in_a_row < 1:
        raise ValueError(
            "settings.early_warning: min_citizens og months_in_a_row skal være 1 eller mere"
        )
    return warning


def _condition(key: str, raw: dict[str, Any]) -> Condition:
    unknown = set(raw) - {"all", "any", "none"}
    if unknown:
        raise ValueError(f"indikator {key}: ukendte felter {sorted(unknown)}")
    return Condition(
        **{part: tuple(_check_fact(key, f) for f in raw.get(part, ())) for part in raw}
    )


def _check_fact(key: str, fact: str) -> str:
    if fact in POPULATIONS or fact == "fritaget":
        return fact
    name, _, code = fact.partition(":")
    codes = FACT_CODES.get(name)
    if codes is None or code not in codes:
        raise ValueError(f"indikator {key}: ukendt faktum {fact!r}")
    return fact


def _payout(raw: dict[str, Any], indicator_keys: list[str]) -> Payout:
    if raw["indicator"] not in indicator_keys:
        raise ValueError(f"payout.indicator {raw['indicator']!r} er ikke en indikator")
    if raw.get("rule", "best_month") != "best_month":
        raise ValueError(f"ukendt udbetalingsregel {raw.get('rule')!r}")
    thresholds = tuple(
        Threshold(float(t["share"]), float(t["releases"])) for t in raw["thresholds"]
    )
    shares = [t.share for t in thresholds]
    if shares != sorted(shares) or not all(0 < s <= 1 for s in shares):
        raise ValueError("payout.thresholds skal stige og ligge mellem 0 og 1")
    rate1 = float(raw["rate1"])
    if rate1 + sum(t.releases for t in thresholds) > 1 + 1e-9:
        raise ValueError("rate 1 og tærsklernes andele må tilsammen højst være hele tilskuddet")
    return Payout(str(raw["indicator"]), "best_month", rate1, thresholds)
