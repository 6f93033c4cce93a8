"""The indicators as SQL, generated from the initiative definition and run in DuckDB.

This is the plain formulation of docs/indicators.md, the baseline the mask engine is measured
against: a calendar of months, every period table range-joined to it on the touch and cover
rules, one row per person and month with a boolean per fact, the populations from the program
periods ("once in, stays in" by window functions), and counts per cell of persons rolled up to
every breakdown on the kommune and national level.

Nothing here is written per indicator: the facts, conditions, exemption rule and breakdowns all
come from the `Initiative`. Each function returns one piece of SQL (mostly one CTE) so the query
can be read top to bottom with `indicator_sql(...)`.

Dialect: standard SQL where there is a standard (VALUES lists, window functions, GROUPING SETS,
GROUPING(), IS NOT DISTINCT FROM, EXTRACT, CAST(date + INTERVAL ...)). Not standard but shared
by DuckDB, PostgreSQL, Trino and Spark: `BOOL_OR`. DuckDB-specific: only the connection settings
in `compute_indicators_sql` (memory_limit, temp_directory, preserve_insertion_order) and the
Arrow registration of the input tables.
"""

# S608 flags every f-string that builds SQL. Here the only values spliced in are codes the
# definition validator checked against the schema's code lists, indicator keys checked to be
# plain identifiers, dates, and integers; text literals go through `_lit`, which escapes quotes.
# ruff: noqa: S608

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

import duckdb
import polars as pl

from fremdrift.delivery.schema import HERKOMST_TO_3, Delivery
from fremdrift.engine.counting import AGE_BANDS, BAND_START
from fremdrift.engine.definitions import POPULATIONS, Condition, Indicator, Initiative
from fremdrift.engine.facts import FRITAGET
from fremdrift.engine.months import format_month, last_day, month_index, month_range
from fremdrift.engine.output import OUTPUT_SCHEMA, finish

# Input tables and the columns the query reads.
_INPUT_COLUMNS: Final = {
    "borgere": ("person_id", "kommunekode", "foedselsdato", "koen", "herkomst"),
    "forloeb": ("person_id", "initiativ", "gruppe", "start", "slut", "slutaarsag"),
    "markeringer": ("person_id", "markering", "start", "slut"),
    "ydelser": ("person_id", "ydelse", "start", "slut"),
    "aktiviteter": ("person_id", "aktivitet", "start", "slut"),
}
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


# --- Small helpers -------------------------------------------------------------------------


def _lit(text: str) -> str:
    """A string literal."""
    return "'" + text.replace("'", "''") + "'"


