"""The reference pinned to hand-computed figures on tiny deliveries, one rule of
docs/indicators.md per test. Where a figure follows from a reading of the rules, the comment
says which."""

from __future__ import annotations

import dataclasses
from datetime import date

import polars as pl
import pytest

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import Condition, Indicator, Initiative, Ratio, load_initiative
from fremdrift.engine.output import OUTPUT_SCHEMA
from tests.reference import age_band, age_on, reference_indicators

FSM2 = load_initiative("fsm2")
RF = load_initiative("ressourceforloeb")
Row = dict[str, object]


def citizen(
    pid: str = "a",
    kommune: str = "147",
    born: date = date(1980, 5, 3),
    koen: str = "K",
    herkomst: str = "dansk",
) -> Row:
    return {
        "person_id": pid,
        "kommunekode": kommune,
        "foedselsdato": born,
        "koen": koen,
        "herkomst": herkomst,
    }


def delivery(
    borgere: list[Row] | None = None,
    forloeb: list[Row] | None = None,
    markeringer: list[Row] | None = None,
    ydelser: list[Row] | None = None,
    aktiviteter: list[Row] | None = None,
) -> Delivery:
    tables = {
        "borgere": borgere or [citizen()],
        "forloeb": forloeb,
        "markeringer": markeringer,
        "ydelser": ydelser,
        "aktiviteter": aktiviteter,
    }
    return Delivery.from_frames({k: pl.DataFrame(v) for k, v in tables.items() if v})


def period(
    gruppe: int,
    start: date,
    slut: date | None = None,
    reason: str | None = None,
    pid: str = "a",
    initiativ: str = "fsm2",
) -> Row:
    return {
        "person_id": pid,
        "initiativ": initiativ,
        "gruppe": gruppe,
        "start": start,
        "slut": slut,
        "slutaarsag": reason,
    }


def mark(kind: str, start: date, slut: date | None = None, pid: str = "a") -> Row:
    return {"person_id": pid, "markering": kind, "start": start, "slut": slut}


def benefit(kind: str, start: date, slut: date | None = None, pid: str = "a") -> Row:
    return {"person_id": pid, "ydelse": kind, "start": start, "slut": slut}


def activity(kind: str, start: date, slut: date | None = None, pid: str = "a") -> Row:
    return {"person_id": pid, "aktivitet": kind, "start": start, "slut": slut}


def run(
    d: Delivery, first: str, last: str | None = None, initiative: Initiative = FSM2
) -> pl.DataFrame:
    y, m = (int(x) for x in first.split("-"))
    y2, m2 = (int(x) for x in (last or first).split("-"))
    return reference_indicators(d, initiative, date(y, m, 1), date(y2, m2, 1))


def figure(
    frame: pl.DataFrame,
    indicator: str,
    month: str,
    breakdown: str = "total",
    category: str = "i_alt",
    kommune: str | None = "147",
) -> tuple[int, int] | None:
    """(numerator, denominator) of one row, None when the row is not there."""
    level = pl.col("kommunekode").is_null() if kommune is None else pl.col("kommunekode") == kommune
    rows = frame.filter(
        (pl.col("indicator") == indicator)
        & (pl.col("month") == month)
        & (pl.col("level") == ("national" if kommune is None else "kommune"))
        & level
        & (pl.col("breakdown") == breakdown)
        & (pl.col("category") == category)
    )
    assert rows.height <= 1
    return None if rows.is_empty() else (rows["numerator"][0], rows["denominator"][0])


# --- Periods and months -----------------------------------------------------------------------


def test_output_contract() -> None:
    out = run(delivery(forloeb=[period(1, date(2020, 1, 1))]), "2020-01")
    assert out.schema == pl.Schema(OUTPUT_SCHEMA)
    assert set(out["initiative"]) == {"fsm2"}
    assert set(out["level"]) == {"kommune", "national"}
    assert set(out.filter(pl.col("level") == "national")["kommunekode"].to_list()) == {None}
    assert set(out["breakdown"]) == {"total", "herkomst", "herkomst3", "koen", "alder", "fritaget"}


