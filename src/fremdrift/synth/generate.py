"""Synthetic deliveries: realistic citizens, courses and activities, deterministic for a seed.

Everything is drawn as whole numpy columns (no loop per person), so two million persons across
all 98 municipalities take seconds. Dates are days since 1970-01-01 until the frames are built;
`OPEN` marks an open end. Periods still running at the end of the span are left open, and nothing
starts after it, as in a real extract.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fremdrift.delivery.schema import Delivery
from fremdrift.errors import UserError
from fremdrift.reference.kommuner import is_kommunekode
from fremdrift.synth.calibration import (
    EXEMPT_SHARE_OF_GROUP1,
    GROUP1_SHARE,
    caseload,
    profile,
)

Days = npt.NDArray[np.int64]
OPEN: Final = np.iinfo(np.int64).max
EPOCH: Final = date(1970, 1, 1)

HERKOMST: Final = (
    ("dansk", 0.55),
    ("indvandrer_ikke_vestlig", 0.29),
    ("indvandrer_vestlig", 0.07),
    ("efterkommer_ikke_vestlig", 0.07),
    ("efterkommer_vestlig", 0.02),
)
FRITAGELSESGRUNDE: Final = (
    "sygdom",
    "barsel",
    "alvorlige_sociale_problemer",
    "misbrug",
    "forsorgsarbejde",
)
ACTIVITIES: Final = (
    ("virksomhedspraktik", 0.30, (10, 30)),
    ("loentilskud", 0.12, (30, 37)),
    ("loennede_timer", 0.32, (4, 14)),
    ("uddannelse", 0.10, (15, 37)),
    ("selvforsoerget_beskaeftigelse", 0.10, (20, 37)),
    ("andet", 0.06, (5, 20)),
)
STATE_AFTER_RF: Final = (
    ("fleksjob", 0.32),
    ("foertidspension", 0.15),
    ("kontanthjaelp", 0.18),
    ("loenmodtagerbeskaeftigelse", 0.10),
    ("uddannelseshjaelp", 0.05),
    ("sygedagpenge", 0.05),
    ("ledighedsydelse", 0.05),
    (None, 0.10),
)


def day_number(d: date) -> int:
    return (d - EPOCH).days


@dataclass
class _Rows:
    """Columns of one table being built, appended part by part."""

    columns: dict[str, list[npt.NDArray[np.generic]]]

    def add(self, **cols: npt.NDArray[np.generic]) -> None:
        for name, values in cols.items():
            self.columns.setdefault(name, []).append(values)


class _Span:
    def __init__(self, first: date, last: date):
        self.start = day_number(first)
        self.end = day_number(last.replace(day=calendar.monthrange(last.year, last.month)[1]))
        self.days = self.end - self.start + 1


def generate(
    *,
    kommuner: list[str],
    seed: int,
    persons: int | None = None,
    first: date = date(2019, 10, 1),
    last: date = date(2022, 12, 1),
    cpr: bool = False,
) -> Delivery:
    """A delivery for the municipalities, over the months first..last.

    person_id is a pseudonym, or with `cpr` a synthetic CPR number (the real birth date, a
    sequence number; never a real person's, as no checksum is made).
    """
    for k in kommuner:
        if not is_kommunekode(k):
            raise UserError(f"{k!r} er ikke en af de 98 kommunekoder")
    if last < first:
        raise UserError("perioden slutter før den begynder")
    span = _Span(first, last)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    profiles = [profile(k) for k in kommuner]
    stock = np.array([p.stock for p in profiles], dtype=np.float64)
    inflow = np.array([p.inflow * months for p in profiles], dtype=np.float64)
    rf = np.array([p.ressourceforloeb for p in profiles], dtype=np.float64)
    if persons is not None:
        if persons < len(kommuner):
            raise UserError("--persons skal være mindst én pr. kommune")
        scale = persons / (stock + inflow + rf).sum()
        stock, inflow, rf = stock * scale, inflow * scale, rf * scale
    rng = np.random.Generator(np.random.PCG64(seed))
    tables = {
        name: _Rows({}) for name in ("borgere", "forloeb", "markeringer", "ydelser", "aktiviteter")
    }
    performance = np.array([p.performance for p in profiles])
    counts = {
        "stock": np.maximum(np.rint(stock), 1).astype(np.int64),
        "inflow": np.rint(inflow).astype(np.int64),
        "rf": np.rint(rf).astype(np.int64),
    }
    ki = np.arange(len(kommuner))
    kommune_of = {
        "fsm2": np.concatenate([np.repeat(ki, counts["stock"]), np.repeat(ki, counts["inflow"])]),
        "rf": np.repeat(ki, counts["rf"]),
    }
    is_stock = np.concatenate(
        [np.ones(counts["stock"].sum(), bool), np.zeros(counts["inflow"].sum(), bool)]
    )
    next_id = _fsm2(rng, span, kommune_of["fsm2"], is_stock, performance, tables, start_id=0)
    _ressourceforloeb(rng, span, kommune_of["rf"], tables, start_id=next_id)
    codes = np.array(kommuner)
    return Delivery.from_frames(_frames(tables, codes, span, cpr=cpr))


def _people(
    rng: np.random.Generator, n: int, entry: Days, min_age: int, max_age: int
) -> dict[str, Days]:
    age_days = rng.integers(min_age * 365, max_age * 365, n)
    # Younger citizens are more common in the target group: fold the draw towards the minimum.
    age_days = np.minimum(age_days, rng.integers(min_age * 365, max_age * 365, n))
    return {
        "birth": entry - age_days,
        "koen": rng.integers(0, 2, n),
        "herkomst": rng.choice(len(HERKOMST), n, p=[p for _, p in HERKOMST]),
    }


def _fsm2(
    rng: np.random.Generator,
    span: _Span,
    kommune: npt.NDArray[np.int64],
    is_stock: npt.NDArray[np.bool_],
    performance: npt.NDArray[np.float64],
    t: dict[str, _Rows],
    start_id: int,
) -> int:
    n = len(kommune)
    pid = np.arange(start_id, start_id + n)
    # The stock entered before the span; the inflow arrives evenly over it.
    entry = np.where(
        is_stock, span.start - rng.integers(0, 400, n), span.start + rng.integers(0, span.days, n)
    )
    people = _people(rng, n, entry, 31, 66)
    t["borgere"].add(
        pid=pid,
        kommune=kommune,
        birth=people["birth"],
        **{k: people[k] for k in ("koen", "herkomst")},
    )
    group = np.where(rng.random(n) < GROUP1_SHARE, 1, 2)
    # Ends of membership: moving away, death, folkepension at 67; closed cases keep counting.
    pension_day = people["birth"] + 67 * 365 + 17
    leave = rng.random(n)
    leave_day = entry + rng.integers(60, 1400, n)
    end_reason = np.select([leave < 0.06, leave < 0.07], [1, 2], 0)  # 1 fraflytning, 2 doed
    end_day = np.where(end_reason > 0, leave_day, OPEN)
    pension = pension_day < np.minimum(end_day, span.end + 1)
    end_reason = np.where(pension, 3, end_reason)
    end_day = np.where(pension, pension_day, end_day)
    # A group change for some: group 1 to 2 (rehabilitation) more often than back.
    switch = rng.random(n) < np.where(group == 1, 0.08, 0.03)
    switch_day = entry + rng.integers(30, 500, n)
    switch &= switch_day < np.minimum(end_day, span.end)
    closed = rng.random(n) < 0.10  # case closed without an end reason: still in the group
    closed_day = entry + rng.integers(90, 700, n)
    first_end = np.where(
        switch, switch_day, np.where(closed & ~switch, np.minimum(closed_day, end_day), end_day)
    )
    first_reason = np.where(switch, 4, np.where(closed & (closed_day < end_day), 0, end_reason))
    _add_forloeb(t, pid, "fsm2", group, entry, first_end, first_reason, span)
    second = switch
    _add_forloeb(
        t,
        pid[second],
        "fsm2",
        3 - group[second],
        switch_day[second] + 1,
        end_day[second],
        end_reason[second],
        span,
    )
    final_group = np.where(switch, 3 - group, group)
    in_group1 = group == 1
    # Seed 004: about 200 of 450 in group 1 are exempt; some exemptions end, some are open.
    exempt = in_group1 & (rng.random(n) < EXEMPT_SHARE_OF_GROUP1)
    ex_start = entry + rng.integers(0, 60, n)
    ex_end = np.where(rng.random(n) < 0.6, OPEN, ex_start + rng.integers(180, 700, n))
    _add_marking(t, pid[exempt], "fritagelse", ex_start[exempt], ex_end[exempt], span, reason=rng)
    # A personal jobformidler for most of group 1 soon after the start clarification; the
    # municipalities that get citizens into work faster also cover more of group 1 (about 91 %
    # to 99 %), so some stay below STAR's requirement and some meet it, as in a real country.
    jf_share = np.minimum(0.81 + 0.17 * performance[kommune], 0.99)
    jf = in_group1 & (rng.random(n) < jf_share)
    jf_start = entry + rng.integers(7, 60, n)
    _add_marking(
        t,
        pid[jf],
        "jobformidler",
        jf_start[jf],
        np.minimum(end_day[jf], np.where(switch[jf], switch_day[jf], OPEN)),
        span,
    )
    rehab = (final_group == 2) & (rng.random(n) < 0.9)
    rehab_start = np.where(switch & (group == 1), switch_day + 1, entry + rng.integers(14, 45, n))
    _add_marking(t, pid[rehab], "rehabilitering", rehab_start[rehab], end_day[rehab], span)
    step_up = in_group1 & (rng.random(n) < 0.2)
    su_start = entry + rng.integers(-200, 400, n)
    _add_marking(
        t,
        pid[step_up],
        "step_up",
        su_start[step_up],
        su_start[step_up] + rng.integers(60, 270, step_up.sum()),
        span,
    )
    _benefits(rng, t, pid, entry, final_group, people["herkomst"], end_day, span)
    pace = performance[kommune] * np.where(exempt, 0.3, 1.0)
    _activities(
        rng,
        t,
        pid[in_group1],
        entry[in_group1],
        end_day[in_group1],
        pace[in_group1],
        span,
        rate=1.3,
    )
    return start_id + n


def _benefits(
    rng: np.random.Generator,
    t: dict[str, _Rows],
    pid: npt.NDArray[np.int64],
    entry: Days,
    group: npt.NDArray[np.int64],
    herkomst: npt.NDArray[np.int64],
    end_day: Days,
    span: _Span,
) -> None:
    n = len(pid)
    immigrant = np.isin(herkomst, [1, 2])
    benefit = np.where(immigrant & (rng.random(n) < 0.45), "integrationsydelse", "kontanthjaelp")
    start = entry - rng.integers(30, 1500, n)
    # Indicator 7: a share of group 2 moves to another benefit; some of group 1 to work.
    moves = rng.random(n) < np.where(group == 2, 0.35, 0.18)
    move_day = entry + rng.integers(60, 900, n)
    moves &= move_day < span.end
    t["ydelser"].add(
        pid=pid,
        ydelse=benefit,
        start=start,
        slut=np.where(moves, move_day, end_day),
        visitation=np.full(n, "aktivitetsparat"),
    )
    to_group2 = np.array(
        ["fleksjob", "ressourceforloeb", "foertidspension", "sygedagpenge", "ledighedsydelse"]
    )
    to_group1 = np.array(
        ["loenmodtagerbeskaeftigelse", "selvforsoergelse", "uddannelseshjaelp", "sygedagpenge"]
    )
    next_kind = np.where(group == 2, rng.choice(to_group2, n), rng.choice(to_group1, n))
    t["ydelser"].add(
        pid=pid[moves],
        ydelse=next_kind[moves],
        start=move_day[moves] + 1,
        slut=np.full(moves.sum(), OPEN),
        visitation=np.full(moves.sum(), None),
    )


def _activities(
    rng: np.random.Generator,
    t: dict[str, _Rows],
    pid: npt.NDArray[np.int64],
    entry: Days,
    end_day: Days,
    pace: npt.NDArray[np.float64],
    span: _Span,
    rate: float,
) -> None:
    """Company-directed activities over each citizen's time in the span, more of them later in
    the span (the effort gathers pace), scaled by the municipality's pace."""
    lo = np.maximum(entry, span.start - 90)
    hi = np.minimum(end_day, span.end)
    years = np.clip(hi - lo, 0, None) / 365
    count = rng.poisson(rate * pace * years)
    owner = np.repeat(np.arange(len(pid)), count)
    m = len(owner)
    # A start density that rises linearly through each citizen's time: sqrt of a uniform draw.
    start = lo[owner] + ((hi[owner] - lo[owner]) * np.sqrt(rng.random(m))).astype(np.int64)
    kinds = rng.choice(len(ACTIVITIES), m, p=[p for _, p, _ in ACTIVITIES])
    length = rng.integers(14, 200, m)
    end = np.minimum(start + length, end_day[owner])
    low = np.array([h[0] for _, _, h in ACTIVITIES])[kinds]
    high = np.array([h[1] for _, _, h in ACTIVITIES])[kinds]
    hours = low + rng.random(m) * (high - low)
    cvr = 10_000_000 + rng.integers(0, 80_000, m)
    keep = start <= hi[owner]
    names = np.array([a for a, _, _ in ACTIVITIES])[kinds]
    t["aktiviteter"].add(
        pid=pid[owner][keep],
        aktivitet=names[keep],
        start=start[keep],
        slut=end[keep],
        timer_pr_uge=np.round(hours[keep] * 2) / 2,
        # "andet" is no company activity: no CVR number.
        cvr=np.where(names[keep] == "andet", "", cvr[keep].astype(str)),
    )


def _ressourceforloeb(
    rng: np.random.Generator,
    span: _Span,
    kommune: npt.NDArray[np.int64],
    t: dict[str, _Rows],
    start_id: int,
) -> None:
    n = len(kommune)
    pid = np.arange(start_id, start_id + n)
    start = span.start + rng.integers(-700, span.days - 30, n)
    people = _people(rng, n, start, 26, 60)
    t["borgere"].add(
        pid=pid,
        kommune=kommune,
        birth=people["birth"],
        **{k: people[k] for k in ("koen", "herkomst")},
    )
    length = rng.integers(180, 1500, n)
    end = np.where(start + length <= span.end, start + length, OPEN)
    t["ydelser"].add(
        pid=pid,
        ydelse=np.full(n, "ressourceforloeb"),
        start=start,
        slut=end,
        visitation=np.full(n, None),
    )
    group = np.where(rng.random(n) < 0.93, 1, 2)
    _add_forloeb(t, pid, "ressourceforloeb", group, start, end, np.zeros(n, np.int64), span)
    ended = end != OPEN
    states = np.array([s or "" for s, _ in STATE_AFTER_RF])
    state = rng.choice(states, n, p=[p for _, p in STATE_AFTER_RF])
    after = ended & (state != "") & (end + 1 <= span.end)
    t["ydelser"].add(
        pid=pid[after],
        ydelse=state[after],
        start=end[after] + rng.integers(1, 20, after.sum()),
        slut=np.full(after.sum(), OPEN),
        visitation=np.full(after.sum(), None),
    )
    jf = rng.random(n) < 0.7
    _add_marking(
        t, pid[jf], "jobformidler", start[jf] + rng.integers(7, 90, jf.sum()), end[jf], span
    )
    _activities(rng, t, pid, start, end, np.ones(n), span, rate=1.2)


def _add_forloeb(
    t: dict[str, _Rows],
    pid: npt.NDArray[np.int64],
    initiativ: str,
    group: npt.NDArray[np.int64],
    start: Days,
    end: Days,
    reason: npt.NDArray[np.int64],
    span: _Span,
) -> None:
    keep = start <= span.end
    reasons = np.array(["", "fraflytning", "doed", "folkepension", "gruppeskift"])
    end = np.where(end > span.end, OPEN, end)
    t["forloeb"].add(
        pid=pid[keep],
        initiativ=np.full(keep.sum(), initiativ),
        gruppe=group[keep],
        start=start[keep],
        slut=end[keep],
        slutaarsag=np.where(end[keep] == OPEN, "", reasons[reason[keep]]),
    )


def _add_marking(
    t: dict[str, _Rows],
    pid: npt.NDArray[np.int64],
    kind: str,
    start: Days,
    end: Days,
    span: _Span,
    reason: np.random.Generator | None = None,
) -> None:
    end = np.maximum(end, start)
    keep = start <= span.end
    n = int(keep.sum())
    grounds = (
        reason.choice(np.array(FRITAGELSESGRUNDE), n) if reason is not None else np.full(n, "")
    )
    t["markeringer"].add(
        pid=pid[keep],
        markering=np.full(n, kind),
        start=start[keep],
        slut=np.where(end[keep] > span.end, OPEN, end[keep]),
        fritagelsesgrund=grounds,
    )


def _dates(days: npt.NDArray[np.int64]) -> pl.Series:
    as_dates = np.where(days == OPEN, np.datetime64("NaT"), days.astype("datetime64[D]"))
    return pl.Series(as_dates).cast(pl.Date)


def _frames(
    t: dict[str, _Rows], codes: npt.NDArray[np.str_], span: _Span, *, cpr: bool
) -> dict[str, pl.DataFrame]:
    b = t["borgere"].columns
    pid_all = np.concatenate(b["pid"])
    kommune_all = np.concatenate(b["kommune"])
    birth = _dates(np.concatenate(b["birth"]))
    person_ids = _cpr_numbers(birth) if cpr else _pseudonyms(codes[kommune_all], pid_all)
    names = np.array([h for h, _ in HERKOMST])
    borgere = pl.DataFrame(
        {
            "person_id": person_ids,
            "kommunekode": codes[kommune_all],
            "foedselsdato": birth,
            "koen": np.array(["M", "K"])[np.concatenate(b["koen"])],
            "herkomst": names[np.concatenate(b["herkomst"])],
        }
    )
    by_pid = np.empty(pid_all.max() + 1, dtype=np.int64)
    by_pid[pid_all] = np.arange(len(pid_all))

    def frame(part: _Rows) -> pl.DataFrame:
        data: dict[str, pl.Series | npt.NDArray[np.generic]] = {}
        for name, parts in part.columns.items():
            values = np.concatenate(parts)
            if name == "pid":
                data["person_id"] = person_ids.gather(by_pid[values])
            elif name in ("start", "slut"):
                data[name] = _dates(values)
            elif values.dtype.kind in "iuf":
                data[name] = values
            else:
                data[name] = pl.Series(values.astype(str)).replace({"": None, "None": None})
        return pl.DataFrame(data)

    forloeb = frame(t["forloeb"])
    markeringer, medarbejdere = _assign_jobformidlere(frame(t["markeringer"]), borgere)
    ydelser = frame(t["ydelser"])
    aktiviteter = frame(t["aktiviteter"])
    periods = {
        name: _within(frame, span)
        for name, frame in (
            ("forloeb", forloeb),
            ("markeringer", markeringer),
            ("ydelser", ydelser),
            ("aktiviteter", aktiviteter),
        )
    }
    return {"borgere": borgere, **periods, "medarbejdere": medarbejdere}


def _within(frame: pl.DataFrame, span: _Span) -> pl.DataFrame:
    """As an extract made at the end of the span: nothing starts later, later ends are open."""
    end = _dates(np.array([span.end]))[0]
    return frame.filter(pl.col("start") <= end).with_columns(
        slut=pl.when(pl.col("slut") > end).then(None).otherwise(pl.col("slut"))
    )


def _pseudonyms(kommune: npt.NDArray[np.str_], number: npt.NDArray[np.int64]) -> pl.Series:
    frame = pl.DataFrame({"kommune": kommune, "number": number})
    code = pl.format("p{}x{}", "kommune", pl.col("number").cast(pl.String).str.zfill(7))
    return frame.select(code.alias("person_id")).to_series()


def _cpr_numbers(birth: pl.Series) -> pl.Series:
    """ddmmyy and a four-digit sequence unique per birth date; the 7th digit 0-3 says 1900s."""
    frame = pl.DataFrame({"birth": birth}).with_columns(seq=pl.int_range(pl.len()).over("birth"))
    return (
        frame.select(
            pl.format(
                "{}{}",
                pl.col("birth").dt.strftime("%d%m%y"),
                pl.col("seq").cast(pl.String).str.zfill(4),
            )
        )
        .to_series()
        .alias("person_id")
    )


def _assign_jobformidlere(
    markeringer: pl.DataFrame, borgere: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Deal each municipality's jobformidler markings out to staff in turns, caseload-sized."""
    marked = (
        markeringer.with_row_index("row")
        .join(borgere.select("person_id", "kommunekode"), on="person_id", how="left")
        .filter(pl.col("markering") == "jobformidler")
    )
    # Enough staff for the caseload of the markings still open at the end of the span.
    per_kommune = marked.group_by("kommunekode").agg(pl.col("slut").is_null().sum().alias("open"))
    teams = ("Team Nord", "Team Syd", "Team Øst", "Team Vest")
    staff_rows: list[dict[str, str]] = []
    for kode, open_cases in per_kommune.sort("kommunekode").iter_rows():
        n_staff = max(1, int(np.ceil(open_cases / caseload(kode))))
        staff_rows.extend(
            {
                "medarbejder_id": f"jf{kode}-{j:03d}",
                "kommunekode": kode,
                "navn": f"Jobformidler {j + 1}",
                "team": teams[j % 4],
            }
            for j in range(n_staff)
        )
    medarbejdere = pl.DataFrame(
        staff_rows,
        schema={
            "medarbejder_id": pl.String,
            "kommunekode": pl.String,
            "navn": pl.String,
            "team": pl.String,
        },
    )
    sizes = medarbejdere.group_by("kommunekode").len().rename({"len": "n_staff"})
    assigned = (
        marked.join(sizes, on="kommunekode", how="left")
        .with_columns(
            medarbejder_id=pl.format(
                "jf{}-{}",
                pl.col("kommunekode"),
                (pl.int_range(pl.len()).over("kommunekode") % pl.col("n_staff"))
                .cast(pl.String)
                .str.zfill(3),
            )
        )
        .select("row", "medarbejder_id")
    )
    out = (
        markeringer.with_row_index("row")
        .join(assigned, on="row", how="left")
        .sort("row")
        .drop("row")
    )
    return out, medarbejdere
