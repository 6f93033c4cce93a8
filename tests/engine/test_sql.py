"""The SQL formulation (fremdrift.engine.sql) on small hand-made deliveries with exact figures."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from fremdrift.delivery.schema import HERKOMST5, Delivery
from fremdrift.engine.definitions import Initiative, load_initiative
from fremdrift.engine.months import parse_month
from fremdrift.engine.output import OUTPUT_SCHEMA
from fremdrift.engine.sql import compute_indicators_sql, indicator_sql

FSM2 = load_initiative("fsm2")
RF = load_initiative("ressourceforloeb")
D = date
BORN = D(1980, 6, 15)


def borger(
    pid: str,
    kommune: str = "101",
    born: date = BORN,
    koen: str = "K",
    herkomst: str = "dansk",
) -> dict[str, Any]:
    return {
        "person_id": pid,
        "kommunekode": kommune,
        "foedselsdato": born,
        "koen": koen,
        "herkomst": herkomst,
    }


def forloeb(
    pid: str,
    gruppe: int,
    start: date,
    slut: date | None = None,
    aarsag: str | None = None,
    initiativ: str = "fsm2",
) -> dict[str, Any]:
    return {
        "person_id": pid,
        "initiativ": initiativ,
        "gruppe": gruppe,
        "start": start,
        "slut": slut,
        "slutaarsag": aarsag,
    }


def period(pid: str, kind_col: str, kind: str, start: date, slut: date | None) -> dict[str, Any]:
    return {"person_id": pid, kind_col: kind, "start": start, "slut": slut}


def mark(pid: str, kind: str, start: date, slut: date | None = None) -> dict[str, Any]:
    return period(pid, "markering", kind, start, slut)


def ydelse(pid: str, kind: str, start: date, slut: date | None = None) -> dict[str, Any]:
    return period(pid, "ydelse", kind, start, slut)


def aktivitet(pid: str, kind: str, start: date, slut: date | None = None) -> dict[str, Any]:
    return period(pid, "aktivitet", kind, start, slut)


def delivery(**tables: list[dict[str, Any]]) -> Delivery:
    return Delivery.from_frames({name: pl.DataFrame(rows) for name, rows in tables.items() if rows})


def run(
    d: Delivery, initiative: Initiative = FSM2, first: str = "2021-01", last: str = "2021-06"
) -> pl.DataFrame:
    return compute_indicators_sql(d, initiative, parse_month(first), parse_month(last))


def fig(
    result: pl.DataFrame,
    indicator: str,
    month: str,
    breakdown: str = "total",
    category: str = "i_alt",
    kommunekode: str | None = "101",
) -> tuple[int, int] | None:
    """(numerator, denominator) of one cell, None when there is no row (denominator 0)."""
    level = "national" if kommunekode is None else "kommune"
    rows = result.filter(
        (pl.col("indicator") == indicator)
        & (pl.col("month") == month)
        & (pl.col("level") == level)
        & pl.col("kommunekode").eq_missing(kommunekode)
        & (pl.col("breakdown") == breakdown)
        & (pl.col("category") == category)
    )
    assert rows.height <= 1
    if rows.height == 0:
        return None
    return rows["numerator"][0], rows["denominator"][0]


def test_output_contract_and_empty_delivery() -> None:
    result = run(delivery(borgere=[borger("a")]))
    assert result.schema == pl.Schema(OUTPUT_SCHEMA)
    assert result.height == 0


def test_group1_denominator_counts_open_and_closed_case_periods() -> None:
    d = delivery(
        borgere=[borger("a"), borger("b"), borger("c"), borger("d")],
        forloeb=[
            forloeb("a", 1, D(2021, 1, 10)),  # open
            forloeb("b", 1, D(2020, 5, 1), D(2020, 12, 31), "fraflytning"),  # ended before
            # Closed case without an ending reason: once in, stays in.
            forloeb("c", 1, D(2021, 2, 15), D(2021, 2, 20)),
            # Moved away in March: counts in March, not after.
            forloeb("d", 1, D(2021, 1, 1), D(2021, 3, 5), "fraflytning"),
        ],
        markeringer=[mark("a", "jobformidler", D(2021, 3, 31), D(2021, 4, 2))],
    )
    result = run(d)
    assert fig(result, "jobformidler", "2021-01") == (0, 2)
    assert fig(result, "jobformidler", "2021-02") == (0, 3)
    assert fig(result, "jobformidler", "2021-03") == (1, 3)
    assert fig(result, "jobformidler", "2021-04") == (1, 2)
    assert fig(result, "jobformidler", "2021-05") == (0, 2)
    assert fig(result, "rehabilitering", "2021-05") == (0, 2)


def test_exempt_left_out_of_group1_but_not_target_group() -> None:
    d = delivery(
        borgere=[borger("a"), borger("b")],
        forloeb=[forloeb("a", 1, D(2021, 1, 1)), forloeb("b", 1, D(2021, 1, 1))],
        markeringer=[
            # Covers the last day of Feb and Mar; ends before the last day of April.
            mark("a", "fritagelse", D(2021, 2, 10), D(2021, 4, 29)),
            mark("a", "jobformidler", D(2021, 1, 1)),
            # An exemption that ends mid-month does not cover the month's last day.
            mark("b", "fritagelse", D(2021, 5, 1), D(2021, 5, 30)),
        ],
    )
    result = run(d)
    assert fig(result, "jobformidler", "2021-01") == (1, 2)
    assert fig(result, "jobformidler", "2021-02") == (0, 1)
    assert fig(result, "jobformidler", "2021-03") == (0, 1)
    assert fig(result, "jobformidler", "2021-04") == (1, 2)
    assert fig(result, "jobformidler", "2021-05") == (1, 2)
    # Indicator 2's denominator counts every member of the target group, exempt or not.
    assert fig(result, "rehabilitering", "2021-03") == (0, 2)
    # The fritaget breakdown shows the exempted beside the figure.
    assert fig(result, "jobformidler", "2021-03", "fritaget", "fritaget") == (1, 1)
    assert fig(result, "jobformidler", "2021-03", "fritaget", "ikke_fritaget") == (0, 1)
    assert fig(result, "jobformidler", "2021-01", "fritaget", "fritaget") is None
    assert fig(result, "jobformidler", "2021-03", "koen", "K") == (0, 1)


def test_exemption_rule_is_a_setting() -> None:
    from dataclasses import replace

    d = delivery(
        borgere=[borger("a")],
        forloeb=[forloeb("a", 1, D(2021, 1, 1))],
        markeringer=[mark("a", "fritagelse", D(2021, 1, 1))],
    )
    assert fig(run(d), "jobformidler", "2021-01") is None
    keep = replace(FSM2, exclude_exempt=False)
    assert fig(run(d, keep), "jobformidler", "2021-01") == (0, 1)


def test_group_change_mid_month_counts_in_group_of_latest_day() -> None:
    d = delivery(
        borgere=[borger("a"), borger("b")],
        forloeb=[
            forloeb("a", 1, D(2021, 1, 1), D(2021, 3, 10), "gruppeskift"),
            forloeb("a", 2, D(2021, 3, 11)),
            # Back from group 2 to group 1 with a gap; the closed case runs until the next start.
            forloeb("b", 2, D(2021, 1, 1), D(2021, 2, 3)),
            forloeb("b", 1, D(2021, 3, 20), D(2021, 3, 25)),
        ],
    )
    result = run(d)
    assert fig(result, "rehabilitering", "2021-02") == (1, 2)  # a in 1, b in 2
    assert fig(result, "jobformidler", "2021-02") == (0, 1)
    assert fig(result, "rehabilitering", "2021-03") == (1, 2)  # a in 2, b in 1
    assert fig(result, "jobformidler", "2021-03") == (0, 1)
    assert fig(result, "rehabilitering", "2021-06") == (1, 2)


def test_ydelsesskift() -> None:
    d = delivery(
        borgere=[borger("a"), borger("b"), borger("c")],
        forloeb=[
            forloeb("a", 2, D(2021, 2, 1)),
            forloeb("b", 2, D(2021, 2, 1)),
            forloeb("c", 2, D(2021, 2, 1)),
        ],
        ydelser=[
            # a: kontanthjælp at entry, ends mid-March (a day rule: not on March's last day).
            ydelse("a", "kontanthjaelp", D(2020, 1, 1), D(2021, 3, 15)),
            ydelse("a", "loenmodtagerbeskaeftigelse", D(2021, 3, 16)),
            # b: integrationsydelse at entry throughout.
            ydelse("b", "integrationsydelse", D(2020, 6, 1)),
            # c: kontanthjælp starts the day after entry: not in the denominator.
            ydelse("c", "kontanthjaelp", D(2021, 2, 2)),
        ],
    )
    result = run(d)
    assert fig(result, "ydelsesskift", "2021-01") is None
    assert fig(result, "ydelsesskift", "2021-02") == (0, 2)
    assert fig(result, "ydelsesskift", "2021-03") == (1, 2)
    assert fig(result, "ydelsesskift", "2021-04") == (1, 2)


def test_step_up_since_first_program_month() -> None:
    d = delivery(
        borgere=[borger("a"), borger("b"), borger("c")],
        forloeb=[
            forloeb("a", 1, D(2021, 3, 1)),
            forloeb("b", 1, D(2021, 1, 1)),
            forloeb("c", 1, D(2021, 3, 20)),
        ],
        markeringer=[
            # a: ended the month before the first program month: never counts.
            mark("a", "step_up", D(2021, 1, 1), D(2021, 2, 28)),
            # b: a short marking in February counts from February on.
            mark("b", "step_up", D(2021, 2, 1), D(2021, 2, 5)),
            # c: began before the first program month and runs into it: counts from March.
            mark("c", "step_up", D(2021, 1, 10), D(2021, 3, 2)),
        ],
    )
    result = run(d)
    assert fig(result, "step_up", "2021-01") == (0, 1)
    assert fig(result, "step_up", "2021-02") == (1, 1)
    assert fig(result, "step_up", "2021-03") == (2, 3)
    assert fig(result, "step_up", "2021-06") == (2, 3)


def test_herkomst_and_herkomst3_folding() -> None:
    herkomster = ["indvandrer_vestlig", "efterkommer_vestlig", "efterkommer_ikke_vestlig", "dansk"]
    d = delivery(
        borgere=[borger(f"p{i}", herkomst=h) for i, h in enumerate(herkomster)],
        forloeb=[forloeb(f"p{i}", 1, D(2021, 1, 1)) for i in range(4)],
        aktiviteter=[aktivitet("p0", "loentilskud", D(2021, 1, 5), D(2021, 1, 6))],
    )
    result = run(d)
    assert fig(result, "virksomhedsrettet", "2021-01", "herkomst3", "vestlig") == (1, 2)
    assert fig(result, "virksomhedsrettet", "2021-01", "herkomst3", "ikke_vestlig") == (0, 1)
    assert fig(result, "virksomhedsrettet", "2021-01", "herkomst3", "dansk") == (0, 1)
    assert fig(result, "virksomhedsrettet", "2021-01", "herkomst", "indvandrer_vestlig") == (1, 1)
    assert fig(result, "virksomhedsrettet", "2021-01", "herkomst", "efterkommer_vestlig") == (0, 1)
    # An activity counts in every month it touched, not only whole months.
    assert fig(result, "virksomhedsrettet", "2021-02", "herkomst3", "vestlig") == (0, 2)
    # Løntilskud is not paid hours.
    assert fig(result, "loennede_timer", "2021-01") == (0, 4)


def test_age_band_on_last_day_of_month() -> None:
    d = delivery(
        borgere=[borger("a", born=D(2001, 3, 31)), borger("b", born=D(1956, 1, 1))],
        forloeb=[forloeb("a", 1, D(2021, 1, 1)), forloeb("b", 1, D(2021, 1, 1))],
    )
    result = run(d)
    assert fig(result, "jobformidler", "2021-02", "alder", "16-19") == (0, 1)
    assert fig(result, "jobformidler", "2021-02", "alder", "20-24") is None
    assert fig(result, "jobformidler", "2021-03", "alder", "16-19") is None
    assert fig(result, "jobformidler", "2021-03", "alder", "20-24") == (0, 1)
    assert fig(result, "jobformidler", "2021-01", "alder", "65+") == (0, 1)
    assert fig(result, "jobformidler", "2021-01", "alder", "60-64") is None


def test_status_efter_forloeb() -> None:
    course_end = D(2021, 1, 31)
    d = delivery(
        borgere=[borger(p) for p in "abcde"],
        ydelser=[ydelse(p, "ressourceforloeb", D(2020, 6, 1), course_end) for p in "abcd"]
        + [
            # a: state read on 2021-02-28 (no 31 February): a-dagpenge from the 20th.
            ydelse("a", "a_dagpenge", D(2021, 2, 20)),
            # b: kontanthjælp starts the day after the reading day: andet.
            ydelse("b", "kontanthjaelp", D(2021, 3, 1)),
            # c: wage work and a-dagpenge: the first rule wins.
            ydelse("c", "a_dagpenge", D(2021, 2, 1)),
            ydelse("c", "loenmodtagerbeskaeftigelse", D(2021, 2, 1)),
            # e: two courses ending in March: counted once, by the latest (read 2021-04-30).
            ydelse("e", "ressourceforloeb", D(2020, 1, 1), D(2021, 3, 2)),
            ydelse("e", "ressourceforloeb", D(2021, 3, 10), D(2021, 3, 30)),
            ydelse("e", "fleksjob", D(2021, 4, 30)),
        ],
        aktiviteter=[aktivitet("d", "uddannelse", D(2021, 2, 1), D(2021, 6, 30))],
    )
    result = run(d, RF)
    jan = result.filter(
        (pl.col("indicator") == "status_efter_forloeb") & (pl.col("month") == "2021-01")
    )
    assert jan.filter(pl.col("level") == "kommune").height == 9  # every state listed
    assert (jan["denominator"] == 4).all()
    counts = dict(
        jan.filter(pl.col("level") == "kommune").select("category", "numerator").iter_rows()
    )
    assert counts == {
        "loenmodtagerbeskaeftigelse": 1,
        "uddannelse": 1,
        "a_dagpenge": 1,
        "kontanthjaelp": 0,
        "fleksjob": 0,
        "ledighedsydelse": 0,
        "foertidspension": 0,
        "selvforsoergelse": 0,
        "andet": 1,
    }
    assert fig(result, "status_efter_forloeb", "2021-03", category="fleksjob") == (1, 1)
    assert fig(result, "status_efter_forloeb", "2021-02", category="andet") is None


def test_ressourceforloeb_target_group_and_group2() -> None:
    d = delivery(
        borgere=[borger("a"), borger("b")],
        ydelser=[
            ydelse("a", "ressourceforloeb", D(2021, 1, 15), D(2021, 2, 1)),
            ydelse("b", "ressourceforloeb", D(2021, 1, 1)),
        ],
        forloeb=[forloeb("b", 2, D(2021, 2, 1), D(2021, 2, 10), initiativ="ressourceforloeb")],
        markeringer=[mark("b", "jobformidler", D(2021, 3, 1))],
    )
    result = run(d, RF)
    assert fig(result, "jobformidler", "2021-01") == (0, 2)
    assert fig(result, "jobformidler", "2021-02") == (0, 2)
    assert fig(result, "jobformidler", "2021-03") == (1, 1)


def test_persons_outside_borgere_are_ignored_and_duplicates_count_once() -> None:
    d = delivery(
        borgere=[borger("a", kommune="101"), borger("a", kommune="147")],
        forloeb=[forloeb("a", 1, D(2021, 1, 1)), forloeb("x", 1, D(2021, 1, 1))],
    )
    result = run(d)
    assert fig(result, "jobformidler", "2021-01") == (0, 1)
    assert fig(result, "jobformidler", "2021-01", kommunekode="147") is None
    assert fig(result, "jobformidler", "2021-01", kommunekode=None) == (0, 1)


def random_delivery(n: int, seed: int) -> Delivery:
    rng = random.Random(seed)
    base = D(2020, 1, 1)

    def day(hi: int = 900) -> date:
        return base + timedelta(days=rng.randint(0, hi))

    rows: dict[str, list[dict[str, Any]]] = {
        t: [] for t in ("borgere", "forloeb", "markeringer", "ydelser", "aktiviteter")
    }
    for i in range(n):
        p = f"p{i}"
        born = D(1955, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
        rows["borgere"].append(
            borger(
                p, rng.choice(["101", "147", "151"]), born, rng.choice("MK"), rng.choice(HERKOMST5)
            )
        )
        start = day(400)
        for _ in range(rng.randint(0, 3)):
            end = start + timedelta(days=rng.randint(0, 300))
            aarsag = rng.choice([None, "gruppeskift", "fraflytning"])
            rows["forloeb"].append(forloeb(p, rng.choice([1, 2]), start, end, aarsag))
            start = end + timedelta(days=rng.randint(1, 60))
        for table, kind, codes in (
            ("markeringer", "markering", ["jobformidler", "step_up", "fritagelse"]),
            ("ydelser", "ydelse", ["kontanthjaelp", "integrationsydelse", "ressourceforloeb"]),
            ("aktiviteter", "aktivitet", ["loennede_timer", "uddannelse", "loentilskud"]),
        ):
            for _ in range(rng.randint(0, 3)):
                s = day()
                e = s + timedelta(days=rng.randint(0, 200)) if rng.random() < 0.8 else None
                rows[table].append(period(p, kind, rng.choice(codes), s, e))
    return delivery(**rows)


@pytest.mark.parametrize("initiative", [FSM2, RF], ids=lambda i: i.key)
def test_national_is_sum_of_kommuner(initiative: Initiative) -> None:
    result = run(random_delivery(300, seed=7), initiative, "2020-03", "2022-02")
    keys = ["month", "indicator", "breakdown", "category"]
    kommune = (
        result.filter(pl.col("level") == "kommune")
        .group_by(keys)
        .agg(pl.col("numerator").sum(), pl.col("denominator").sum())
    )
    national = result.filter(pl.col("level") == "national").select(
        *keys, "numerator", "denominator"
    )
    assert national.height > 100
    joined = national.join(kommune, on=keys, how="full", suffix="_k")
    assert (joined["numerator"] == joined["numerator_k"]).all()
    assert (joined["denominator"] == joined["denominator_k"]).all()


@pytest.mark.parametrize("initiative", [FSM2, RF], ids=lambda i: i.key)
def test_sql_names_every_indicator_and_fact(initiative: Initiative) -> None:
    sql = indicator_sql(initiative, D(2021, 1, 1), D(2021, 12, 1))
    assert sql.count(", '2021-") == 12  # one calendar row per month
    for ind in initiative.indicators:
        assert f"'{ind.key}'" in sql
        if ind.ratio is not None:
            assert f"num_{ind.key}" in sql
            for fact in ind.ratio.numerator.facts() + ind.ratio.denominator.facts():
                assert "f_" + fact.replace(":", "__") in sql
        for rule in ind.states:
            assert f"'{rule.state}'" in sql
    assert "None" not in sql
