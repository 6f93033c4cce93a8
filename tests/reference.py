"""A deliberately simple evaluation of every indicator, person by person and day by day.

Written from docs/indicators.md, not from the engines: it is the oracle the property tests compare
the mask engine and the SQL formulation with. Slow on purpose; small deliveries only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from fremdrift.delivery.schema import HERKOMST_TO_3, Delivery
from fremdrift.engine.counting import AGE_BANDS, BAND_START
from fremdrift.engine.definitions import Condition, Indicator, Initiative
from fremdrift.engine.months import add_months, format_month, last_day, month_range
from fremdrift.engine.output import OUTPUT_SCHEMA, finish

Row = dict[str, object]
ONE_DAY = timedelta(days=1)


def covers(period: Row, day: date) -> bool:
    end = period["slut"]
    return period["start"] <= day and (end is None or end >= day)  # type: ignore[operator]


def touches(period: Row, first: date, last: date) -> bool:
    end = period["slut"]
    return period["start"] <= last and (end is None or end >= first)  # type: ignore[operator]


@dataclass
class Person:
    row: Row
    program: list[Row] = field(default_factory=list)  # with effective ends in "slut"
    markeringer: list[Row] = field(default_factory=list)
    ydelser: list[Row] = field(default_factory=list)
    aktiviteter: list[Row] = field(default_factory=list)


def effective_program(periods: list[Row], ending_reasons: tuple[str, ...] | None) -> list[Row]:
    """Once in, stays in: a period ends only for an ending reason, else at the next start."""
    ordered = sorted(periods, key=lambda p: p["start"])  # type: ignore[arg-type, return-value]
    out = []
    for i, p in enumerate(ordered):
        end = p["slut"]
        if ending_reasons is not None and p["slutaarsag"] not in ending_reasons:
            end = ordered[i + 1]["start"] - ONE_DAY if i + 1 < len(ordered) else None  # type: ignore[operator]
        out.append({**p, "slut": end})
    return out


def program_period_in(person: Person, first: date, last: date) -> Row | None:
    """The period covering the latest day of the month on which the person was in the program."""
    day = last
    while day >= first:
        covering = [p for p in person.program if covers(p, day)]
        if covering:
            return max(covering, key=lambda p: p["start"])  # type: ignore[arg-type, return-value]
        day -= ONE_DAY
    return None


def age_on(birth: date, day: date) -> int:
    had_birthday = (day.month, day.day) >= (birth.month, birth.day) or (
        # 29 February in a common year: the birthday counts as passed on the 28th.
        (birth.month, birth.day) == (2, 29) and (day.month, day.day) == (2, 28)
    )
    return day.year - birth.year - (0 if had_birthday else 1)


def age_band(age: int) -> str:
    band = 0
    for i, start in enumerate(BAND_START):
        if age >= start:
            band = i
    return AGE_BANDS[band]


class Month:
    """Everything the rules ask of one person in one month."""

    def __init__(self, initiative: Initiative, person: Person, first: date) -> None:
        self.initiative = initiative
        self.person = person
        self.first = first
        self.last = last_day(first)
        mg = initiative.maalgruppe
        period = program_period_in(person, self.first, self.last)
        self.period = period
        group = period["gruppe"] if period is not None else None
        if mg.source == "forloeb":
            self.groups = {1, 2} & {group} if group is not None else set()
        else:
            in_target = any(
                y["ydelse"] == mg.ydelse and touches(y, self.first, self.last)
                for y in person.ydelser
            )
            self.groups = ({2} if group == 2 else {1}) if in_target else set()

    def first_program_month(self) -> date | None:
        mg = self.initiative.maalgruppe
        if mg.source == "forloeb":
            starts = [p["start"] for p in self.person.program]
        else:
            starts = [y["start"] for y in self.person.ydelser if y["ydelse"] == mg.ydelse]
        return min(starts).replace(day=1) if starts else None  # type: ignore[type-var, union-attr]

    def fact(self, name: str) -> bool:
        if name == "gruppe1":
            return 1 in self.groups
        if name == "gruppe2":
            return 2 in self.groups
        if name == "maalgruppe":
            return bool(self.groups)
        p = self.person
        if name == "fritaget":
            return any(
                m["markering"] == "fritagelse" and covers(m, self.last) for m in p.markeringer
            )
        family, _, code = name.partition(":")
        if family == "markering":
            return any(
                m["markering"] == code and touches(m, self.first, self.last) for m in p.markeringer
            )
        if family == "aktivitet":
            return any(
                a["aktivitet"] == code and touches(a, self.first, self.last) for a in p.aktiviteter
            )
        if family == "ydelse":
            return any(y["ydelse"] == code and touches(y, self.first, self.last) for y in p.ydelser)
        if family == "ydelse_sidste_dag":
            return any(y["ydelse"] == code and covers(y, self.last) for y in p.ydelser)
        if family == "ydelse_ved_indgang":
            if self.initiative.maalgruppe.source != "forloeb" or self.period is None:
                return False
            entry = self.period["start"]
            return any(y["ydelse"] == code and covers(y, entry) for y in p.ydelser)  # type: ignore[arg-type]
        if family == "markering_siden_start":
            start = self.first_program_month()
            if start is None:
                return False
            month = start
            while month <= self.first:
                if any(
                    m["markering"] == code and touches(m, month, last_day(month))
                    for m in p.markeringer
                ):
                    return True
                month = add_months(month, 1)
            return False
        raise ValueError(name)

    def holds(self, cond: Condition) -> bool:
        return (
            all(self.fact(f) for f in cond.all)
            and (not cond.any or any(self.fact(f) for f in cond.any))
            and not any(self.fact(f) for f in cond.none)
        )

    def categories(self, breakdown: str) -> str:
        row = self.person.row
        if breakdown == "total":
            return "i_alt"
        if breakdown == "herkomst":
            return str(row["herkomst"])
        if breakdown == "herkomst3":
            return HERKOMST_TO_3[str(row["herkomst"])]
        if breakdown == "koen":
            return str(row["koen"])
        if breakdown == "alder":
            return age_band(age_on(row["foedselsdato"], self.last))  # type: ignore[arg-type]
        if breakdown == "fritaget":
            return "fritaget" if self.fact("fritaget") else "ikke_fritaget"
        raise ValueError(breakdown)


def people(delivery: Delivery, initiative: Initiative) -> list[Person]:
    persons: dict[str, Person] = {}
    for row in delivery["borgere"].to_dicts():
        persons.setdefault(str(row["person_id"]), Person(row))
    mg = initiative.maalgruppe
    program: dict[str, list[Row]] = defaultdict(list)
    for row in delivery["forloeb"].filter(pl.col("initiativ") == initiative.key).to_dicts():
        program[str(row["person_id"])].append(row)
    for pid, person in persons.items():
        reasons = mg.ending_reasons if mg.source == "forloeb" else None
        person.program = effective_program(program.get(pid, []), reasons)
    for table in ("markeringer", "ydelser", "aktiviteter"):
        for row in delivery[table].to_dicts():
            if row["person_id"] in persons:
                getattr(persons[str(row["person_id"])], table).append(row)
    return list(persons.values())


def reference_indicators(
    delivery: Delivery, initiative: Initiative, first: date, last: date
) -> pl.DataFrame:
    counts: dict[tuple[str, str, str | None, str, str, str], list[int]] = defaultdict(
        lambda: [0, 0]
    )

    def add(
        month: date, kommune: str, breakdown: str, category: str, indicator: str, num: bool
    ) -> None:
        for level, code in (("kommune", kommune), ("national", None)):
            cell = counts[(format_month(month), level, code, breakdown, category, indicator)]
            cell[0] += int(num)
            cell[1] += 1

    everyone = people(delivery, initiative)
    for month in month_range(first, last):
        for person in everyone:
            m = Month(initiative, person, month)
            kommune = str(person.row["kommunekode"])
            for ind in initiative.indicators:
                if ind.ratio is None:
                    continue
                ratio = ind.ratio
                if not (m.fact(ratio.population) and m.holds(ratio.denominator)):
                    continue
                num = m.holds(ratio.numerator)
                shown = not (initiative.excludes_exempt(ratio) and m.fact("fritaget"))
                for breakdown in ind.breakdowns:
                    if breakdown == "fritaget" or shown:
                        add(month, kommune, breakdown, m.categories(breakdown), ind.key, num)
    for ind in initiative.indicators:
        if ind.kind == "status_efter_forloeb":
            status_rows(delivery, ind, first, last, counts)
    rows = [
        {
            "initiative": initiative.key,
            "month": key[0],
            "level": key[1],
            "kommunekode": key[2],
            "breakdown": key[3],
            "category": key[4],
            "indicator": key[5],
            "numerator": value[0],
            "denominator": value[1],
        }
        for key, value in counts.items()
    ]
    return finish(pl.DataFrame(rows, schema=OUTPUT_SCHEMA))


def status_rows(
    delivery: Delivery,
    ind: Indicator,
    first: date,
    last: date,
    counts: dict[tuple[str, str, str | None, str, str, str], list[int]],
) -> None:
    kommune_of = {r["person_id"]: r["kommunekode"] for r in delivery["borgere"].to_dicts()}
    ydelser = delivery["ydelser"].to_dicts()
    aktiviteter = delivery["aktiviteter"].to_dicts()
    latest: dict[tuple[str, str], date] = {}
    for y in ydelser:
        end = y["slut"]
        if y["ydelse"] != ind.course or end is None or y["person_id"] not in kommune_of:
            continue
        if not first <= end.replace(day=1) <= last:
            continue
        key = (str(y["person_id"]), format_month(end))
        latest[key] = max(latest.get(key, end), end)
    for (pid, month), end in latest.items():
        day = add_months(end, ind.offset_months)
        state = ind.states[-1].state
        for rule in ind.states:
            if any(state_fact(fact, pid, day, ydelser, aktiviteter) for fact in rule.when):
                state = rule.state
                break
        kommune = str(kommune_of[pid])
        for level, code in (("kommune", kommune), ("national", None)):
            for rule in ind.states:
                cell = counts[(month, level, code, "total", rule.state, ind.key)]
                cell[0] += int(rule.state == state)
                cell[1] += 1


def state_fact(fact: str, pid: str, day: date, ydelser: list[Row], aktiviteter: list[Row]) -> bool:
    family, _, code = fact.partition(":")
    rows, column = (ydelser, "ydelse") if family == "ydelse" else (aktiviteter, "aktivitet")
    return any(r["person_id"] == pid and r[column] == code and covers(r, day) for r in rows)