def _date(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


def _in(column: str, values: Iterable[str]) -> str:
    return f"{column} IN ({', '.join(_lit(v) for v in sorted(set(values)))})"


def _col(fact: str) -> str:
    """Column name of a fact: `aktivitet:loentilskud` -> `f_aktivitet__loentilskud`."""
    return "f_" + fact.replace(":", "__")


def _month_no(expr: str) -> str:
    """Months since year 0 (consecutive months differ by one), as months.month_index."""
    return f"(EXTRACT(YEAR FROM {expr}) * 12 + EXTRACT(MONTH FROM {expr}) - 1)"


def _touches(alias: str, month: str = "m") -> str:
    """Period `alias` touches month `month`: start <= last day and (open or end >= first day)."""
    return (
        f"{alias}.start <= {month}.last_day"
        f" AND ({alias}.slut IS NULL OR {alias}.slut >= {month}.first_day)"
    )


def _covers(alias: str, day: str) -> str:
    """Period `alias` covers the day `day`."""
    return f"{alias}.start <= {day} AND ({alias}.slut IS NULL OR {alias}.slut >= {day})"


def _condition(cond: Condition) -> str:
    """`all`: every fact, `any`: at least one, `none`: none of them; an absent part is true."""
    parts = [_col(f) for f in cond.all]
    if cond.any:
        parts.append("(" + " OR ".join(_col(f) for f in cond.any) + ")")
    if cond.none:
        parts.append("NOT (" + " OR ".join(_col(f) for f in cond.none) + ")")
    return " AND ".join(parts) if parts else "TRUE"


def _all(*conditions: str) -> str:
    return " AND ".join(c for c in conditions if c != "TRUE") or "TRUE"


def _cte(name: str, body: str) -> str:
    return f"{name} AS (\n{body.strip()}\n)"


def _codes(facts: Iterable[str], *families: str) -> list[str]:
    return sorted({f.partition(":")[2] for f in facts if f.partition(":")[0] in families})


def _ratios(initiative: Initiative) -> list[Indicator]:
    ratios = [i for i in initiative.indicators if i.kind == "ratio"]
    for ind in ratios:
        if not _IDENT.match(ind.key):
            raise ValueError(f"indikatornøglen {ind.key!r} kan ikke bruges som SQL-navn")
    return ratios


def facts_used(initiative: Initiative) -> list[str]:
    """Every fact the initiative's ratio indicators read, plus populations and `fritaget`."""
    used = {FRITAGET, *POPULATIONS}
    for ind in _ratios(initiative):
        assert ind.ratio is not None
        used.update(ind.ratio.denominator.facts(), ind.ratio.numerator.facts())
    return sorted(used)


# --- Calendar and persons ------------------------------------------------------------------


def months_sql(first: date, last: date) -> str:
    """One row per month of the span: month_no, label (YYYY-MM), first_day, last_day."""
    rows = ",\n".join(
        f"  ({month_index(m)}, {_lit(format_month(m))}, {_date(m)}, {_date(last_day(m))})"
        for m in month_range(first, last)
    )
    return _cte(
        "months",
        f"SELECT * FROM (VALUES\n{rows}\n) AS t(month_no, label, first_day, last_day)",
    )


def persons_sql() -> str:
    """One row per person (the first delivered when borgere repeats a person_id)."""
    herkomst3 = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in HERKOMST_TO_3.items())
    return _cte(
        "persons",
        f"""
SELECT person_id, kommunekode, koen, herkomst,
       CASE herkomst {herkomst3} END AS herkomst3,
       {_month_no("foedselsdato")} AS birth_month
FROM (
  SELECT b.*, ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY row_no) AS nth
  FROM borgere b
) AS numbered
WHERE nth = 1""",
    )


# --- Membership ----------------------------------------------------------------------------


def program_sql(initiative: Initiative) -> str:
    """The initiative's program periods of known persons, `slut` replaced by the effective end.

    Once in, stays in (forloeb source): a period ends at its `slut` only for one of the
    initiative's ending reasons; otherwise it runs to the day before the person's next period
    starts, or stays open. A benefit-sourced target group takes the periods as delivered.
    """
    mg = initiative.maalgruppe
    if mg.source == "forloeb" and mg.ending_reasons:
        next_start = "LEAD(f.start) OVER (PARTITION BY f.person_id ORDER BY f.start)"
        effective = (
            f"CASE WHEN {_in('f.slutaarsag', mg.ending_reasons)} THEN f.slut"
            f"\n            ELSE CAST({next_start} - INTERVAL '1' DAY AS DATE) END"
        )
    elif mg.source == "forloeb":
        effective = (
            "CAST(LEAD(f.start) OVER (PARTITION BY f.person_id ORDER BY f.start)"
            " - INTERVAL '1' DAY AS DATE)"
        )
    else:
        effective = "f.slut"
    return _cte(
        "program",
        f"""
SELECT f.person_id, f.gruppe, f.start,
       {effective} AS slut
FROM forloeb f
WHERE f.initiativ = {_lit(initiative.key)}
  AND f.person_id IN (SELECT person_id FROM persons)""",
    )


def program_group_sql() -> str:
    """Group in M: of the periods touching M, the one with the latest start (periods of a person
    do not overlap, so it covers the latest program day of M). entry_start: its start."""
    return _cte(
        "program_group",
        f"""
SELECT person_id, month_no, gruppe, entry_start
FROM (
  SELECT p.person_id, m.month_no, p.gruppe, p.start AS entry_start,
         ROW_NUMBER() OVER (
           PARTITION BY p.person_id, m.month_no ORDER BY p.start DESC, p.gruppe DESC
         ) AS nth
  FROM program p
  JOIN months m ON {_touches("p")}
) AS ranked
WHERE nth = 1""",
    )


