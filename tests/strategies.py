"""Hypothesis strategies for small, valid deliveries full of the cases that break counting.

Dates lie in a short span (2019-06 to 2021-06, step-up markings from 2016) so that periods of
different persons and tables collide in the same months. Built in on purpose: open periods;
periods starting or ending on the first or last day of a month; group changes mid-month (a
`gruppeskift` followed by the other group's period the next day or later in the same month);
closed cases without `slutaarsag` followed by a later period; moving away, death, folkepension;
exemptions starting or ending inside a month and on its last day, overlapping each other;
several overlapping activities; step-up markings long before the window and just before or
after the first program month; persons in four municipalities; birthdays in the month a band
edge is reached and on 29 February; ressourceforløb benefits followed the next day or a little
later by another benefit.

Every delivery obeys the validator: no overlapping periods of the same person and kind where the
kind forbids it (forloeb per initiativ, markeringer except fritagelse, ydelser except andet and
loenmodtagerbeskaeftigelse); only a person's last period of a kind may be open; end >= start;
every person_id is in borgere, once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import polars as pl
from hypothesis import strategies as st

from fremdrift.delivery.schema import (
    AKTIVITETER,
    HERKOMST3,
    HERKOMST5,
    INITIATIVER,
    Delivery,
)

SPAN_FIRST = date(2019, 6, 1)
SPAN_LAST = date(2021, 6, 30)
LONG_AGO = date(2016, 1, 1)
KOMMUNER = ("147", "766", "791", "101")
# Benefits in one chain of non-overlapping periods (a kind never overlaps itself) ...
CHAIN_BENEFITS = (
    "kontanthjaelp",
    "kontanthjaelp",
    "kontanthjaelp",
    "integrationsydelse",
    "integrationsydelse",
    "ressourceforloeb",
    "ressourceforloeb",
    "ressourceforloeb",
    "fleksjob",
    "ledighedsydelse",
    "foertidspension",
    "a_dagpenge",
    "uddannelseshjaelp",
    "sygedagpenge",
    "selvforsoergelse",
)
# ... and the benefits whose periods may overlap anything, themselves included.
OVERLAPPING_BENEFITS = ("loenmodtagerbeskaeftigelse", "andet")
ENDING_REASONS = ("fraflytning", "doed", "folkepension")

Row = dict[str, object]
Tables = dict[str, list[Row]]
Span = tuple[str, date, date | None]  # kind, start, slut


def months_between(lo: date, hi: date) -> list[date]:
    out = []
    month = lo.replace(day=1)
    while month <= hi:
        out.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return out


def last_of(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - timedelta(days=1)


SPAN_MONTHS = months_between(SPAN_FIRST, SPAN_LAST)


@st.composite
def a_day(draw: st.DrawFn, lo: date, hi: date, anchors: tuple[date, ...] = ()) -> date:
    """A day in [lo, hi], often the first or last day of a month, or near one of `anchors`
    (the person's program days, so that their other periods meet the program's months)."""
    if hi <= lo:
        return lo
    mode = draw(st.integers(0, 3 if anchors else 2))
    if mode == 3:
        near = draw(st.sampled_from(anchors)) + timedelta(
            days=draw(st.sampled_from([-40, -10, -1, 0, 1, 10, 40]))
        )
        return min(max(near, lo), hi)
    if mode == 0:
        return lo + timedelta(days=draw(st.integers(0, (hi - lo).days)))
    month = draw(st.sampled_from(months_between(lo, hi)))
    edge = month if draw(st.booleans()) else last_of(month)
    return min(max(edge, lo), hi)


@st.composite
def an_end(draw: st.DrawFn, start: date) -> date:
    """An end on or after `start`: the same day, a few days, months, or a month's edge later."""
    length = draw(
        st.one_of(st.sampled_from([0, 1, 27, 28, 29, 30, 31, 59, 365]), st.integers(0, 200))
    )
    end = start + timedelta(days=length)
    snap = draw(st.sampled_from(["none", "last", "first"]))
    if snap == "last":
        end = last_of(end)
    elif snap == "first" and end.replace(day=1) >= start:
        end = end.replace(day=1)
    return end


@st.composite
def a_gap(draw: st.DrawFn) -> timedelta:
    """Days from one period's end to the next one's start (1: the next day)."""
    return timedelta(days=draw(st.one_of(st.just(1), st.integers(1, 12), st.integers(1, 200))))


