"""The reference implementation of every indicator: the oracle the engines are tested against.

Written from docs/indicators.md and nothing else (it imports no engine code besides the
definitions it interprets and the output contract). Deliberately simple and slow: plain Python,
person by person, month by month, and day by day where a rule is a day rule. It interprets an
initiative definition generically: populations and facts are evaluated by name, conditions by
`all`/`any`/`none`; there is no code per indicator key. Small deliveries only.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import Condition, Indicator, Initiative, Ratio
from fremdrift.engine.output import OUTPUT_SCHEMA, finish

ONE_DAY = timedelta(days=1)

# jobindsats' age bands: (first age of the band, name); band 0 starts at birth.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "under_16"),
    (16, "16-19"),
    (20, "20-24"),
    (25, "25-29"),
    (30, "30-34"),
    (35, "35-39"),
    (40, "40-44"),
    (45, "45-49"),
    (50, "50-54"),
    (55, "55-59"),
    (60, "60-64"),
    (65, "65+"),
)

# Statistics Denmark's five herkomst categories folded to three; the three fold to themselves.
HERKOMST3: dict[str, str] = {
    "dansk": "dansk",
    "indvandrer_vestlig": "vestlig",
    "efterkommer_vestlig": "vestlig",
    "indvandrer_ikke_vestlig": "ikke_vestlig",
    "efterkommer_ikke_vestlig": "ikke_vestlig",
    "vestlig": "vestlig",
    "ikke_vestlig": "ikke_vestlig",
}


# --- Days and months ---------------------------------------------------------------------------


def first_day(month: date) -> date:
    return month.replace(day=1)


def last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def months_from_to(first: date, last: date) -> list[date]:
    """Every month from `first` to `last`, both included, as the first day of the month."""
    out = []
    month = first_day(first)
    while month <= first_day(last):
        out.append(month)
        month = next_month(month)
    return out


def days_backwards(month: date) -> list[date]:
    """The days of the month, from its last day back to its first."""
    return [last_day(month) - timedelta(days=i) for i in range(last_day(month).day)]


def same_day_months_later(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day if it has no such day."""
    month = first_day(day)
    for _ in range(months):
        month = next_month(month)
    return month.replace(day=min(day.day, last_day(month).day))


def month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


# --- Periods and persons -----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One row of a period table; `kind` is its code (markering, ydelse, aktivitet)."""

    kind: str
    start: date
    slut: date | None  # None: still open
    gruppe: int | None = None  # forloeb only
    slutaarsag: str | None = None  # forloeb only

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.slut is None or self.slut >= day)

    def touches(self, month: date) -> bool:
        return self.start <= last_day(month) and (self.slut is None or self.slut >= month)


@dataclass
class Person:
    person_id: str
    kommunekode: str
    foedselsdato: date
    koen: str
    herkomst: str
    forloeb: list[Period] = field(default_factory=list)  # this initiative's, as delivered
    markeringer: list[Period] = field(default_factory=list)
    ydelser: list[Period] = field(default_factory=list)
    aktiviteter: list[Period] = field(default_factory=list)


def read_persons(delivery: Delivery, initiative: Initiative) -> list[Person]:
    """Every person of `borgere` with their periods; rows of unknown persons are ignored."""
    persons: dict[str, Person] = {}
    for row in delivery["borgere"].to_dicts():
        pid = str(row["person_id"])
        if pid not in persons:  # the validator rejects duplicates; keep the first
            persons[pid] = Person(
                pid, str(row["kommunekode"]), row["foedselsdato"], row["koen"], row["herkomst"]
            )
    for row in delivery["forloeb"].to_dicts():
        if row["initiativ"] == initiative.key and row["person_id"] in persons:
            persons[row["person_id"]].forloeb.append(
                Period(
                    row["initiativ"],
                    row["start"],
                    row["slut"],
                    int(row["gruppe"]),
                    row["slutaarsag"],
                )
            )
    for table, column in (
        ("markeringer", "markering"),
        ("ydelser", "ydelse"),
        ("aktiviteter", "aktivitet"),
    ):
        for row in delivery[table].to_dicts():
            if row["person_id"] in persons:
                period = Period(row[column], row["start"], row["slut"])
                getattr(persons[row["person_id"]], table).append(period)
    return list(persons.values())