def membership_sql(initiative: Initiative) -> str:
    """One row per person and month in the target group, with the group (1 or 2)."""
    mg = initiative.maalgruppe
    if mg.source == "forloeb":
        body = "SELECT person_id, month_no, gruppe, entry_start FROM program_group"
    else:
        assert mg.ydelse is not None
        # In the target group while a benefit of the kind touches M; group 2 when the program
        # periods say so, group 1 otherwise. Entry benefits are not defined for this source.
        body = f"""
SELECT t.person_id, t.month_no,
       CASE WHEN g.gruppe = 2 THEN 2 ELSE 1 END AS gruppe,
       CAST(NULL AS DATE) AS entry_start
FROM (
  SELECT DISTINCT y.person_id, m.month_no
  FROM ydelser y
  JOIN months m ON {_touches("y")}
  WHERE y.ydelse = {_lit(mg.ydelse)}
    AND y.person_id IN (SELECT person_id FROM persons)
) AS t
LEFT JOIN program_group g ON g.person_id = t.person_id AND g.month_no = t.month_no"""
    return _cte("membership", body)


def first_month_sql(initiative: Initiative) -> str:
    """Each person's first program month (for markering_siden_start)."""
    mg = initiative.maalgruppe
    if mg.source == "forloeb":
        source = "SELECT person_id, start FROM program"
    else:
        assert mg.ydelse is not None
        source = f"SELECT person_id, start FROM ydelser WHERE ydelse = {_lit(mg.ydelse)}"
    return _cte(
        "first_month",
        f"SELECT person_id, MIN({_month_no('start')}) AS first_month\n"
        f"FROM ({source}) AS s\nGROUP BY person_id",
    )


# --- Facts per person and month ------------------------------------------------------------


@dataclass(frozen=True)
class FactSource:
    """Rows (person_id, month_no) from one table and the fact columns they give, each a boolean
    expression on the row; a fact holds in M when some row of the person and M gives true."""

    rows: str  # FROM ... [JOIN ...] [WHERE ...], with columns person_id and month_no
    person: str
    month: str
    facts: dict[str, str]  # fact column -> expression


def period_source(
    table: str, kind: str, touch: list[str], last_day_codes: list[str], prefix: str
) -> FactSource:
    """`{prefix}:K`: a period of kind K touches M; `{prefix}_sidste_dag:K` (`fritaget` for
    fritagelse): a period of kind K covers the last day of M. The join gives the months touched."""
    facts = {_col(f"{prefix}:{c}"): f"p.{kind} = {_lit(c)}" for c in touch}
    for c in last_day_codes:
        fact = FRITAGET if c == "fritagelse" else f"{prefix}_sidste_dag:{c}"
        facts[_col(fact)] = f"p.{kind} = {_lit(c)} AND (p.slut IS NULL OR p.slut >= m.last_day)"
    rows = (
        f"FROM {table} p\nJOIN months m ON {_touches('p')}\n"
        f"WHERE {_in(f'p.{kind}', touch + last_day_codes)}"
    )
    return FactSource(rows, "p.person_id", "m.month_no", facts)


def since_start_source(codes: list[str]) -> FactSource:
    """markering_siden_start:K in M: a marking of kind K touches some month from the person's
    first program month up to and including M."""
    rows = f"""FROM markeringer k
JOIN first_month f ON f.person_id = k.person_id
JOIN months m ON k.start <= m.last_day AND f.first_month <= m.month_no
WHERE {_in("k.markering", codes)}
  AND (k.slut IS NULL OR {_month_no("k.slut")} >= f.first_month)"""
    facts = {_col(f"markering_siden_start:{c}"): f"k.markering = {_lit(c)}" for c in codes}
    return FactSource(rows, "k.person_id", "m.month_no", facts)