def test_open_period_counts_in_every_later_month() -> None:
    out = run(delivery(forloeb=[period(1, date(2020, 1, 15))]), "2019-12", "2021-06")
    assert figure(out, "jobformidler", "2019-12") is None
    assert figure(out, "jobformidler", "2020-01") == (0, 1)
    assert figure(out, "jobformidler", "2021-06") == (0, 1)


def test_month_boundaries_are_inclusive() -> None:
    # A period ending on 1 March touches March; one starting on 31 January touches January.
    d = delivery(
        borgere=[citizen("a"), citizen("b")],
        forloeb=[
            period(1, date(2020, 1, 31), date(2020, 3, 1), "fraflytning", pid="a"),
            period(1, date(2020, 2, 29), date(2020, 2, 29), "doed", pid="b"),
        ],
        aktiviteter=[
            activity("uddannelse", date(2019, 6, 1), date(2020, 1, 31), pid="a"),
            activity("loennede_timer", date(2020, 3, 31), date(2020, 4, 30), pid="a"),
        ],
    )
    out = run(d, "2019-12", "2020-04")
    assert figure(out, "jobformidler", "2019-12") is None
    assert figure(out, "job_og_uddannelse", "2020-01") == (1, 1)
    assert figure(out, "job_og_uddannelse", "2020-02") == (0, 2)
    assert figure(out, "loennede_timer", "2020-03") == (1, 1)
    assert figure(out, "jobformidler", "2020-04") is None


# --- Membership --------------------------------------------------------------------------------


def test_group_change_mid_month_counts_in_the_group_of_the_latest_day() -> None:
    d = delivery(
        forloeb=[
            period(1, date(2020, 1, 1), date(2020, 3, 9), "gruppeskift"),
            period(2, date(2020, 3, 20), None),
        ]
    )
    out = run(d, "2020-02", "2020-03")
    assert figure(out, "rehabilitering", "2020-02") == (0, 1)
    assert figure(out, "jobformidler", "2020-02") == (0, 1)
    # In March the citizen is in group 2 only: counted once in the target group, not in group 1.
    assert figure(out, "rehabilitering", "2020-03") == (1, 1)
    assert figure(out, "jobformidler", "2020-03") is None


def test_group_change_at_the_end_of_a_month_counts_in_the_new_group_from_the_next() -> None:
    d = delivery(
        forloeb=[
            period(2, date(2020, 1, 1), date(2020, 3, 31), "gruppeskift"),
            period(1, date(2020, 4, 1), None),
        ]
    )
    out = run(d, "2020-03", "2020-04")
    assert figure(out, "rehabilitering", "2020-03") == (1, 1)
    assert figure(out, "rehabilitering", "2020-04") == (0, 1)
    assert figure(out, "jobformidler", "2020-04") == (0, 1)


def test_moving_away_ends_counting_after_the_month_of_the_move() -> None:
    d = delivery(forloeb=[period(1, date(2020, 1, 1), date(2020, 2, 10), "fraflytning")])
    out = run(d, "2020-02", "2020-03")
    assert figure(out, "jobformidler", "2020-02") == (0, 1)  # the month of the move counts
    assert figure(out, "jobformidler", "2020-03") is None


@pytest.mark.parametrize("reason", ["doed", "folkepension"])
def test_death_and_folkepension_end_counting(reason: str) -> None:
    d = delivery(forloeb=[period(2, date(2020, 1, 1), date(2020, 1, 31), reason)])
    out = run(d, "2020-01", "2020-02")
    assert figure(out, "rehabilitering", "2020-01") == (1, 1)
    assert figure(out, "rehabilitering", "2020-02") is None