def effective_periods(periods: list[Period], ending_reasons: tuple[str, ...]) -> list[Period]:
    """Once in, stays in: a period ends at its `slut` only for one of the ending reasons;
    otherwise it runs until the day before the person's next period starts, or stays open."""
    ordered = sorted(periods, key=lambda p: p.start)
    out = []
    for i, p in enumerate(ordered):
        if p.slutaarsag in ending_reasons:
            end = p.slut
        elif i + 1 < len(ordered):
            end = ordered[i + 1].start - ONE_DAY
        else:
            end = None
        out.append(Period(p.kind, p.start, end, p.gruppe, p.slutaarsag))
    return out


def period_of_month(periods: list[Period], month: date) -> Period | None:
    """The period covering the latest day of the month on which the person was in the program:
    walk back from the month's last day, day by day, to the first day some period covers."""
    for day in days_backwards(month):
        covering = [p for p in periods if p.covers(day)]
        if covering:
            return max(covering, key=lambda p: p.start)
    return None


def age_on(birth: date, day: date) -> int:
    """Whole years on `day`; someone born on 29 February has the birthday on 28 February in a
    common year."""
    birthday_this_year = (birth.month, birth.day)
    if birthday_this_year == (2, 29) and not calendar.isleap(day.year):
        birthday_this_year = (2, 28)
    passed = (day.month, day.day) >= birthday_this_year
    return day.year - birth.year - (0 if passed else 1)


def age_band(age: int) -> str:
    name = AGE_BANDS[0][1]
    for start, band in AGE_BANDS:
        if age >= start:
            name = band
    return name


# --- One person in one month -------------------------------------------------------------------


class PersonMonth:
    """Every fact and population of docs/indicators.md for one person in month M."""

    def __init__(self, initiative: Initiative, person: Person, month: date) -> None:
        self.initiative = initiative
        self.person = person
        self.month = month
        self.last = last_day(month)
        mg = initiative.maalgruppe
        if mg.source == "forloeb":
            self.program = effective_periods(person.forloeb, mg.ending_reasons)
            self.period = period_of_month(self.program, month)
            self.group = None if self.period is None else self.period.gruppe
        else:  # source "ydelse": the benefit gives the target group, forloeb (as given) group 2
            self.program = person.forloeb
            self.period = None
            in_target = any(y.kind == mg.ydelse and y.touches(month) for y in person.ydelser)
            forloeb_period = period_of_month(person.forloeb, month)
            forloeb_group = None if forloeb_period is None else forloeb_period.gruppe
            self.group = (2 if forloeb_group == 2 else 1) if in_target else None

    def first_program_month(self) -> date | None:
        mg = self.initiative.maalgruppe
        if mg.source == "forloeb":
            starts = [p.start for p in self.person.forloeb]
        else:
            starts = [y.start for y in self.person.ydelser if y.kind == mg.ydelse]
        return first_day(min(starts)) if starts else None

    def fact(self, name: str) -> bool:
        p = self.person
        if name == "gruppe1":
            return self.group == 1
        if name == "gruppe2":
            return self.group == 2
        if name == "maalgruppe":
            return self.group in (1, 2)
        if name == "fritaget":
            return any(m.kind == "fritagelse" and m.covers(self.last) for m in p.markeringer)
        family, _, code = name.partition(":")
        if family == "markering":
            return any(m.kind == code and m.touches(self.month) for m in p.markeringer)
        if family == "aktivitet":
            return any(a.kind == code and a.touches(self.month) for a in p.aktiviteter)
        if family == "ydelse":
            return any(y.kind == code and y.touches(self.month) for y in p.ydelser)
        if family == "ydelse_sidste_dag":
            return any(y.kind == code and y.covers(self.last) for y in p.ydelser)
        if family == "ydelse_ved_indgang":
            if self.period is None:  # also: never true for a benefit source
                return False
            entry = self.period.start
            return any(y.kind == code and y.covers(entry) for y in p.ydelser)
        if family == "markering_siden_start":
            month = self.first_program_month()
            while month is not None and month <= self.month:
                if any(m.kind == code and m.touches(month) for m in p.markeringer):
                    return True
                month = next_month(month)
            return False
        raise ValueError(f"unknown fact {name!r}")

    def holds(self, condition: Condition) -> bool:
        return (
            all(self.fact(f) for f in condition.all)
            and (not condition.any or any(self.fact(f) for f in condition.any))
            and not any(self.fact(f) for f in condition.none)
        )

    def in_denominator(self, ratio: Ratio) -> bool:
        return self.fact(ratio.population) and self.holds(ratio.denominator)

    def in_numerator(self, ratio: Ratio) -> bool:
        return self.in_denominator(ratio) and self.holds(ratio.numerator)

    def left_out_as_exempt(self, ratio: Ratio) -> bool:
        rule_applies = (
            self.initiative.exclude_exempt
            and ratio.population in self.initiative.exempt_populations
        )
        return rule_applies and self.fact("fritaget")

    def category(self, breakdown: str) -> str:
        p = self.person
        if breakdown == "total":
            return "i_alt"
        if breakdown == "herkomst":
            return p.herkomst
        if breakdown == "herkomst3":
            return HERKOMST3[p.herkomst]
        if breakdown == "koen":
            return p.koen
        if breakdown == "alder":
            return age_band(age_on(p.foedselsdato, self.last))
        if breakdown == "fritaget":
            return "fritaget" if self.fact("fritaget") else "ikke_fritaget"
        raise ValueError(f"unknown breakdown {breakdown!r}")