def entry_source(codes: list[str]) -> FactSource:
    """ydelse_ved_indgang:K in M: a benefit of kind K covers the start day of the program period
    that gives the group in M."""
    rows = f"""FROM membership g
JOIN ydelser y ON y.person_id = g.person_id AND {_covers("y", "g.entry_start")}
WHERE {_in("y.ydelse", codes)}"""
    facts = {_col(f"ydelse_ved_indgang:{c}"): f"y.ydelse = {_lit(c)}" for c in codes}
    return FactSource(rows, "g.person_id", "g.month_no", facts)


def fact_sources(initiative: Initiative) -> list[FactSource]:
    """Every source of the facts the initiative's indicators use (markings always: fritaget)."""
    used = facts_used(initiative)
    sources = [
        period_source(
            "markeringer", "markering", _codes(used, "markering"), ["fritagelse"], "markering"
        )
    ]
    if touch := _codes(used, "aktivitet"):
        sources.append(period_source("aktiviteter", "aktivitet", touch, [], "aktivitet"))
    touch, last = _codes(used, "ydelse"), _codes(used, "ydelse_sidste_dag")
    if touch or last:
        sources.append(period_source("ydelser", "ydelse", touch, last, "ydelse"))
    if codes := _codes(used, "markering_siden_start"):
        sources.append(since_start_source(codes))
    # Entry benefits are defined for program-period membership only (never true otherwise).
    if (codes := _codes(used, "ydelse_ved_indgang")) and initiative.maalgruppe.source == "forloeb":
        sources.append(entry_source(codes))
    return sources


def person_facts_sql(sources: list[FactSource]) -> str:
    """One row per person and month in the target group: the group and every fact (null when no
    row gave it). The sources' rows are stacked and aggregated once (rather than left-joined one
    by one), which keeps to one spillable aggregation however many facts there are."""
    columns = [c for s in sources for c in s.facts]

    def branch(person: str, month: str, gruppe: str, facts: dict[str, str], rows: str) -> str:
        values = [f"{facts.get(c, 'CAST(NULL AS BOOLEAN)')} AS {c}" for c in columns]
        return (
            f"SELECT {person} AS person_id, {month} AS month_no, {gruppe} AS gruppe,\n       "
            + ",\n       ".join(values)
            + f"\n{rows}"
        )

    branches = [branch("g.person_id", "g.month_no", "g.gruppe", {}, "FROM membership g")]
    for s in sources:
        branches.append(branch(s.person, s.month, "CAST(NULL AS INTEGER)", s.facts, s.rows))
    union = "\nUNION ALL\n".join(branches)
    aggregates = ",\n       ".join(f"BOOL_OR({c}) AS {c}" for c in columns)
    return _cte(
        "person_facts",
        f"""
SELECT person_id, month_no, MAX(gruppe) AS gruppe,
       {aggregates}
FROM (
{union}
) AS r
GROUP BY person_id, month_no
HAVING MAX(gruppe) IS NOT NULL""",
    )


def person_months_sql(initiative: Initiative, sources: list[FactSource]) -> str:
    """person_facts with the person's attributes and every fact the definition names as a
    boolean column (false where nothing gave it)."""
    given = {c for s in sources for c in s.facts}
    columns = [
        "g.gruppe = 1 AS f_gruppe1",
        "g.gruppe = 2 AS f_gruppe2",
        "TRUE AS f_maalgruppe",
    ]
    for fact in facts_used(initiative):
        c = _col(fact)
        if fact not in POPULATIONS:
            columns.append(f"COALESCE(g.{c}, FALSE) AS {c}" if c in given else f"FALSE AS {c}")
    select = ",\n       ".join(columns)
    return _cte(
        "person_months",
        f"""
SELECT g.person_id, g.month_no, p.kommunekode, p.herkomst, p.herkomst3, p.koen,
       {age_band_sql("g.month_no - p.birth_month")} AS alder,
       {select}
FROM person_facts g
JOIN persons p ON p.person_id = g.person_id""",
    )