def test_closed_case_without_slutaarsag_keeps_counting() -> None:
    d = delivery(
        forloeb=[
            period(1, date(2020, 1, 1), date(2020, 1, 31)),  # closed, no reason: no end
            period(2, date(2020, 6, 15), None),
        ]
    )
    out = run(d, "2020-03", "2020-06")
    assert figure(out, "jobformidler", "2020-03") == (0, 1)
    assert figure(out, "jobformidler", "2020-05") == (0, 1)
    # In June the closed group-1 case runs until 14 June, the group-2 period from the 15th.
    assert figure(out, "jobformidler", "2020-06") is None
    assert figure(out, "rehabilitering", "2020-06") == (1, 1)


def test_ressourceforloeb_target_group_from_the_benefit_group_2_from_forloeb() -> None:
    d = delivery(
        borgere=[citizen("a"), citizen("b"), citizen("c")],
        ydelser=[
            benefit("ressourceforloeb", date(2020, 1, 20), date(2020, 3, 1), pid="a"),
            benefit("ressourceforloeb", date(2020, 1, 1), None, pid="b"),
        ],
        forloeb=[
            # Group 2 until 10 February as given (no "once in, stays in" for a benefit source).
            period(2, date(2020, 1, 1), date(2020, 2, 10), None, "b", "ressourceforloeb"),
            # c has group 2 but no benefit: not in the target group.
            period(2, date(2020, 1, 1), None, None, "c", "ressourceforloeb"),
        ],
        markeringer=[mark("jobformidler", date(2020, 2, 29), date(2020, 2, 29), pid="b")],
    )
    out = run(d, "2019-12", "2020-04", RF)
    assert figure(out, "jobformidler", "2019-12") is None
    assert figure(out, "jobformidler", "2020-01") == (0, 2)
    assert figure(out, "jobformidler", "2020-02") == (1, 2)
    assert figure(out, "jobformidler", "2020-03") == (0, 2)
    assert figure(out, "jobformidler", "2020-04") == (0, 1)


# --- Exemptions --------------------------------------------------------------------------------


def test_exemption_on_the_last_day_leaves_group_1_but_not_the_target_group() -> None:
    d = delivery(
        forloeb=[period(1, date(2020, 1, 1))],
        markeringer=[
            mark("fritagelse", date(2020, 2, 29), date(2020, 2, 29)),
            mark("jobformidler", date(2020, 2, 1), None),
        ],
    )
    out = run(d, "2020-02", "2020-03")
    assert figure(out, "jobformidler", "2020-02") is None
    assert figure(out, "jobformidler", "2020-02", "koen", "K") is None
    # The fritaget breakdown counts without the rule: it shows the exempted beside the figure.
    assert figure(out, "jobformidler", "2020-02", "fritaget", "fritaget") == (1, 1)
    assert figure(out, "jobformidler", "2020-02", "fritaget", "ikke_fritaget") is None
    assert figure(out, "rehabilitering", "2020-02") == (0, 1)
    # Back when the exemption has ended.
    assert figure(out, "jobformidler", "2020-03") == (1, 1)
    assert figure(out, "jobformidler", "2020-03", "fritaget", "ikke_fritaget") == (1, 1)


def test_exemption_ending_before_the_last_day_does_not_exempt() -> None:
    d = delivery(
        forloeb=[period(1, date(2020, 1, 1))],
        markeringer=[mark("fritagelse", date(2020, 2, 1), date(2020, 2, 28))],
    )
    out = run(d, "2020-02")
    assert figure(out, "jobformidler", "2020-02") == (0, 1)
    assert figure(out, "jobformidler", "2020-02", "fritaget", "fritaget") is None


