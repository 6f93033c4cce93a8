"""Hypothesis strategies for small, valid deliveries full of the cases that break counting:
open periods, periods on month boundaries, group changes mid-month, closed cases that keep
counting, exemptions ending on a month's last day, overlapping activities, a step-up long ago,
citizens who moved away, birthdays on band edges and on 29 February."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from fremdrift.delivery.schema import AKTIVITETER, Delivery

SPAN_START = date(2019, 10, 1)
SPAN_DAYS = 548  # to 2021-03-31
# Month edges in the span: the first and the last day of each month.
EDGES = sorted(
    {(date(y, m, 1) - SPAN_START).days for y in (2019, 2020, 2021) for m in range(1, 13)}
    | {(date(y, m, 1) - SPAN_START).days - 1 for y in (2019, 2020, 2021) for m in range(1, 13)}
)
EDGES = [d for d in EDGES if 0 <= d < SPAN_DAYS]

days = st.one_of(st.integers(0, SPAN_DAYS - 1), st.sampled_from(EDGES))
lengths = st.one_of(st.integers(0, 120), st.sampled_from([0, 27, 28, 29, 30, 31, 59, 365]))


def day(offset: int) -> date:
    return SPAN_START + timedelta(days=offset)


@st.composite
def sequence(
    draw: st.DrawFn, kinds: list[str], max_size: int, earliest: int = 0
) -> list[tuple[str, date, date | None]]:
    """Non-overlapping periods in time order; only the last may be open."""
    out: list[tuple[str, date, date | None]] = []
    cursor = draw(st.one_of(st.integers(earliest, SPAN_DAYS - 1), st.sampled_from(EDGES)))
    for i in range(draw(st.integers(0, max_size))):
        kind = draw(st.sampled_from(kinds))
        is_last = i == max_size - 1
        if draw(st.booleans()) and draw(st.booleans()):
            out.append((kind, day(cursor), None))
            break
        end = cursor + draw(lengths)
        out.append((kind, day(cursor), day(end)))
        if is_last:
            break
        cursor = end + draw(st.one_of(st.just(1), st.integers(1, 90)))
    return out


@st.composite
def births(draw: st.DrawFn) -> date:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return date(draw(st.sampled_from([1956, 1960, 1964, 1980, 1984])), 2, 29)
    if choice == 1:
        # A band edge reached inside the span: turning 30, 35, ... 65 during it.
        age = draw(st.sampled_from([20, 25, 30, 35, 40, 60, 65]))
        edge = day(draw(days))
        return date(edge.year - age, edge.month, min(edge.day, 28))
    return date(1950, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 50)))


@st.composite
def person(draw: st.DrawFn, pid: str) -> dict[str, list[dict[str, object]]]:
    rows: dict[str, list[dict[str, object]]] = {
        t: [] for t in ("borgere", "forloeb", "markeringer", "ydelser", "aktiviteter")
    }
    rows["borgere"].append(
        {
            "person_id": pid,
            "kommunekode": draw(st.sampled_from(["147", "766", "791"])),
            "foedselsdato": draw(births()),
            "koen": draw(st.sampled_from(["M", "K"])),
            "herkomst": draw(
                st.sampled_from(
                    [
                        "dansk",
                        "indvandrer_vestlig",
                        "efterkommer_vestlig",
                        "indvandrer_ikke_vestlig",
                        "efterkommer_ikke_vestlig",
                        "vestlig",
                    ]
                )
            ),
        }
    )
    for initiativ in ("fsm2", "ressourceforloeb"):
        for _, start, end in draw(sequence(["x"], 3)):
            reason = draw(
                st.sampled_from([None, None, "gruppeskift", "fraflytning", "doed", "folkepension"])
            )
            rows["forloeb"].append(
                {
                    "person_id": pid,
                    "initiativ": initiativ,
                    "gruppe": draw(st.sampled_from([1, 2])),
                    "start": start,
                    "slut": end,
                    "slutaarsag": reason if end is not None else None,
                }
            )
    for kind in ("jobformidler", "step_up", "rehabilitering"):
        # Step-up may lie long before the window and before the first program month.
        earliest = -700 if kind == "step_up" else 0
        for _, start, end in draw(sequence([kind], 2, earliest=max(earliest, 0))):
            shift = (
                timedelta(days=draw(st.sampled_from([0, 0, 400, 700])))
                if kind == "step_up"
                else timedelta(0)
            )
            rows["markeringer"].append(
                {
                    "person_id": pid,
                    "markering": kind,
                    "start": start - shift,
                    "slut": None if end is None else end - shift,
                }
            )
    for _ in range(draw(st.integers(0, 2))):  # exemptions may overlap each other
        start = draw(days)
        end = None if draw(st.booleans()) else start + draw(lengths)
        rows["markeringer"].append(
            {
                "person_id": pid,
                "markering": "fritagelse",
                "start": day(start),
                "slut": None if end is None else day(end),
            }
        )
    benefits = [
        "kontanthjaelp",
        "integrationsydelse",
        "ressourceforloeb",
        "fleksjob",
        "foertidspension",
        "loenmodtagerbeskaeftigelse",
        "uddannelseshjaelp",
    ]
    for kind, start, end in draw(sequence(benefits, 4)):
        rows["ydelser"].append({"person_id": pid, "ydelse": kind, "start": start, "slut": end})
    for _ in range(draw(st.integers(0, 4))):  # activities may overlap
        start = draw(days)
        end = None if draw(st.integers(0, 4)) == 0 else start + draw(lengths)
        rows["aktiviteter"].append(
            {
                "person_id": pid,
                "aktivitet": draw(st.sampled_from(AKTIVITETER)),
                "start": day(start),
                "slut": None if end is None else day(end),
            }
        )
    return rows


@st.composite
def deliveries(draw: st.DrawFn, max_persons: int = 8) -> Delivery:
    import polars as pl

    tables: dict[str, list[dict[str, object]]] = {
        t: [] for t in ("borgere", "forloeb", "markeringer", "ydelser", "aktiviteter")
    }
    for i in range(draw(st.integers(1, max_persons))):
        for name, rows in draw(person(f"p{i}")).items():
            tables[name].extend(rows)
    frames = {name: pl.DataFrame(rows) for name, rows in tables.items() if rows}
    return Delivery.from_frames(frames)


@st.composite
def windows(draw: st.DrawFn) -> tuple[date, date]:
    start = draw(st.integers(0, 17))
    length = draw(st.integers(1, 20))
    first = date(2019 + (9 + start) // 12, (9 + start) % 12 + 1, 1)
    end_index = 9 + start + length - 1
    last = date(2019 + end_index // 12, end_index % 12 + 1, 1)
    return first, last