def age_band_sql(months_old: str) -> str:
    """Age band on the last day of M from whole months between the birth month and M."""
    whens = " ".join(
        f"WHEN {months_old} < {12 * start} THEN {_lit(band)}"
        for start, band in zip(BAND_START[1:], AGE_BANDS[:-1], strict=True)
    )
    return f"CASE {whens} ELSE {_lit(AGE_BANDS[-1])} END"


# --- Counting ------------------------------------------------------------------------------

_DIMENSIONS: Final = ("month_no", "kommunekode", "herkomst", "herkomst3", "koen", "alder")
_CATEGORY: Final = {
    "total": "'i_alt'",
    "herkomst": "herkomst",
    "herkomst3": "herkomst3",
    "koen": "koen",
    "alder": "alder",
    "fritaget": "CASE WHEN f_fritaget THEN 'fritaget' ELSE 'ikke_fritaget' END",
}


def cells_sql(ratios: list[Indicator]) -> str:
    """Counts per cell of persons (month, kommune, herkomst, køn, age band, exempt or not), before
    the exemption rule. person_months holds one row per person and month, so a sum of flags is a
    count of distinct persons."""
    columns = []
    for ind in ratios:
        assert ind.ratio is not None
        den = _all(f"f_{ind.ratio.population}", _condition(ind.ratio.denominator))
        num = _all(den, _condition(ind.ratio.numerator))
        columns.append(f"SUM(CASE WHEN {den} THEN 1 ELSE 0 END) AS den_{ind.key}")
        columns.append(f"SUM(CASE WHEN {num} THEN 1 ELSE 0 END) AS num_{ind.key}")
    dims = ", ".join((*_DIMENSIONS, "f_fritaget"))
    select = ",\n       ".join(columns)
    return _cte(
        "cells",
        f"SELECT {dims},\n       {select}\nFROM person_months\nGROUP BY {dims}",
    )


def breakdown_rows_sql(ratios: list[Indicator]) -> str:
    """The cells once per breakdown in use, with the cell's category in that breakdown."""
    used = [b for b in _CATEGORY if any(b in ind.breakdowns for ind in ratios)]
    counts = ", ".join(f"{p}_{ind.key}" for ind in ratios for p in ("den", "num"))
    selects = [
        f"SELECT month_no, kommunekode, f_fritaget, {_lit(b)} AS breakdown,"
        f" {_CATEGORY[b]} AS category, {counts}\nFROM cells"
        for b in used
    ]
    return _cte("breakdown_rows", "\nUNION ALL\n".join(selects))


def counts_sql(initiative: Initiative, ratios: list[Indicator]) -> str:
    """Sums per breakdown category on the kommune and national level. Where the exemption rule
    applies, exempt persons are left out, except in the `fritaget` breakdown, which shows them."""
    columns = []
    for ind in ratios:
        assert ind.ratio is not None
        for part in ("den", "num"):
            value = f"{part}_{ind.key}"
            if initiative.excludes_exempt(ind.ratio):
                value = f"CASE WHEN f_fritaget AND breakdown <> 'fritaget' THEN 0 ELSE {value} END"
            columns.append(f"SUM({value}) AS {part}_{ind.key}")
    select = ",\n       ".join(columns)
    return _cte(
        "counts",
        f"""
SELECT month_no,
       CASE WHEN GROUPING(kommunekode) = 1 THEN 'national' ELSE 'kommune' END AS level,
       kommunekode, breakdown, category,
       {select}
FROM breakdown_rows
GROUP BY GROUPING SETS (
  (month_no, kommunekode, breakdown, category),
  (month_no, breakdown, category)
)""",
    )