def test_exempt_rule_follows_the_settings() -> None:
    d = delivery(
        forloeb=[period(1, date(2020, 1, 1))],
        markeringer=[mark("fritagelse", date(2020, 1, 10), None)],
    )
    off = dataclasses.replace(FSM2, exclude_exempt=False)
    both = dataclasses.replace(FSM2, exempt_populations=("gruppe1", "maalgruppe"))
    assert figure(run(d, "2020-01"), "jobformidler", "2020-01") is None
    assert figure(run(d, "2020-01", initiative=off), "jobformidler", "2020-01") == (0, 1)
    assert figure(run(d, "2020-01"), "rehabilitering", "2020-01") == (0, 1)
    assert figure(run(d, "2020-01", initiative=both), "rehabilitering", "2020-01") is None


# --- Facts -------------------------------------------------------------------------------------


def test_benefit_on_the_last_day_is_a_day_rule() -> None:
    d = delivery(
        forloeb=[period(2, date(2020, 1, 15))],
        ydelser=[
            benefit("kontanthjaelp", date(2019, 1, 1), date(2020, 3, 30)),
            benefit("fleksjob", date(2020, 3, 31), None),
        ],
    )
    out = run(d, "2020-02", "2020-03")
    assert figure(out, "ydelsesskift", "2020-02") == (0, 1)
    # Kontanthjælp touched March but did not cover its last day.
    assert figure(out, "ydelsesskift", "2020-03") == (1, 1)


def test_ydelsesskift_denominator_from_the_benefit_on_the_entry_day() -> None:
    d = delivery(
        borgere=[citizen("a"), citizen("b"), citizen("c")],
        forloeb=[
            period(2, date(2020, 2, 1), pid="a"),
            period(2, date(2020, 2, 1), pid="b"),
            period(1, date(2020, 1, 1), date(2020, 2, 14), "gruppeskift", pid="c"),
            period(2, date(2020, 2, 15), pid="c"),
        ],
        ydelser=[
            # a: integrationsydelse ends the day before entry: not in the denominator.
            benefit("integrationsydelse", date(2019, 1, 1), date(2020, 1, 31), pid="a"),
            # b: kontanthjælp from the entry day exactly: in it.
            benefit("kontanthjaelp", date(2020, 2, 1), date(2020, 2, 20), pid="b"),
            benefit("sygedagpenge", date(2020, 2, 21), None, pid="b"),
            # c: kontanthjælp on the day of entry to group 2 (not group 1's start), still on it.
            benefit("kontanthjaelp", date(2020, 2, 10), None, pid="c"),
        ],
    )
    out = run(d, "2020-02")
    assert figure(out, "ydelsesskift", "2020-02") == (1, 2)
    assert figure(out, "rehabilitering", "2020-02") == (3, 3)


def test_ydelsesskift_entry_day_is_the_start_of_the_period_giving_the_group() -> None:
    # Two group-2 periods, the first closed without a reason: the citizen stays in group 2
    # throughout, but the entry day is the start of the period that gives the group in M.
    d = delivery(
        forloeb=[
            period(2, date(2020, 1, 1), date(2020, 1, 31)),
            period(2, date(2020, 3, 1), None),
        ],
        ydelser=[benefit("kontanthjaelp", date(2020, 1, 1), date(2020, 2, 15))],
    )
    out = run(d, "2020-02", "2020-03")
    assert figure(out, "ydelsesskift", "2020-02") == (1, 1)
    assert figure(out, "ydelsesskift", "2020-03") is None


def test_two_activities_in_a_month_count_once() -> None:
    d = delivery(
        forloeb=[period(1, date(2020, 1, 1))],
        aktiviteter=[
            activity("loennede_timer", date(2020, 2, 1), date(2020, 2, 10)),
            activity("loennede_timer", date(2020, 2, 5), date(2020, 2, 29)),
            activity("uddannelse", date(2020, 2, 29), None),
        ],
    )
    out = run(d, "2020-02")
    assert figure(out, "loennede_timer", "2020-02") == (1, 1)
    assert figure(out, "virksomhedsrettet", "2020-02") == (1, 1)
    assert figure(out, "loentimer_eller_uddannelse", "2020-02") == (1, 1)