@st.composite
def chain(
    draw: st.DrawFn,
    kinds: tuple[str, ...],
    max_size: int,
    lo: date = SPAN_FIRST,
    anchors: tuple[date, ...] = (),
    first: tuple[str, date] | None = None,
) -> list[Span]:
    """Periods in time order that do not overlap; only the last may be open. `first`: the kind
    and start of the first period."""
    out: list[Span] = []
    start = draw(a_day(lo, SPAN_LAST, anchors)) if first is None else first[1]
    size = draw(st.integers(0 if first is None else 1, max_size))
    for i in range(size):
        kind = draw(st.sampled_from(kinds)) if first is None or i else first[0]
        if i == size - 1 and draw(st.integers(0, 2)) == 0:
            out.append((kind, start, None))
            break
        end = draw(an_end(start))
        out.append((kind, start, end))
        start = end + draw(a_gap())
    return out


@st.composite
def program(draw: st.DrawFn, pid: str, initiativ: str) -> list[Row]:
    """A person's periods of one initiative: group changes, closed cases, moves, open ends."""
    rows: list[Row] = []
    start = draw(a_day(SPAN_FIRST - timedelta(days=200), SPAN_LAST))
    group = draw(st.sampled_from([1, 2]))
    size = draw(st.integers(0, 4))
    for i in range(size):
        ending = draw(
            st.sampled_from(["open", "gruppeskift", "closed", "closed", "moved"])
            if i == size - 1
            else st.sampled_from(["gruppeskift", "gruppeskift", "closed", "moved"])
        )
        row: Row = {"person_id": pid, "initiativ": initiativ, "gruppe": group, "start": start}
        if ending == "open":
            rows.append({**row, "slut": None, "slutaarsag": None})
            break
        end = draw(an_end(start))
        reason = {
            "gruppeskift": "gruppeskift",
            "closed": None,  # a closed case: the citizen keeps counting
            "moved": draw(st.sampled_from(ENDING_REASONS)),
        }[ending]
        rows.append({**row, "slut": end, "slutaarsag": reason})
        if ending == "gruppeskift":
            # The other group from the next day or a few days later, often in the same month.
            start = end + timedelta(days=draw(st.one_of(st.just(1), st.integers(2, 12))))
            group = 3 - group if draw(st.integers(0, 4)) else group
        else:
            start = end + draw(a_gap())
            group = draw(st.sampled_from([1, 2]))
    return rows


@st.composite
def birthday(draw: st.DrawFn) -> date:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return date(draw(st.sampled_from([1956, 1960, 1964, 1980, 1988, 1996, 2000])), 2, 29)
    if choice == 1:
        # Reaching a band edge (16, 20, ... 65) in a month of the span, early, mid or late in it.
        month = draw(st.sampled_from(SPAN_MONTHS))
        age = draw(st.sampled_from([16, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65]))
        day = draw(st.sampled_from([1, 15, 28, last_of(month).day]))
        born = date(month.year - age, month.month, 1)
        return born.replace(day=min(day, last_of(born).day))
    return date(1950, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 54)))


def marking(pid: str, kind: str, start: date, end: date | None) -> Row:
    return {"person_id": pid, "markering": kind, "start": start, "slut": end}


@st.composite
def step_ups(draw: st.DrawFn, pid: str, program_start: date | None) -> list[Row]:
    """Long ago, anywhere, or just before or after the first program day."""
    rows = [marking(pid, "step_up", s, e) for _, s, e in draw(chain(("step_up",), 2, LONG_AGO))]
    if program_start is not None and not rows and draw(st.booleans()):
        if draw(st.booleans()):  # ends before the first program day, maybe in the same month
            end = program_start - timedelta(days=draw(st.sampled_from([1, 3, 20, 40, 400])))
            start = end - timedelta(days=draw(st.integers(0, 60)))
        else:
            start = program_start + timedelta(days=draw(st.sampled_from([0, 1, 30, 90])))
            end = start + timedelta(days=draw(st.integers(0, 60)))
        rows.append(marking(pid, "step_up", start, end))
    return rows


