"""Import a delivery into the database and read it back: lossless, atomic, idempotent, versioned."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.borgere.cpr import is_cpr
from fremdrift.borgere.models import Borger, Forloeb, Markering, Ydelse
from fremdrift.cli import main
from fremdrift.delivery.io import read_delivery, write_delivery
from fremdrift.delivery.schema import TABLES, Delivery
from fremdrift.delivery.validate import validate_delivery
from fremdrift.engine.compute import compute_indicators
from fremdrift.engine.definitions import load_initiative
from fremdrift.indsats.models import Kontakt
from fremdrift.leveringer.models import DeliveryImport
from fremdrift.leveringer.selectors import database_delivery, stored_import
from fremdrift.leveringer.services import InvalidDeliveryError, export_delivery, import_delivery
from fremdrift.leveringer.tables import for_kommune
from fremdrift.synth.generate import generate
from fremdrift.virksomheder.models import Aftale

pytestmark = pytest.mark.django_db
KOMMUNER = ["147", "791"]


@pytest.fixture(scope="module")
def delivery_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("levering") / "levering.zip"
    delivery = generate(kommuner=KOMMUNER, seed=7, persons=400, cpr=True)
    write_delivery(delivery, path, as_zip=True)
    return path


def row_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Borger, Forloeb, Markering, Ydelse, Aftale)}


def assert_same(actual: Delivery, expected: Delivery) -> None:
    for name in TABLES:
        assert_frame_equal(actual[name], expected[name], check_row_order=True)


def test_export_gives_back_exactly_what_was_imported(delivery_path: Path) -> None:
    for kommune in KOMMUNER:
        import_delivery(path=delivery_path, kommune=kommune)
    source = read_delivery(delivery_path)
    for kommune in KOMMUNER:
        assert_same(database_delivery([kommune]), for_kommune(source, kommune))


def test_the_engine_gives_the_same_figures_on_the_database(delivery_path: Path) -> None:
    for kommune in KOMMUNER:
        import_delivery(path=delivery_path, kommune=kommune)
    fsm2 = load_initiative("fsm2")
    first, last = date(2020, 1, 1), date(2021, 12, 1)
    from_database = compute_indicators(database_delivery(), fsm2, first, last)
    from_delivery = compute_indicators(read_delivery(delivery_path), fsm2, first, last)
    assert from_database.height > 100
    assert_frame_equal(from_database, from_delivery)


def test_the_same_delivery_twice_changes_nothing(delivery_path: Path) -> None:
    first = import_delivery(path=delivery_path, kommune="147")
    counts, borger_ids = row_counts(), set(Borger.objects.values_list("pk", flat=True))
    again = import_delivery(path=delivery_path, kommune="147")
    assert first.changed and not again.changed
    assert again.delivery_import == first.delivery_import
    assert row_counts() == counts
    assert set(Borger.objects.values_list("pk", flat=True)) == borger_ids
    assert DeliveryImport.objects.count() == 1


def test_a_delivery_with_errors_writes_nothing(delivery_path: Path, tmp_path: Path) -> None:
    good = read_delivery(delivery_path)
    ydelser = good["ydelser"].with_columns(
        ydelse=pl.when(pl.int_range(pl.len()) == 5).then(pl.lit("bistand")).otherwise("ydelse")
    )
    bad = tmp_path / "bad"
    write_delivery(Delivery({**good.tables, "ydelser": ydelser}), bad)
    with pytest.raises(InvalidDeliveryError, match="1 fejl"):
        import_delivery(path=bad, kommune="147")
    assert set(row_counts().values()) == {0}
    assert not DeliveryImport.objects.exists()


def test_a_corrected_delivery_replaces_and_keeps_the_earlier(
    delivery_path: Path, tmp_path: Path, make_user
) -> None:
    original = read_delivery(delivery_path)
    first = import_delivery(path=delivery_path, kommune="147")
    part = for_kommune(original, "147")
    leaving, staying = part["borgere"]["person_id"][:2].to_list()
    staying_borger = Borger.objects.get(person_id=staying)
    # Recorded by a caseworker in fremdrift: no delivery may remove it.
    Kontakt.objects.create(borger=staying_borger, dato=date(2021, 3, 1), form="samtale")
    corrected_tables = {
        name: frame.filter(pl.col("person_id") != leaving)
        if "person_id" in frame.columns
        else frame
        for name, frame in original.tables.items()
    }
    corrected = tmp_path / "rettet"
    write_delivery(Delivery(corrected_tables), corrected)

    second = import_delivery(path=corrected, kommune="147", actor=make_user("projektleder"))

    assert second.changed and second.removed_borgere == 1
    first.delivery_import.refresh_from_db()
    assert not first.delivery_import.active
    assert first.delivery_import.superseded_by == second.delivery_import
    assert not Borger.objects.filter(person_id=leaving).exists()
    assert Borger.objects.get(person_id=staying).pk == staying_borger.pk
    assert Kontakt.objects.filter(borger=staying_borger).count() == 1
    assert_same(database_delivery(["147"]), for_kommune(Delivery(corrected_tables), "147"))
    # The earlier version stays readable, exactly as it was loaded.
    assert_same(stored_import(first.delivery_import), part)


def test_pseudonymised_export_has_no_cpr_and_the_same_figures(
    delivery_path: Path, tmp_path: Path
) -> None:
    import_delivery(path=delivery_path, kommune="147")
    key = b"kommunens-hemmelige-noegle-147"
    plain = export_delivery(kommune="147")
    hidden = export_delivery(kommune="147", pseudonym_key=key)
    assert not any(is_cpr(p) for p in hidden["borgere"]["person_id"].to_list())
    assert hidden["medarbejdere"]["navn"].null_count() == hidden["medarbejdere"].height
    assert_same(export_delivery(kommune="147", pseudonym_key=key), hidden)
    other = export_delivery(kommune="147", pseudonym_key=b"en-anden-noegle-helt-anderledes")
    assert set(other["borgere"]["person_id"]).isdisjoint(hidden["borgere"]["person_id"])
    out = tmp_path / "til-star"
    write_delivery(hidden, out)
    assert validate_delivery(out).errors == 0
    fsm2 = load_initiative("fsm2")
    figures = [
        compute_indicators(d, fsm2, date(2021, 1, 1), date(2021, 6, 1)) for d in (plain, hidden)
    ]
    assert_frame_equal(*figures)


def test_commands_import_export_and_indicators_on_the_database(
    delivery_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(delivery_path), "--kommune", "791"]) == 0
    assert "import" in capsys.readouterr().out
    key = tmp_path / "noegle.bin"
    key.write_bytes(b"0123456789abcdef0123456789abcdef")
    out = tmp_path / "ud.zip"
    assert main(["export", "--kommune", "791", str(out), "--pseudonymise", str(key)]) == 0
    capsys.readouterr()
    period = ["--initiative", "fsm2", "--from", "2021-01", "--to", "2021-03"]
    assert main(["indicators", "--database", *period]) == 0
    from_database = capsys.readouterr().out
    assert main(["indicators", str(out), *period]) == 0
    assert capsys.readouterr().out == from_database
    assert main(["indicators", "--database", str(out), *period]) == 2
    assert "enten en leverance eller --database" in capsys.readouterr().err