def test_loentilskud_is_not_paid_hours() -> None:
    d = delivery(
        forloeb=[period(1, date(2020, 1, 1))],
        aktiviteter=[activity("loentilskud", date(2020, 2, 1), date(2020, 2, 2))],
    )
    out = run(d, "2020-02")
    assert figure(out, "virksomhedsrettet", "2020-02") == (1, 1)
    assert figure(out, "loennede_timer", "2020-02") == (0, 1)
    assert figure(out, "loentimer_eller_uddannelse", "2020-02") == (0, 1)


def test_step_up_long_ago_counts_before_the_first_program_month_does_not() -> None:
    step_up = mark("step_up", date(2019, 3, 1), date(2019, 6, 5))
    later = delivery(forloeb=[period(1, date(2019, 7, 1))], markeringer=[step_up])
    same_month = delivery(forloeb=[period(1, date(2019, 6, 20))], markeringer=[step_up])
    earlier = delivery(forloeb=[period(1, date(2019, 1, 1))], markeringer=[step_up])
    assert figure(run(later, "2021-01"), "step_up", "2021-01") == (0, 1)
    # Touches the first program month (June 2019), though it ended before the first program day.
    assert figure(run(same_month, "2021-01"), "step_up", "2021-01") == (1, 1)
    assert figure(run(earlier, "2021-01"), "step_up", "2021-01") == (1, 1)
    # Not before the marking: only from its month on.
    assert figure(run(earlier, "2019-02"), "step_up", "2019-02") == (0, 1)


def test_first_program_month_is_the_earliest_period_even_after_a_move() -> None:
    d = delivery(
        forloeb=[
            period(1, date(2019, 1, 1), date(2019, 2, 1), "fraflytning"),
            period(1, date(2020, 1, 1), None),
        ],
        markeringer=[mark("step_up", date(2019, 5, 1), date(2019, 5, 2))],
    )
    assert figure(run(d, "2020-01"), "step_up", "2020-01") == (1, 1)


def test_numerator_0_rows_kept_denominator_0_rows_dropped() -> None:
    d = delivery(
        borgere=[citizen("a", herkomst="dansk"), citizen("b", herkomst="indvandrer_vestlig")],
        forloeb=[period(1, date(2020, 1, 1), pid="a"), period(1, date(2020, 1, 1), pid="b")],
        markeringer=[mark("jobformidler", date(2020, 1, 1), None, pid="b")],
    )
    out = run(d, "2020-01")
    assert figure(out, "jobformidler", "2020-01", "herkomst", "dansk") == (0, 1)
    assert figure(out, "jobformidler", "2020-01", "herkomst", "indvandrer_vestlig") == (1, 1)
    assert figure(out, "jobformidler", "2020-01", "herkomst", "efterkommer_vestlig") is None
    assert figure(out, "rehabilitering", "2020-01") == (0, 2)
    assert figure(out, "ydelsesskift", "2020-01") is None  # no one in group 2
    assert (out["denominator"] > 0).all()


# --- Breakdowns and levels ---------------------------------------------------------------------


def test_herkomst_as_delivered_and_folded_to_three() -> None:
    d = delivery(
        borgere=[
            citizen("a", herkomst="indvandrer_ikke_vestlig", koen="M"),
            citizen("b", herkomst="efterkommer_ikke_vestlig"),
            citizen("c", herkomst="vestlig"),
        ],
        forloeb=[period(1, date(2020, 1, 1), pid=p) for p in "abc"],
    )
    out = run(d, "2020-01")
    assert figure(out, "jobformidler", "2020-01", "herkomst", "indvandrer_ikke_vestlig") == (0, 1)
    assert figure(out, "jobformidler", "2020-01", "herkomst", "vestlig") == (0, 1)
    assert figure(out, "jobformidler", "2020-01", "herkomst3", "ikke_vestlig") == (0, 2)
    assert figure(out, "jobformidler", "2020-01", "herkomst3", "vestlig") == (0, 1)
    assert figure(out, "jobformidler", "2020-01", "koen", "M") == (0, 1)
    assert figure(out, "jobformidler", "2020-01", "koen", "K") == (0, 2)


