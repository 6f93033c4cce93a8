"""Synthetic case work (indsats.demo_data): deterministic, idempotent, a constant number of
queries whatever the size, plausible, and every row valid under its model's own rules."""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fremdrift.borgere.models import Borger, Markering
from fremdrift.delivery.io import write_delivery
from fremdrift.indsats.cadence import next_contact_due
from fremdrift.indsats.demo_data import BRANCHER, TABLES, company_profile, create_demo_casework
from fremdrift.indsats.models import CV, Kontakt, Step, StepUpTilbud
from fremdrift.indsats.services import step_deadline
from fremdrift.leveringer.services import import_delivery
from fremdrift.synth.generate import generate
from fremdrift.virksomheder.models import Aftale, Timer, Virksomhed

pytestmark = pytest.mark.django_db
TODAY = date(2022, 12, 31)
SMALL, LARGE = 40, 200  # persons generated; about two thirds have an open period at the end
# Every statement of a run, whatever the size: 4 reads to find `today`, 1 for the
# municipalities, 8 deletes, 3 reads of periods, 1 read and 1 update of companies, 8 inserts
# and the savepoint around it all (2).
MAX_QUERIES = 28


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for persons in (SMALL, LARGE):
        path = tmp_path_factory.mktemp("levering") / f"levering-{persons}.zip"
        write_delivery(
            generate(kommuner=["147"], seed=5, persons=persons, cpr=True), path, as_zip=True
        )
        out[persons] = path
    return out