def ratio_rows_sql(ratios: list[Indicator]) -> str:
    """One row per indicator and each of its breakdowns' categories."""
    wanted = ",\n  ".join(f"({_lit(ind.key)}, {_lit(b)})" for ind in ratios for b in ind.breakdowns)

    def pick(part: str) -> str:
        whens = " ".join(f"WHEN {_lit(i.key)} THEN c.{part}_{i.key}" for i in ratios)
        return f"CASE w.indicator {whens} END"

    return _cte(
        "ratio_rows",
        f"""
SELECT w.indicator, c.month_no, c.level, c.kommunekode, c.breakdown, c.category,
       {pick("num")} AS numerator,
       {pick("den")} AS denominator
FROM counts c
JOIN (VALUES
  {wanted}
) AS w(indicator, breakdown) ON w.breakdown = c.breakdown""",
    )


# --- Status after a course -----------------------------------------------------------------

_STATE_TABLES: Final = {"ydelse": ("ydelser", "ydelse"), "aktivitet": ("aktiviteter", "aktivitet")}


def status_sql(ind: Indicator, n: int) -> list[str]:
    """CTEs status{n}_* ending in `status{n}_rows` (same columns as ratio_rows).

    A course is a benefit period of kind `course` ending in M; a person with several counts once,
    by the latest. The state is read `offset_months` after its end (clamped to month end) by the
    first rule with a fact covering that day; the last rule is the catch-all.
    """
    assert ind.course is not None
    p = f"status{n}"
    courses = _cte(
        f"{p}_courses",
        f"""
SELECT person_id, month_no,
       CAST(MAX(slut) + INTERVAL '{ind.offset_months}' MONTH AS DATE) AS day
FROM (
  SELECT y.person_id, m.month_no, y.slut
  FROM ydelser y
  JOIN months m ON y.slut >= m.first_day AND y.slut <= m.last_day
  WHERE y.ydelse = {_lit(ind.course)}
    AND y.person_id IN (SELECT person_id FROM persons)
) AS ended
GROUP BY person_id, month_no""",
    )
    hits = []
    for family, (table, kind) in _STATE_TABLES.items():
        rules = [
            (no, code)
            for no, rule in enumerate(ind.states)
            for fact in rule.when
            for fam, _, code in [fact.partition(":")]
            if fam == family
        ]
        if not rules:
            continue
        whens = " ".join(f"WHEN t.{kind} = {_lit(code)} THEN {no}" for no, code in rules)
        hits.append(
            f"SELECT c.person_id, c.month_no, CASE {whens} END AS rule_no\n"
            f"FROM {p}_courses c\n"
            f"JOIN {table} t ON t.person_id = c.person_id AND {_covers('t', 'c.day')}\n"
            f"WHERE {_in(f't.{kind}', (code for _, code in rules))}"
        )
    catch_all = len(ind.states) - 1
    hits.append(f"SELECT person_id, month_no, {catch_all} AS rule_no FROM {p}_courses")
    union = "\nUNION ALL\n".join(hits)
    state = _cte(
        f"{p}_state",
        f"""
SELECT h.person_id, h.month_no, s.kommunekode, MIN(h.rule_no) AS rule_no
FROM (
{union}
) AS h
JOIN persons s ON s.person_id = h.person_id
GROUP BY h.person_id, h.month_no, s.kommunekode""",
    )
    states = ",\n  ".join(f"({no}, {_lit(s.state)})" for no, s in enumerate(ind.states))
    level = "CASE WHEN GROUPING(kommunekode) = 1 THEN 'national' ELSE 'kommune' END"
    sets = "GROUPING SETS ((month_no, kommunekode{x}), (month_no{x}))"
    totals = _cte(
        f"{p}_totals",
        f"SELECT month_no, {level} AS level, kommunekode, COUNT(*) AS denominator\n"
        f"FROM {p}_state\nGROUP BY {sets.format(x='')}",
    )
    per_state = _cte(
        f"{p}_per_state",
        f"SELECT month_no, {level} AS level, kommunekode, rule_no, COUNT(*) AS numerator\n"
        f"FROM {p}_state\nGROUP BY {sets.format(x=', rule_no')}",
    )
    # Every state is listed wherever a course ended, with 0 for states no one reached.
    rows = _cte(
        f"{p}_rows",
        f"""
SELECT {_lit(ind.key)} AS indicator, t.month_no, t.level, t.kommunekode,
       'total' AS breakdown, st.state AS category,
       COALESCE(n.numerator, 0) AS numerator, t.denominator
FROM {p}_totals t
CROSS JOIN (VALUES
  {states}
) AS st(rule_no, state)
LEFT JOIN {p}_per_state n
  ON n.month_no = t.month_no AND n.level = t.level AND n.rule_no = st.rule_no
 AND n.kommunekode IS NOT DISTINCT FROM t.kommunekode""",
    )
    return [courses, state, totals, per_state, rows]