# --- The figures -------------------------------------------------------------------------------

# (month, level, kommunekode, breakdown, category, indicator) -> [numerator, denominator]
Key = tuple[str, str, str | None, str, str, str]
Cells = dict[Key, list[int]]


def count(cells: Cells, month: date, kommune: str, rest: tuple[str, str, str], num: bool) -> None:
    """One person in the denominator (and the numerator when `num`), on both levels."""
    for level, code in (("kommune", kommune), ("national", None)):
        cell = cells[(month_text(month), level, code, *rest)]
        cell[0] += int(num)
        cell[1] += 1


def ratio_cells(
    cells: Cells, initiative: Initiative, ind: Indicator, persons: list[Person], months: list[date]
) -> None:
    ratio = ind.ratio
    assert ratio is not None
    for month in months:
        for person in persons:
            pm = PersonMonth(initiative, person, month)
            if not pm.in_denominator(ratio):
                continue
            num = pm.in_numerator(ratio)
            for breakdown in ind.breakdowns:
                # The fritaget breakdown is counted without the exemption rule.
                if breakdown != "fritaget" and pm.left_out_as_exempt(ratio):
                    continue
                rest = (breakdown, pm.category(breakdown), ind.key)
                count(cells, month, person.kommunekode, rest, num)


def state_after(ind: Indicator, person: Person, day: date) -> str:
    """The first state rule with a fact covering `day`; the catch-all rule (no facts) otherwise."""
    for rule in ind.states:
        if not rule.when:
            return rule.state
        for fact in rule.when:
            family, _, code = fact.partition(":")
            periods = {"ydelse": person.ydelser, "aktivitet": person.aktiviteter}[family]
            if any(p.kind == code and p.covers(day) for p in periods):
                return rule.state
    raise ValueError(f"indicator {ind.key} has no catch-all state")


def status_cells(cells: Cells, ind: Indicator, persons: list[Person], months: list[date]) -> None:
    for month in months:
        for person in persons:
            ends = [
                y.slut
                for y in person.ydelser
                if y.kind == ind.course and y.slut is not None and first_day(y.slut) == month
            ]
            if not ends:
                continue
            state = state_after(ind, person, same_day_months_later(max(ends), ind.offset_months))
            for rule in ind.states:  # every state is listed, 0 where no one is in it
                rest = ("total", rule.state, ind.key)
                count(cells, month, person.kommunekode, rest, rule.state == state)


def reference_indicators(
    delivery: Delivery, initiative: Initiative, first: date, last: date
) -> pl.DataFrame:
    """Every indicator of the initiative, months `first` to `last`, as the output contract."""
    persons = read_persons(delivery, initiative)
    months = months_from_to(first, last)
    cells: Cells = defaultdict(lambda: [0, 0])
    for ind in initiative.indicators:
        if ind.kind == "ratio":
            ratio_cells(cells, initiative, ind, persons, months)
        elif ind.kind == "status_efter_forloeb":
            status_cells(cells, ind, persons, months)
        else:
            raise ValueError(f"unknown indicator kind {ind.kind!r}")
    rows = [
        {
            "initiative": initiative.key,
            "month": month,
            "level": level,
            "kommunekode": kommune,
            "breakdown": breakdown,
            "category": category,
            "indicator": indicator,
            "numerator": num,
            "denominator": den,
        }
        for (month, level, kommune, breakdown, category, indicator), (num, den) in cells.items()
    ]
    return finish(pl.DataFrame(rows, schema=OUTPUT_SCHEMA))