@pytest.fixture
def loaded(deliveries: dict[int, Path]) -> Callable[[int], None]:
    def load(persons: int) -> None:
        import_delivery(path=deliveries[persons], kommune="147")

    return load


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row written, without primary keys, in a stable order."""
    out = {}
    for name, model in TABLES:
        fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        out[name] = sorted(model._default_manager.values_list(*fields), key=repr)
    companies = Virksomhed.objects.order_by("cvr").values_list(
        "cvr", "navn", "branche", "kontaktperson", "kontakt_telefon", "kontakt_email"
    )
    out["virksomheder"] = list(companies)
    return out


def test_the_same_seed_gives_the_same_case_work(loaded: Callable[[int], None]) -> None:
    loaded(LARGE)
    first = create_demo_casework(kommuner=["147"], seed=3, today=TODAY)
    before = snapshot()
    create_demo_casework(kommuner=["147"], seed=4, today=TODAY)
    assert snapshot() != before
    again = create_demo_casework(kommuner=["147"], seed=3, today=TODAY)
    assert snapshot() == before
    assert again.rows == first.rows
    assert all(first.rows[name] > 0 for name, _ in TABLES)


def test_a_second_run_replaces_only_its_own_rows(
    loaded: Callable[[int], None], make_borger: Callable[..., Any]
) -> None:
    loaded(SMALL)
    first = create_demo_casework(kommuner=["147"], today=TODAY)
    # Recorded by staff: a citizen registered here with a contact, a company they registered,
    # and a delivered company they renamed.
    own = make_borger("147")
    Kontakt.objects.create(borger=own, dato=TODAY, form="samtale")
    Virksomhed.objects.create(kommune_id="147", cvr="12345674", navn="Egen Virksomhed")
    renamed = Virksomhed.objects.filter(kommune_id="147").exclude(cvr="12345674").first()
    assert renamed is not None
    Virksomhed.objects.filter(pk=renamed.pk).update(navn="Omdøbt ApS")

    second = create_demo_casework(kommuner=["147"], today=TODAY)

    assert second.rows == first.rows
    assert second.removed == sum(first.rows.values())
    assert second.virksomheder == 0  # named the first time; the two of staff left alone
    for name, model in TABLES:
        written = model._default_manager.count()
        assert written == first.rows[name] + (1 if model is Kontakt else 0), name
    assert Kontakt.objects.filter(borger=own).count() == 1
    assert Virksomhed.objects.get(cvr="12345674").navn == "Egen Virksomhed"
    assert Virksomhed.objects.get(pk=renamed.pk).navn == "Omdøbt ApS"


@pytest.mark.parametrize("persons", [SMALL, LARGE])
def test_a_constant_number_of_queries_whatever_the_size(
    persons: int,
    loaded: Callable[[int], None],
    django_assert_max_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor == "sqlite":
        # Django assumes SQLite's old compile-time default of 999 parameters a statement and
        # splits an insert into batches of a few hundred rows; this SQLite allows far more. With
        # its real limit each table is one INSERT (up to demo_data.BATCH rows), as on PostgreSQL.
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)
    loaded(persons)
    with django_assert_max_num_queries(MAX_QUERIES):
        result = create_demo_casework(kommuner=["147"])
    assert result.today == TODAY  # the last day of the generated data
    assert result.borgere > persons / 3


def test_every_row_passes_its_models_checks(loaded: Callable[[int], None]) -> None:
    loaded(LARGE)
    create_demo_casework(kommuner=["147"], today=TODAY)
    for _, model in [*TABLES, ("virksomheder", Virksomhed)]:
        rows = list(model._default_manager.order_by("pk"))
        assert rows
        for row in rows[:: max(len(rows) // 40, 1)]:  # an even sample of about 40
            row.full_clean()


def test_the_case_work_follows_each_citizens_data(loaded: Callable[[int], None]) -> None:
    loaded(LARGE)
    result = create_demo_casework(kommuner=["147"], today=TODAY)
    steps: dict[int, list[Step]] = defaultdict(list)
    for step in Step.objects.order_by("borger_id", "start", "trin"):
        steps[step.borger_id].append(step)
    assert len(steps) == result.borgere
    open_trin: Counter[int] = Counter()
    overdue_trin1 = 0
    for course in steps.values():
        # Forward only, each step closed the day the next starts, the deadline the service's.
        assert [s.trin for s in course] == sorted({s.trin for s in course})
        for step, following in itertools.pairwise(course):
            assert step.afsluttet == following.start
        for step in course:
            expected = step_deadline(initiativ=step.initiativ, trin=step.trin, start=step.start)
            assert step.frist == expected
            assert step.start <= TODAY
        current = course[-1]
        if current.afsluttet is None:
            open_trin[current.trin] += 1
            overdue_trin1 += (
                current.trin == 1 and current.frist is not None and current.frist < TODAY
            )
            if current.trin == 3:
                # Trin 3 starts with an agreement.
                assert Aftale.objects.filter(borger_id=current.borger_id, start=current.start)
    assert set(open_trin) == {1, 2, 3}
    assert 0.03 <= overdue_trin1 / sum(open_trin.values()) <= 0.3

    # Contacts: mostly on the cadence, some overdue; none in the future.
    last = dict(Kontakt.objects.order_by("borger_id", "dato").values_list("borger_id", "dato"))
    overdue = 0
    for borger_id, course in steps.items():
        current = course[-1]
        if current.afsluttet is None:
            due = next_contact_due(
                trin=current.trin,
                step_start=current.start,
                frist=current.frist,
                last_contact=last.get(borger_id),
            )
            overdue += due is not None and due < TODAY
    assert 0 < overdue < 0.4 * sum(open_trin.values())
    assert Kontakt.objects.filter(dato__gt=TODAY).count() == 0

    # Most have a CV, some outdated; some have none.
    cvs = CV.objects.count()
    assert 0.3 * result.borgere < cvs < result.borgere
    assert CV.objects.filter(senest_opdateret__lt=TODAY - timedelta(days=183)).exists()

    # Step-up offers only for citizens with a step-up marking.
    offered = set(StepUpTilbud.objects.values_list("borger_id", flat=True))
    marked = set(Markering.objects.filter(markering="step_up").values_list("borger_id", flat=True))
    assert offered and offered <= marked

    # Hours near the agreed weekly hours times 4.3 for a whole month.
    for t in Timer.objects.select_related("aftale")[:200]:
        aftale = t.aftale
        assert aftale.aktivitet in ("loennede_timer", "smaajob")
        assert t.maaned.day == 1
        assert float(t.timer) <= (aftale.timer_pr_uge or 0) * 4.3 * 1.6

    # Companies have a name, a branche from the list and a contact person.
    for company in Virksomhed.objects.all():
        assert company.navn and company.kontaktperson
        assert company.branche in BRANCHER
        assert company_profile("147", company.cvr).navn == company.navn


def test_only_delivered_citizens_get_case_work(
    loaded: Callable[[int], None], make_borger: Callable[..., Any]
) -> None:
    loaded(SMALL)
    own = make_borger("147")
    create_demo_casework(kommuner=["147"], today=TODAY)
    assert not Step.objects.filter(borger=own).exists()
    assert Step.objects.exclude(borger__source__isnull=False).count() == 0
    assert Borger.objects.filter(source__isnull=False).exists()


def test_the_command_prints_counts_and_refuses_a_municipality_without_citizens(
    loaded: Callable[[int], None],
) -> None:
    loaded(SMALL)
    out = StringIO()
    call_command("create_demo_casework", "--kommuner", "147", "--seed", "2", stdout=out)
    text = out.getvalue()
    assert "Sagsarbejde pr. 2022-12-31 (seed 2) i 147" in text
    assert f"kontakter {Kontakt.objects.count():>8}".replace(" ", "") in text.replace(" ", "")

    out = StringIO()
    call_command("create_demo_casework", "--kommuner", "147", "--today", "2021-06-15", stdout=out)
    assert "Sagsarbejde pr. 2021-06-15" in out.getvalue()
    assert not Kontakt.objects.filter(dato__gt=date(2021, 6, 15)).exists()

    before = Step.objects.count()
    with pytest.raises(CommandError, match="kommune 766 har ingen indlæste borgere"):
        call_command("create_demo_casework", "--kommuner", "147,766")
    with pytest.raises(CommandError, match="ukendte kommunekoder: 999"):
        call_command("create_demo_casework", "--kommuner", "999")
    with pytest.raises(CommandError, match="--today"):
        call_command("create_demo_casework", "--kommuner", "147", "--today", "15.06.2021")
    assert Step.objects.count() == before