# --- The whole query -----------------------------------------------------------------------


def indicator_sql(initiative: Initiative, first: date, last: date) -> str:
    """The whole query: the initiative's indicators for the months first..last, in the columns
    of the output contract (before `output.finish`). Input tables: borgere (with a `row_no`
    giving delivery order), forloeb, markeringer, ydelser, aktiviteter."""
    ratios = _ratios(initiative)
    ctes = [months_sql(first, last), persons_sql()]
    parts: list[str] = []
    if ratios:
        sources = fact_sources(initiative)
        ctes += [
            program_sql(initiative),
            program_group_sql(),
            membership_sql(initiative),
            first_month_sql(initiative),
            person_facts_sql(sources),
            person_months_sql(initiative, sources),
            cells_sql(ratios),
            breakdown_rows_sql(ratios),
            counts_sql(initiative, ratios),
            ratio_rows_sql(ratios),
        ]
        parts.append("SELECT * FROM ratio_rows")
    for n, ind in enumerate(initiative.indicators):
        if ind.kind == "status_efter_forloeb":
            ctes += status_sql(ind, n)
            parts.append(f"SELECT * FROM status{n}_rows")
    if not parts:
        parts.append(
            "SELECT CAST(NULL AS VARCHAR) AS indicator, 0 AS month_no, 'kommune' AS level,"
            " CAST(NULL AS VARCHAR) AS kommunekode, 'total' AS breakdown,"
            " 'i_alt' AS category, 0 AS numerator, 0 AS denominator WHERE FALSE"
        )
    union = "\nUNION ALL\n".join(parts)
    return (
        "WITH\n"
        + ",\n".join(ctes)
        + f""",
all_rows AS (
{union}
)
SELECT {_lit(initiative.key)} AS initiative, m.label AS month, r.level, r.kommunekode,
       r.breakdown, r.category, r.indicator,
       CAST(r.numerator AS BIGINT) AS numerator, CAST(r.denominator AS BIGINT) AS denominator
FROM all_rows r
JOIN months m ON m.month_no = r.month_no
WHERE r.denominator > 0
"""
    )


def compute_indicators_sql(
    delivery: Delivery,
    initiative: Initiative,
    first: date,
    last: date,
    *,
    memory_limit: str = "8GB",
    temp_directory: str | None = None,
    threads: int | None = None,
) -> pl.DataFrame:
    """The initiative's indicators for the months first..last, computed by `indicator_sql` in
    DuckDB; the same long-form result as `compute.compute_indicators`."""
    query = indicator_sql(initiative, first, last)
    with tempfile.TemporaryDirectory(prefix="fremdrift-duckdb-") as scratch:
        con = duckdb.connect(":memory:")
        try:
            # DuckDB settings: bounded memory, spilling to disk beyond it.
            con.execute(f"SET memory_limit = {_lit(memory_limit)}")
            con.execute(f"SET temp_directory = {_lit(temp_directory or scratch)}")
            con.execute("SET preserve_insertion_order = false")
            if threads is not None:
                con.execute(f"SET threads = {int(threads)}")
            for name, columns in _INPUT_COLUMNS.items():
                frame = delivery[name].select(columns)
                if name == "borgere":
                    frame = frame.with_row_index("row_no")
                con.register(name, frame.to_arrow())
            result = con.sql(query).pl()
        finally:
            con.close()
    if result.height == 0:
        result = pl.DataFrame(schema=OUTPUT_SCHEMA)
    return finish(result)