@st.composite
def person(draw: st.DrawFn, pid: str) -> Tables:
    tables: Tables = {
        t: [] for t in ("borgere", "forloeb", "markeringer", "ydelser", "aktiviteter")
    }
    tables["borgere"].append(
        {
            "person_id": pid,
            "kommunekode": draw(st.sampled_from(KOMMUNER)),
            "foedselsdato": draw(birthday()),
            "koen": draw(st.sampled_from(["M", "K"])),
            "herkomst": draw(st.sampled_from(HERKOMST5 + HERKOMST3[1:])),
        }
    )
    for initiativ in INITIATIVER:
        tables["forloeb"].extend(draw(program(pid, initiativ)))
    first_start = min(
        (cast(date, r["start"]) for r in tables["forloeb"] if r["initiativ"] == "fsm2"),
        default=None,
    )
    # Program days (starts, ends, the day before a start) for the other tables to meet.
    anchors = tuple(
        sorted(
            {cast(date, r["start"]) for r in tables["forloeb"]}
            | {cast(date, r["start"]) - timedelta(days=1) for r in tables["forloeb"]}
            | {cast(date, r["slut"]) for r in tables["forloeb"] if r["slut"] is not None}
        )
    )

    for kind in ("jobformidler", "rehabilitering"):
        tables["markeringer"].extend(
            marking(pid, kind, s, e) for _, s, e in draw(chain((kind,), 2, anchors=anchors))
        )
    tables["markeringer"].extend(draw(step_ups(pid, first_start)))
    for _ in range(draw(st.integers(0, 3))):  # exemptions may overlap each other
        start = draw(a_day(SPAN_FIRST, SPAN_LAST, anchors))
        end = None if draw(st.integers(0, 3)) == 0 else draw(an_end(start))
        tables["markeringer"].append(marking(pid, "fritagelse", start, end))

    # Often a kontanthjælp or integrationsydelse covering the day of entry to a program period
    # (group 2 if there is one), ending mid-month or on a month's edge, then other benefits.
    entries = [cast(date, r["start"]) for r in tables["forloeb"] if r["gruppe"] == 2] or [
        cast(date, r["start"]) for r in tables["forloeb"]
    ]
    first = None
    entry_benefit: bool = draw(st.booleans())
    if entries and entry_benefit:
        entry = draw(st.sampled_from(entries))
        kind = draw(st.sampled_from(["kontanthjaelp", "integrationsydelse"]))
        first = (kind, entry - timedelta(days=draw(st.sampled_from([0, 0, 1, 15, 200]))))
    lo = SPAN_FIRST - timedelta(days=120)
    benefits = draw(chain(CHAIN_BENEFITS, 5, lo, anchors, first))
    for _ in range(draw(st.integers(0, 2))):  # these may overlap anything
        start = draw(a_day(SPAN_FIRST, SPAN_LAST))
        end = None if draw(st.integers(0, 3)) == 0 else draw(an_end(start))
        benefits.append((draw(st.sampled_from(OVERLAPPING_BENEFITS)), start, end))
    tables["ydelser"].extend(
        {"person_id": pid, "ydelse": k, "start": s, "slut": e} for k, s, e in benefits
    )

    for _ in range(draw(st.integers(0, 5))):  # several activities at once are normal
        start = draw(a_day(SPAN_FIRST, SPAN_LAST, anchors))
        end = None if draw(st.integers(0, 4)) == 0 else draw(an_end(start))
        tables["aktiviteter"].append(
            {
                "person_id": pid,
                "aktivitet": draw(st.sampled_from(AKTIVITETER)),
                "start": start,
                "slut": end,
            }
        )
    return tables


@st.composite
def deliveries(draw: st.DrawFn, max_persons: int = 8) -> Delivery:
    tables: Tables = {
        t: [] for t in ("borgere", "forloeb", "markeringer", "ydelser", "aktiviteter")
    }
    for i in range(draw(st.integers(1, max_persons))):
        for name, rows in draw(person(f"p{i}")).items():
            tables[name].extend(rows)
    return Delivery.from_frames({name: pl.DataFrame(rows) for name, rows in tables.items() if rows})


@st.composite
def windows(draw: st.DrawFn, max_months: int = 25) -> tuple[date, date]:
    """A window of whole months inside the span: (first month, last month), first days."""
    i = draw(st.integers(0, len(SPAN_MONTHS) - 1))
    j = draw(st.integers(i, min(len(SPAN_MONTHS), i + max_months) - 1))
    return SPAN_MONTHS[i], SPAN_MONTHS[j]