def test_age_band_on_the_last_day_of_the_month() -> None:
    # Turns 30 on 31 March 2020: 25-29 in February, 30-34 from March (the last day) on.
    d = delivery(borgere=[citizen(born=date(1990, 3, 31))], forloeb=[period(1, date(2020, 1, 1))])
    out = run(d, "2020-02", "2020-03")
    assert figure(out, "jobformidler", "2020-02", "alder", "25-29") == (0, 1)
    assert figure(out, "jobformidler", "2020-03", "alder", "30-34") == (0, 1)
    assert figure(out, "jobformidler", "2020-03", "alder", "25-29") is None


def test_age_on_29_february_and_the_bands() -> None:
    assert age_on(date(1980, 2, 29), date(2021, 2, 28)) == 41  # common year: passed on the 28th
    assert age_on(date(1980, 2, 29), date(2020, 2, 28)) == 39  # leap year: on the 29th
    assert age_on(date(1980, 2, 29), date(2020, 2, 29)) == 40
    assert age_on(date(1980, 3, 1), date(2021, 2, 28)) == 40
    assert [age_band(a) for a in (-1, 15, 16, 19, 20, 64, 65, 90)] == [
        "under_16",
        "under_16",
        "16-19",
        "16-19",
        "20-24",
        "60-64",
        "65+",
        "65+",
    ]


def test_national_is_the_sum_of_the_kommuner() -> None:
    d = delivery(
        borgere=[
            citizen("a", "147"),
            citizen("b", "766"),
            citizen("c", "791"),
            citizen("d", "791"),
        ],
        forloeb=[
            period(1, date(2020, 1, 1), pid="a"),
            period(1, date(2020, 1, 1), pid="b"),
            period(2, date(2020, 1, 1), pid="c"),
            period(1, date(2020, 1, 1), pid="d"),
        ],
        markeringer=[mark("jobformidler", date(2020, 1, 5), None, pid=p) for p in "bd"],
    )
    out = run(d, "2020-01")
    assert figure(out, "jobformidler", "2020-01", kommune="147") == (0, 1)
    assert figure(out, "jobformidler", "2020-01", kommune="766") == (1, 1)
    assert figure(out, "jobformidler", "2020-01", kommune="791") == (1, 1)
    assert figure(out, "jobformidler", "2020-01", kommune=None) == (2, 3)
    assert figure(out, "rehabilitering", "2020-01", kommune=None) == (1, 4)
    kommune = out.filter(pl.col("level") == "kommune")
    national = out.filter(pl.col("level") == "national")
    keys = ["month", "breakdown", "category", "indicator"]
    summed = kommune.group_by(keys).agg(pl.col("numerator").sum(), pl.col("denominator").sum())
    joined = national.join(summed, on=keys, suffix="_sum", how="full", coalesce=True)
    assert (joined["numerator"] == joined["numerator_sum"]).all()
    assert (joined["denominator"] == joined["denominator_sum"]).all()


# --- Status after a course ---------------------------------------------------------------------


def test_status_one_month_after_a_course() -> None:
    d = delivery(
        ydelser=[
            benefit("ressourceforloeb", date(2019, 1, 1), date(2020, 1, 31)),
            benefit("fleksjob", date(2020, 2, 20), None),
        ]
    )
    out = run(d, "2020-01", "2020-02", RF)
    # Read on 29 February (31 January one month on; February has no 31st).
    assert figure(out, "status_efter_forloeb", "2020-01", "total", "fleksjob") == (1, 1)
    states = out.filter(
        (pl.col("indicator") == "status_efter_forloeb") & (pl.col("level") == "kommune")
    )
    assert states.height == len(RF.indicator("status_efter_forloeb").states)
    assert figure(out, "status_efter_forloeb", "2020-01", "total", "andet") == (0, 1)
    assert figure(out, "status_efter_forloeb", "2020-02", "total", "andet") is None


