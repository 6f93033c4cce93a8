"""The reference pinned to hand-computed figures, one rule of docs/indicators.md per test."""

from __future__ import annotations

from datetime import date

import polars as pl

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import load_initiative
from tests.reference import age_on, reference_indicators

FSM2 = load_initiative("fsm2")
RF = load_initiative("ressourceforloeb")


def delivery(**tables: list[dict[str, object]]) -> Delivery:
    borgere = tables.pop(
        "borgere",
        [
            {
                "person_id": "a",
                "kommunekode": "147",
                "foedselsdato": date(1980, 5, 3),
                "koen": "K",
                "herkomst": "dansk",
            }
        ],
    )
    return Delivery.from_frames(
        {"borgere": pl.DataFrame(borgere), **{k: pl.DataFrame(v) for k, v in tables.items()}}
    )


def figure(
    frame: pl.DataFrame,
    indicator: str,
    month: str,
    breakdown: str = "total",
    category: str = "i_alt",
) -> tuple[int, int] | None:
    rows = frame.filter(
        (pl.col("indicator") == indicator)
        & (pl.col("month") == month)
        & (pl.col("level") == "kommune")
        & (pl.col("breakdown") == breakdown)
        & (pl.col("category") == category)
    )
    return None if rows.is_empty() else (rows["numerator"][0], rows["denominator"][0])


def program(*periods: tuple[int, date, date | None, str | None]) -> list[dict[str, object]]:
    return [
        {"person_id": "a", "initiativ": "fsm2", "gruppe": g, "start": s, "slut": e, "slutaarsag": r}
        for g, s, e, r in periods
    ]


def test_group_of_the_latest_day_of_the_month() -> None:
    d = delivery(
        forloeb=program(
            (1, date(2020, 1, 1), date(2020, 3, 9), "gruppeskift"),
            (2, date(2020, 3, 10), None, None),
        )
    )
    out = reference_indicators(d, FSM2, date(2020, 2, 1), date(2020, 3, 1))
    assert figure(out, "rehabilitering", "2020-02") == (0, 1)
    assert figure(out, "rehabilitering", "2020-03") == (1, 1)
    assert figure(out, "jobformidler", "2020-03") is None  # no one in group 1: the row is left out


def test_closed_case_keeps_counting_and_moving_away_ends_it() -> None:
    closed = delivery(forloeb=program((1, date(2020, 1, 1), date(2020, 1, 31), None)))
    moved = delivery(forloeb=program((1, date(2020, 1, 1), date(2020, 1, 31), "fraflytning")))
    assert figure(
        reference_indicators(closed, FSM2, date(2020, 6, 1), date(2020, 6, 1)),
        "jobformidler",
        "2020-06",
    ) == (0, 1)
    assert (
        figure(
            reference_indicators(moved, FSM2, date(2020, 6, 1), date(2020, 6, 1)),
            "jobformidler",
            "2020-06",
        )
        is None
    )


def test_exemption_on_the_last_day_leaves_group_1_but_not_the_target_group() -> None:
    d = delivery(
        forloeb=program((1, date(2020, 1, 1), None, None)),
        markeringer=[
            {
                "person_id": "a",
                "markering": "fritagelse",
                "start": date(2020, 2, 10),
                "slut": date(2020, 2, 29),
            }
        ],
    )
    out = reference_indicators(d, FSM2, date(2020, 2, 1), date(2020, 3, 1))
    assert figure(out, "jobformidler", "2020-02") is None
    assert figure(out, "jobformidler", "2020-02", "fritaget", "fritaget") == (0, 1)
    assert figure(out, "rehabilitering", "2020-02") == (0, 1)
    assert figure(out, "jobformidler", "2020-03") == (0, 1)


def test_benefit_on_the_last_day_is_a_day_rule() -> None:
    d = delivery(
        forloeb=program((2, date(2020, 1, 15), None, None)),
        ydelser=[
            {
                "person_id": "a",
                "ydelse": "kontanthjaelp",
                "start": date(2019, 1, 1),
                "slut": date(2020, 3, 30),
            },
            {"person_id": "a", "ydelse": "fleksjob", "start": date(2020, 3, 31), "slut": None},
        ],
    )
    out = reference_indicators(d, FSM2, date(2020, 2, 1), date(2020, 3, 1))
    assert figure(out, "ydelsesskift", "2020-02") == (0, 1)
    assert figure(out, "ydelsesskift", "2020-03") == (1, 1)


def test_step_up_counts_from_the_first_program_month_on() -> None:
    before = delivery(
        forloeb=program((1, date(2020, 1, 1), None, None)),
        markeringer=[
            {
                "person_id": "a",
                "markering": "step_up",
                "start": date(2019, 3, 1),
                "slut": date(2019, 6, 30),
            }
        ],
    )
    after = delivery(
        forloeb=program((1, date(2019, 1, 1), None, None)),
        markeringer=[
            {
                "person_id": "a",
                "markering": "step_up",
                "start": date(2019, 3, 1),
                "slut": date(2019, 6, 30),
            }
        ],
    )
    assert figure(
        reference_indicators(before, FSM2, date(2021, 1, 1), date(2021, 1, 1)), "step_up", "2021-01"
    ) == (0, 1)
    assert figure(
        reference_indicators(after, FSM2, date(2021, 1, 1), date(2021, 1, 1)), "step_up", "2021-01"
    ) == (1, 1)


def test_age_on_29_february() -> None:
    assert age_on(date(1980, 2, 29), date(2021, 2, 28)) == 41
    assert age_on(date(1980, 2, 29), date(2021, 2, 27)) == 40
    assert age_on(date(1980, 3, 1), date(2021, 2, 28)) == 40


def test_status_one_month_after_a_course() -> None:
    d = delivery(
        ydelser=[
            {
                "person_id": "a",
                "ydelse": "ressourceforloeb",
                "start": date(2019, 1, 1),
                "slut": date(2020, 1, 31),
            },
            {"person_id": "a", "ydelse": "fleksjob", "start": date(2020, 2, 20), "slut": None},
        ]
    )
    out = reference_indicators(d, RF, date(2020, 1, 1), date(2020, 1, 1))
    assert figure(out, "status_efter_forloeb", "2020-01", "total", "fleksjob") == (1, 1)
    assert figure(out, "status_efter_forloeb", "2020-01", "total", "andet") == (0, 1)
