"""Benchmark of the web pages: `make bench-pages` (or `python -m bench.pages`).

Builds a realistic municipality in the database of DATABASE_URL (PostgreSQL; `make bench-pages`
starts a throwaway server): about 5,000 generated citizens of København (101) imported as a
delivery, 150 staff with the jobformidler markings spread over them, and the synthetic case work
of `create_demo_casework`. Then it requests each page with Django's test client, logged in as a
jobformidler holding 30 citizens, a teamleder of that jobformidler's team and a projektleder:
after a warm-up, N timed requests (p50 and p95 in ms), and the SQL queries of a request. The
N+1 check requests each page as a jobformidler holding 10 and one holding 40 citizens: the
query count should be the same. A page is one entry in PAGES; one whose URL name does not
resolve in this build is skipped with a note. Results go to bench/results/pages-*.json.

The database is written to: the script refuses one holding citizens of another municipality.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import report

if TYPE_CHECKING:
    from fremdrift.organisation.models import User

HERE = Path(__file__).resolve().parent
KOMMUNE = "101"
PERSONS = 5000
STAFF = 150
SEED = 2019
TARGET_P95_MS = 150.0
# Caseloads of the logins: the one measured, and the two of the N+1 check.
CASELOAD, SMALL, LARGE = 30, 10, 40
EXTRA_TEAMS = tuple(f"Team {n}" for n in range(5, 13))


@dataclass(frozen=True)
class Login:
    role: str  # as printed: jobformidler, teamleder, projektleder, jobformidler-10, ...
    user: User
    borger_id: int  # a citizen this login may open: for a jobformidler one they hold


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str
    args: Callable[[Login], tuple[Any, ...]] = field(default=lambda login: ())


PAGES: tuple[Page, ...] = (
    Page("borgere:list", "Borgerliste"),
    Page("borgere:detail", "Borgerside", lambda login: (login.borger_id,)),
    Page("indsats:sagsstamme", "Sagsstamme"),
    Page("borgere:visitation", "Visitation"),
    Page("virksomheder:list", "Virksomheder"),
)


def _configure(use_sqlite: bool) -> None:
    """Point Django at the benchmark's database, or stop with one line saying why not."""
    url = os.environ.get("DATABASE_URL", "")
    on_sqlite = not url or url.startswith("sqlite")
    if on_sqlite and not use_sqlite:
        sys.exit(
            "bench.pages: DATABASE_URL is not PostgreSQL "
            f"({'unset: the SQLite default' if not url else url.split(':', 1)[0]}); the "
            "benchmark measures the production database: run `make bench-pages` (a throwaway "
            "PostgreSQL), or give --sqlite to measure SQLite anyway"
        )
    if not url:
        # Never the demo database under var/: a fresh file of its own.
        folder = Path(tempfile.mkdtemp(prefix="fremdrift-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ.setdefault("FREMDRIFT_VAR_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # lets the test client's host in


def _step(what: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    print(f"  {what} ...", end="", flush=True)
    result = work()
    print(f" {time.perf_counter() - start:.1f} s", flush=True)
    return result


# --- The municipality ----------------------------------------------------------------------------


def build(persons: int, staff: int, seed: int) -> dict[str, Any]:
    from django.core.management import call_command

    from fremdrift.borgere.models import Borger

    _step("migrate", lambda: call_command("migrate", interactive=False, verbosity=0))
    if Borger.objects.exclude(kommune_id=KOMMUNE).exists():
        sys.exit(
            "bench.pages: the database holds citizens of other municipalities: it looks like a "
            "real one, and the benchmark writes to it; use a throwaway (make bench-pages)"
        )
    _step(f"generate and import {persons:,} persons in {KOMMUNE}", lambda: _import(persons, seed))
    _step(f"{staff} staff, jobformidler markings spread", lambda: _staff(staff))
    casework = _step("create_demo_casework", lambda: _casework(seed))
    return _workload(casework)


def _import(persons: int, seed: int) -> None:
    from fremdrift.delivery.io import write_delivery
    from fremdrift.leveringer.services import import_delivery
    from fremdrift.synth.generate import generate

    with tempfile.TemporaryDirectory(prefix="fremdrift-bench-") as folder:
        path = Path(folder) / "levering"
        delivery = generate(kommuner=[KOMMUNE], persons=persons, seed=seed, cpr=True)
        write_delivery(delivery, path, fmt="parquet")
        import_delivery(path=path, kommune=KOMMUNE)


def _staff(wanted: int) -> None:
    """Staff up to `wanted`, and the open jobformidler markings dealt out: 30, 10 and 40 to the
    first three (in medarbejder_id order), the rest in turns to the others."""
    from django.db.models import Exists, OuterRef

    from fremdrift.borgere.models import Forloeb, Markering
    from fremdrift.organisation.models import Medarbejder, Team

    have = Medarbejder.objects.filter(kommune_id=KOMMUNE).count()
    teams = [Team.objects.get_or_create(kommune_id=KOMMUNE, navn=n)[0] for n in EXTRA_TEAMS]
    Medarbejder.objects.bulk_create(
        Medarbejder(
            kommune_id=KOMMUNE,
            medarbejder_id=f"bench-{n:03d}",
            navn=f"Jobformidler B{n}",
            team=teams[n % len(teams)],
        )
        for n in range(have, wanted)
    )
    people = list(
        Medarbejder.objects.filter(kommune_id=KOMMUNE)
        .order_by("medarbejder_id")
        .values_list("pk", flat=True)
    )
    in_course = Forloeb.objects.filter(borger=OuterRef("borger"), slut__isnull=True)
    markings = list(
        Markering.objects.filter(
            borger__kommune_id=KOMMUNE, markering="jobformidler", slut__isnull=True
        )
        .annotate(in_course=Exists(in_course))
        .order_by("-in_course", "borger__person_id")
    )
    fixed = [people[0]] * CASELOAD + [people[1]] * SMALL + [people[2]] * LARGE
    rest = people[3:]
    for i, marking in enumerate(markings):
        k = i - len(fixed)
        marking.medarbejder_id = fixed[i] if k < 0 else rest[k % len(rest)]
    Markering.objects.bulk_update(markings, ["medarbejder"], batch_size=1000)


def _casework(seed: int) -> dict[str, Any]:
    from fremdrift.indsats.demo_data import create_demo_casework

    result = create_demo_casework(kommuner=[KOMMUNE], seed=seed)
    return {"today": str(result.today), "borgere": result.borgere, **result.rows}


def _workload(casework: dict[str, Any]) -> dict[str, Any]:
    from fremdrift.borgere.models import Borger, Forloeb
    from fremdrift.organisation.models import Medarbejder
    from fremdrift.virksomheder.models import Aftale, Virksomhed

    return {
        "kommune": KOMMUNE,
        "borgere": Borger.objects.filter(kommune_id=KOMMUNE).count(),
        "open_forloeb": Forloeb.objects.filter(
            borger__kommune_id=KOMMUNE, slut__isnull=True
        ).count(),
        "medarbejdere": Medarbejder.objects.filter(kommune_id=KOMMUNE).count(),
        "aftaler": Aftale.objects.filter(borger__kommune_id=KOMMUNE).count(),
        "virksomheder": Virksomhed.objects.filter(kommune_id=KOMMUNE).count(),
        "casework": casework,
    }


def logins() -> dict[str, Login]:
    """The measured logins, made or refreshed; each with the citizen it opens on the Borgerside:
    for a jobformidler the held citizen with the most agreements, then contacts (a full case
    file, and one of the same shape for each jobformidler, so the N+1 check compares like with
    like: a section that is only read when there are rows adds a query, not a row's worth)."""
    from django.db.models import Count

    from fremdrift.borgere.models import Borger
    from fremdrift.organisation.models import Medarbejder, Role, User

    people = list(Medarbejder.objects.filter(kommune_id=KOMMUNE).order_by("medarbejder_id"))
    main, small, large = people[:3]
    leader = next(m for m in people[3:] if m.team_id == main.team_id)

    def user(name: str, role: Role, medarbejder: Medarbejder | None) -> User:
        u, _ = User.objects.update_or_create(
            username=f"bench-{name}",
            defaults={"role": role, "kommune_id": KOMMUNE, "medarbejder": medarbejder},
        )
        return u

    def fullest(medarbejder: Medarbejder) -> int:
        held = Borger.objects.filter(
            markeringer__markering="jobformidler",
            markeringer__slut__isnull=True,
            markeringer__medarbejder=medarbejder,
        )
        top = (
            held.annotate(
                n_aftaler=Count("aftaler", distinct=True),
                n_kontakter=Count("kontakter", distinct=True),
            )
            .order_by("-n_aftaler", "-n_kontakter", "pk")
            .first()
        )
        assert top is not None, "the jobformidler holds no citizen"
        return top.pk

    case = fullest(main)
    return {
        "jobformidler": Login("jobformidler", user("jf", Role.JOBFORMIDLER, main), case),
        "teamleder": Login("teamleder", user("teamleder", Role.TEAMLEDER, leader), case),
        "projektleder": Login("projektleder", user("projektleder", Role.PROJEKTLEDER, None), case),
        f"jobformidler-{SMALL}": Login(
            f"jobformidler-{SMALL}",
            user(f"jf{SMALL}", Role.JOBFORMIDLER, small),
            fullest(small),
        ),
        f"jobformidler-{LARGE}": Login(
            f"jobformidler-{LARGE}",
            user(f"jf{LARGE}", Role.JOBFORMIDLER, large),
            fullest(large),
        ),
    }


# --- Measuring -----------------------------------------------------------------------------------


def _resolves(page: Page, login: Login) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(page.url_name, args=page.args(login))
    except NoReverseMatch:
        return None


def _client(login: Login) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(login.user)
    return client


def _queries(client: Any, url: str) -> list[int]:
    """The SQL statements of three requests (the same three numbers when nothing varies)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured))
    return counts


def _timed(client: Any, url: str, n: int, before: Any = None) -> list[float]:
    times = []
    for _ in range(n):
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(times)


def _summary(times: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[math.ceil(len(times) * 0.95) - 1], 1),  # nearest rank
        "max_ms": round(times[-1], 1),
        "n": len(times),
    }


def measure(page: Page, login: Login, requests: int, warmup: int) -> dict[str, Any]:
    url = _resolves(page, login)
    assert url is not None
    client = _client(login)
    status = client.get(url).status_code
    if status != 200:
        return {"status": status, "error": f"HTTP {status}"}
    for _ in range(warmup):
        client.get(url)
    times = _timed(client, url, requests)
    queries = _queries(client, url)
    return {
        "status": status,
        **_summary(times),
        "queries": queries[0],
        "queries_vary": len(set(queries)) > 1,
    }


def run_pages(users: dict[str, Login], requests: int, warmup: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for page in PAGES:
        if _resolves(page, users["jobformidler"]) is None:
            print(f"  {page.url_name}: not in this build, skipped", flush=True)
            out.append({"url_name": page.url_name, "label": page.label, "skipped": True})
            continue
        print(f"  {page.url_name} ...", end="", flush=True)
        start = time.perf_counter()
        roles = {
            role: measure(page, users[role], requests, warmup)
            for role in ("jobformidler", "teamleder", "projektleder")
        }
        check = {
            role: _queries(_client(users[role]), str(_resolves(page, users[role])))[0]
            for role in (f"jobformidler-{SMALL}", f"jobformidler-{LARGE}")
        }
        constant = len(set(check.values())) == 1 and not any(
            r.get("queries_vary") for r in roles.values()
        )
        fast = all(r.get("p95_ms", float("inf")) < TARGET_P95_MS for r in roles.values())
        out.append(
            {
                "url_name": page.url_name,
                "label": page.label,
                "roles": roles,
                "n_plus_1": {**check, "constant": constant},
                "meets_p95_target": fast,
                "meets_query_target": constant,
            }
        )
        print(f" {time.perf_counter() - start:.0f} s", flush=True)
    return out


def print_table(pages: list[dict[str, Any]]) -> None:
    head = (
        f"{'page':<22}{'role':<14}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}"
        f"{f'jf{SMALL}/jf{LARGE}':>11}  target"
    )
    print(head)
    print("-" * len(head) + "-" * 8)
    for page in pages:
        name = page["url_name"]
        if page.get("skipped"):
            print(f"{name:<22}{'(not in this build: skipped)'}")
            continue
        check = page["n_plus_1"]
        n1 = f"{check[f'jobformidler-{SMALL}']}/{check[f'jobformidler-{LARGE}']}"
        for i, (role, r) in enumerate(page["roles"].items()):
            if "error" in r:
                print(f"{name if i == 0 else '':<22}{role:<14}{r['error']}")
                continue
            ok = r["p95_ms"] < TARGET_P95_MS and page["meets_query_target"]
            queries = f"{r['queries']}{'~' if r['queries_vary'] else ''}"
            print(
                f"{name if i == 0 else '':<22}{role:<14}{r['p50_ms']:>8.1f}{r['p95_ms']:>8.1f}"
                f"{queries:>9}{n1 if i == 0 else '':>11}  {'ok' if ok else 'MISSED'}"
            )


def _git() -> dict[str, Any]:
    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True)
        return out.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first")
    parser.add_argument("--persons", type=int, default=PERSONS, help="citizens generated")
    parser.add_argument("--staff", type=int, default=STAFF, help="staff in the municipality")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sqlite", action="store_true", help="measure on SQLite anyway")
    args = parser.parse_args()
    _configure(args.sqlite)
    from django.db import connection

    print(f"building the municipality on {connection.vendor}:", flush=True)
    workload = build(args.persons, args.staff, args.seed)
    users = logins()
    print(
        f"measuring {len(PAGES)} pages, {args.requests} requests each after {args.warmup} "
        "warm-up, per role:",
        flush=True,
    )
    pages = run_pages(users, args.requests, args.warmup)
    print()
    print_table(pages)
    measured = [p for p in pages if not p.get("skipped")]
    ok = all(p["meets_p95_target"] and p["meets_query_target"] for p in measured)
    findings = {
        "database": {
            "vendor": connection.vendor,
            "version": getattr(connection, "pg_version", None)
            or connection.Database.sqlite_version,  # type: ignore[attr-defined]
        },
        "git": _git(),
        "workload": workload,
        "requests": args.requests,
        "warmup": args.warmup,
        "targets": {"p95_ms": TARGET_P95_MS, "queries": "the same for 10 and 40 citizens"},
        "pages": pages,
        "all_targets_met": ok,
    }
    out = report.write("pages", findings)
    print(
        f"\ntarget p95 < {TARGET_P95_MS:.0f} ms and constant queries: "
        f"{'all met' if ok else 'NOT all met'}; written {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
