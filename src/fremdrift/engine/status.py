"""status_efter_forloeb: the state one or more months after a course (a benefit period) ended."""

from __future__ import annotations

from datetime import date

import polars as pl

from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import Indicator
from fremdrift.engine.masks import month_index
from fremdrift.engine.months import month_index as month_number

_FAMILY_TABLE = {"ydelse": ("ydelser", "ydelse"), "aktivitet": ("aktiviteter", "aktivitet")}


def status_counts(
    delivery: Delivery, indicator: Indicator, first: date, last: date
) -> pl.DataFrame:
    """Rows kommunekode, month (month index), category, numerator, denominator, for every state
    of every month in which at least one course ended."""
    assert indicator.course is not None
    courses = (
        delivery["ydelser"]
        .filter(
            (pl.col("ydelse") == indicator.course)
            & pl.col("slut").is_not_null()
            & month_index("slut").is_between(month_number(first), month_number(last))
        )
        .with_columns(month_index("slut").alias("month"))
        # A person with several courses ending in one month counts once, by the latest.
        .group_by("person_id", "month")
        .agg(pl.col("slut").max())
        .with_columns(pl.col("slut").dt.offset_by(f"{indicator.offset_months}mo").alias("day"))
        .join(delivery["borgere"].select("person_id", "kommunekode"), on="person_id", how="inner")
        .with_row_index("course")
    )
    rule_of_course = pl.DataFrame(schema={"course": pl.UInt32, "rule": pl.Int64})
    for rule_no, rule in enumerate(indicator.states):
        for fact in rule.when:
            family, _, code = fact.partition(":")
            table, column = _FAMILY_TABLE[family]
            hits = (
                courses.select("course", "person_id", "day")
                .join(delivery[table].filter(pl.col(column) == code), on="person_id", how="inner")
                .filter(
                    (pl.col("start") <= pl.col("day"))
                    & (pl.col("slut").is_null() | (pl.col("slut") >= pl.col("day")))
                )
                .select("course", pl.lit(rule_no, dtype=pl.Int64).alias("rule"))
            )
            rule_of_course = pl.concat([rule_of_course, hits])
    catch_all = len(indicator.states) - 1
    states = pl.DataFrame(
        {"rule": range(len(indicator.states)), "category": [s.state for s in indicator.states]},
        schema={"rule": pl.Int64, "category": pl.String},
    )
    state = (
        courses.join(
            rule_of_course.group_by("course").agg(pl.col("rule").min()), on="course", how="left"
        )
        .with_columns(pl.col("rule").fill_null(catch_all))
        .join(states, on="rule", how="left")
    )
    per_state = state.group_by("kommunekode", "month", "category").agg(pl.len().alias("numerator"))
    totals = state.group_by("kommunekode", "month").agg(pl.len().alias("denominator"))
    # Every state is listed for every month with courses, with 0 where no one ended in it.
    return (
        totals.join(states.select("category"), how="cross")
        .join(per_state, on=["kommunekode", "month", "category"], how="left")
        .with_columns(pl.col("numerator").fill_null(0))
    )
