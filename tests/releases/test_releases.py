"""Frozen releases: computed from the current delivery versions, reproducible byte for byte, a
later revision says which deliveries changed and which figures moved, a missing municipality is
absent rather than zero, and what is published shows no count from 1 to 4."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fremdrift.cli import main
from fremdrift.delivery.schema import Delivery
from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.disclosure import MARK
from fremdrift.engine.months import parse_month
from fremdrift.errors import UserError
from fremdrift.intake.models import FrozenError
from fremdrift.intake.selectors import current_versions, load_version
from fremdrift.intake.services import receive_delivery
from fremdrift.releases.compute import combine, release_frame, write_figures
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import (
    latest_release,
    national_figures,
    published_figures,
    release_changes,
    release_figures,
)
from fremdrift.releases.services import create_release, reproduce
from tests.intake.conftest import FIRST, MONTH, corrected, write

pytestmark = pytest.mark.django_db
FSM2 = load_initiative("fsm2")


def receive(delivery: Delivery, path: Path, **kwargs: str) -> None:
    results, report = receive_delivery(path=write(delivery, path), month=MONTH, **kwargs)
    assert report.errors == 0 and all(r.accepted for r in results)


def release(**kwargs: str) -> Release:
    return create_release(initiative="fsm2", month=MONTH, actor=None, first="2024-07", **kwargs)


def test_a_release_is_the_engine_over_all_current_versions_and_reproducible(
    two_kommuner: Delivery, tmp_path: Path, var_dir: Path
) -> None:
    receive(two_kommuner, tmp_path / "a")
    r = release()
    assert (r.revision, r.first_month, r.month, r.supersedes) == (1, "2024-07", MONTH, None)
    assert [(i["kommune"], i["version"]) for i in r.inputs] == [("147", 1), ("791", 1)]
    assert r.definitions_version == FSM2.version and r.definitions_text == FSM2.source_text
    assert r.software.startswith("fremdrift ") and "polars " in r.software
    figures = release_figures(r)
    expected = release_frame(two_kommuner, FSM2, FIRST, parse_month(MONTH))
    assert_frame_equal(figures, expected)
    assert set(figures["kommunekode"].drop_nulls()) == {"147", "791"}
    assert set(figures["level"]) == {"kommune", "national"}
    assert figures["suppressed"].any(), "small test data: some cells must be hidden"
    # Byte for byte: from the stored inputs and definitions, and as a plain function twice.
    assert reproduce(r) == r.figures_sha256
    again = release_frame(
        combine([load_version(v) for _, v in sorted(current_versions(MONTH).items())]),
        FSM2,
        FIRST,
        parse_month(MONTH),
    )
    assert write_figures(again, tmp_path / "again.parquet") == r.figures_sha256
    # Nothing changed: no new revision.
    assert release().pk == r.pk
    assert Release.objects.count() == 1
    with pytest.raises(FrozenError):
        r.save()


def test_a_corrected_delivery_makes_a_revision_that_says_what_changed(
    two_kommuner: Delivery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    receive(two_kommuner, tmp_path / "a")
    first = release()
    receive(corrected(two_kommuner, "147"), tmp_path / "b")
    with pytest.raises(UserError, match="--reason"):
        release()
    second = release(reason="rettet leverance fra Frederiksberg")
    assert (second.revision, second.supersedes) == (2, first)
    assert latest_release(initiative="fsm2", month=MONTH) == second
    diff = release_changes(first, second)
    assert [(c.kommunekode, c.old_version, c.new_version) for c in diff.deliveries] == [
        ("147", 1, 2)
    ]
    assert not diff.definitions_changed
    assert diff.reason == "rettet leverance fra Frederiksberg"
    moved = diff.figures
    assert moved.height > 0
    # Viborg's delivery did not change: its counts did not move; a row of it is in the diff
    # only where secondary suppression, protecting the national row, now hides or shows it.
    viborg = moved.filter(pl.col("kommunekode") == "791")
    assert (viborg["old_suppressed"] != viborg["new_suppressed"]).all()
    assert moved.filter(pl.col("kommunekode") == "147").height > viborg.height
    # Every published figure that differs between the two is in the diff, and only those.
    old, new = published_figures(first), published_figures(second)
    keys = ["month", "level", "kommunekode", "breakdown", "category", "indicator"]
    both = old.join(new, on=keys, how="full", coalesce=True, nulls_equal=True, suffix="_n")
    differ = both.filter(
        pl.col("numerator").ne_missing(pl.col("numerator_n"))
        | pl.col("denominator").ne_missing(pl.col("denominator_n"))
    )
    assert differ.height == moved.height
    row = moved.filter(
        pl.col("level") == "national",
        pl.col("breakdown") == "total",
        ~pl.col("old_suppressed"),
        ~pl.col("new_suppressed"),
    ).row(0, named=True)
    national_old = release_figures(first).filter(
        *(pl.col(k) == row[k] for k in ("month", "level", "indicator", "breakdown", "category"))
    )
    assert national_old["numerator"].item() == row["old_numerator"]
    # No hidden count is ever in the diff.
    assert moved.filter(pl.col("old_suppressed") & pl.col("old_numerator").is_not_null()).is_empty()
    assert main(["release", "--initiative", "fsm2", "--month", MONTH, "--verify"]) == 0
    assert "genskabt byte for byte" in capsys.readouterr().out


def test_a_missing_municipality_is_absent_from_the_figures_not_zero(
    two_kommuner: Delivery, tmp_path: Path
) -> None:
    receive(two_kommuner, tmp_path / "a", kommune="147")
    r = release()
    assert "791" in r.missing and "147" not in r.missing and len(r.missing) == 97
    figures = release_figures(r)
    assert "791" not in figures["kommunekode"].to_list()
    # The national figure is Frederiksberg's alone.
    totals = figures.filter(pl.col("breakdown") == "total").sort("month", "indicator", "category")
    kommune = totals.filter(pl.col("level") == "kommune").select(
        "month", "indicator", "category", "numerator", "denominator"
    )
    national = totals.filter(pl.col("level") == "national").select(kommune.columns)
    assert_frame_equal(kommune, national)


def test_published_figures_show_no_small_count_and_national_figures_hide_them(
    two_kommuner: Delivery, tmp_path: Path
) -> None:
    receive(two_kommuner, tmp_path / "a")
    r = release()
    published = published_figures(r)
    exact = release_figures(r)
    assert published.height == exact.height
    hidden = published.filter(pl.col("numerator") == MARK)
    assert hidden.height == exact["suppressed"].sum()
    shown = published.filter(pl.col("numerator") != MARK).with_columns(
        pl.col("numerator", "denominator").cast(pl.Int64)
    )
    assert shown.filter(
        pl.col("numerator").is_between(1, 4) | pl.col("denominator").is_between(1, 4)
    ).is_empty()
    national = national_figures(initiative="fsm2", month="2025-01")
    assert national is not None
    assert set(national["level"]) == {"national"} and set(national["month"]) == {"2025-01"}
    assert national.filter(pl.col("suppressed") & pl.col("numerator").is_not_null()).is_empty()
    assert national_figures(initiative="fsm2", month="2023-01") is None
    assert national_figures(initiative="ressourceforloeb", month="2025-01") is None


def test_figures_changed_after_release_are_refused(
    two_kommuner: Delivery, tmp_path: Path, var_dir: Path
) -> None:
    receive(two_kommuner, tmp_path / "a")
    r = release()
    path = var_dir / "releases" / r.figures_path
    figures = pl.read_parquet(path).with_columns(pl.col("numerator") + 1)
    figures.write_parquet(path)
    with pytest.raises(UserError, match="ændret efter udgivelsen"):
        release_figures(r)


def test_no_release_without_deliveries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["release", "--initiative", "fsm2", "--month", MONTH]) == 2
    assert "ingen kommune har en godkendt leverance for 2025-06" in capsys.readouterr().err


def test_a_release_of_every_municipality_has_none_missing() -> None:
    # Every municipality delivered: an empty list of the missing is a valid release.
    r = Release(
        initiative="fsm2",
        month=MONTH,
        first_month="2024-07",
        revision=1,
        definitions_version=FSM2.version,
        definitions_sha256="0" * 64,
        definitions_text=FSM2.source_text,
        inputs=[{"id": 1, "kommune": "147", "version": 1, "sha256": "0" * 64}],
        missing=[],
        figures_path="fsm2/2025-06/r1.parquet",
        figures_sha256="0" * 64,
    )
    r.full_clean(exclude=["supersedes", "created_by"])