def test_status_is_read_on_one_day_first_rule_wins_latest_course_counts() -> None:
    d = delivery(
        borgere=[citizen("a"), citizen("b")],
        ydelser=[
            # a: two courses ending in March; the latest (20 March) gives the day: 20 April.
            benefit("ressourceforloeb", date(2019, 1, 1), date(2020, 3, 5), pid="a"),
            benefit("ressourceforloeb", date(2020, 3, 10), date(2020, 3, 20), pid="a"),
            benefit("kontanthjaelp", date(2020, 4, 6), date(2020, 4, 19), pid="a"),
            benefit("a_dagpenge", date(2020, 4, 20), date(2020, 4, 20), pid="a"),
            # b: on kontanthjælp and in education on the day: uddannelse comes first.
            benefit("ressourceforloeb", date(2019, 1, 1), date(2020, 3, 31), pid="b"),
            benefit("kontanthjaelp", date(2020, 4, 1), None, pid="b"),
        ],
        aktiviteter=[activity("uddannelse", date(2020, 4, 30), date(2020, 4, 30), pid="b")],
    )
    out = run(d, "2020-03", initiative=RF)
    assert figure(out, "status_efter_forloeb", "2020-03", "total", "a_dagpenge") == (1, 2)
    assert figure(out, "status_efter_forloeb", "2020-03", "total", "uddannelse") == (1, 2)
    assert figure(out, "status_efter_forloeb", "2020-03", "total", "kontanthjaelp") == (0, 2)
    assert figure(out, "status_efter_forloeb", "2020-03", "total", "i_alt") is None


def test_status_open_course_has_not_ended() -> None:
    d = delivery(ydelser=[benefit("ressourceforloeb", date(2019, 1, 1), None)])
    out = run(d, "2019-01", "2021-01", RF)
    assert out.filter(pl.col("indicator") == "status_efter_forloeb").is_empty()


def test_ressourceforloeb_group_2_leaves_group_1() -> None:
    only_group1 = Indicator(
        key="gruppe1",
        navn="gruppe 1",
        numbers=(),
        kind="ratio",
        breakdowns=("total",),
        ratio=Ratio("gruppe1", Condition(), Condition()),
    )
    initiative = dataclasses.replace(RF, indicators=(only_group1,))
    d = delivery(
        ydelser=[benefit("ressourceforloeb", date(2020, 1, 1), None)],
        forloeb=[period(2, date(2020, 2, 10), date(2020, 3, 31), None, "a", "ressourceforloeb")],
    )
    out = run(d, "2020-01", "2020-04", initiative)
    assert figure(out, "gruppe1", "2020-01") == (1, 1)
    assert figure(out, "gruppe1", "2020-02") is None
    assert figure(out, "gruppe1", "2020-03") is None  # group 2 until its last day, as given
    assert figure(out, "gruppe1", "2020-04") == (1, 1)


def test_ydelse_ved_indgang_is_never_true_for_a_benefit_source() -> None:
    at_entry = Indicator(
        key="ved_indgang",
        navn="ved indgang",
        numbers=(),
        kind="ratio",
        breakdowns=("total",),
        ratio=Ratio("gruppe2", Condition(), Condition(any=("ydelse_ved_indgang:kontanthjaelp",))),
    )
    initiative = dataclasses.replace(RF, indicators=(at_entry,))
    d = delivery(
        ydelser=[
            benefit("kontanthjaelp", date(2018, 11, 13), date(2018, 11, 13)),
            benefit("ressourceforloeb", date(2018, 11, 14), None),
        ],
        forloeb=[period(2, date(2018, 11, 13), None, None, "a", "ressourceforloeb")],
    )
    assert figure(run(d, "2019-06", initiative=initiative), "ved_indgang", "2019-06") == (0, 1)
