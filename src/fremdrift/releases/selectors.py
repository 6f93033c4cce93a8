"""Reading frozen releases: the latest one, its figures (checked against their hash), as
published, the national figures, and what changed between two revisions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl
from django.conf import settings

from fremdrift.errors import UserError
from fremdrift.releases.compute import file_sha256, published
from fremdrift.releases.models import Release

KEY_COLUMNS = ("initiative", "month", "level", "kommunekode", "breakdown", "category", "indicator")


def releases_root() -> Path:
    return Path(settings.VAR_DIR) / "releases"


def latest_release(*, initiative: str, month: str | None = None) -> Release | None:
    """The highest revision for `month`, or without a month the latest month's highest."""
    releases = Release.objects.filter(initiative=initiative)
    if month is not None:
        releases = releases.filter(month=month)
    return releases.order_by("-month", "-revision").first()


def release_figures(release: Release) -> pl.DataFrame:
    """Exact counts and `suppressed`, from the file checked against the stored hash.

    Exact counts are for computation only: a surface shows `published_figures` (or leaves out
    suppressed rows' counts), never a suppressed count.
    """
    return _read(str(releases_root() / release.figures_path), release.figures_sha256)


# A national release is about a million rows: a few in memory per process.
@lru_cache(maxsize=4)
def _read(path: str, sha256: str) -> pl.DataFrame:
    file = Path(path)
    if not file.is_file():
        raise UserError(f"udgivelsens tal mangler ({file}); genskab filen fra sikkerhedskopien")
    if file_sha256(file) != sha256:
        raise UserError(
            f"udgivelsens tal i {file} er ændret efter udgivelsen (sha256 passer ikke); "
            "genskab filen fra sikkerhedskopien eller med `fremdrift release --verify`"
        )
    return pl.read_parquet(file)


def published_figures(release: Release) -> pl.DataFrame:
    """As published: numerator and denominator as text, suppressed ones `<5`."""
    return published(release_figures(release))


def safe_figures(figures: pl.DataFrame) -> pl.DataFrame:
    """Numbers kept numeric, but a suppressed row's counts are null (with `suppressed` true)."""
    return figures.with_columns(
        pl.when(~pl.col("suppressed")).then(pl.col(c)).alias(c)
        for c in ("numerator", "denominator")
    )


def national_figures(*, initiative: str, month: str) -> pl.DataFrame | None:
    """The national rows for `month` from the latest release covering it (latest reporting
    month, highest revision); suppressed counts are null. None when no release covers it."""
    release = (
        Release.objects.filter(initiative=initiative, first_month__lte=month, month__gte=month)
        .order_by("-month", "-revision")
        .first()
    )
    if release is None:
        return None
    figures = release_figures(release).filter(
        pl.col("level") == "national", pl.col("month") == month
    )
    return safe_figures(figures)


@dataclass(frozen=True)
class DeliveryChange:
    kommunekode: str
    old_version: int | None  # None: not in the old release (it was missing)
    new_version: int | None  # None: not in the new release


@dataclass(frozen=True)
class ReleaseDiff:
    old: Release
    new: Release
    deliveries: list[DeliveryChange]
    # One row per figure that moved: the keys, old_/new_ numerator and denominator (null where
    # the row is absent or suppressed) and old_/new_suppressed.
    figures: pl.DataFrame
    definitions_changed: bool

    @property
    def reason(self) -> str:
        return self.new.reason


def _shown(count: str, flag: str) -> pl.Expr:
    """The count where it is published; null where it is suppressed or the row is absent."""
    return pl.when(~pl.col(flag).fill_null(True)).then(pl.col(count))


def release_changes(old: Release, new: Release) -> ReleaseDiff:
    """Which deliveries changed, which figures moved, whether the definitions changed."""
    a, b = old.input_versions, new.input_versions
    deliveries = [
        DeliveryChange(k, a.get(k), b.get(k))
        for k in sorted(set(a) | set(b))
        if a.get(k) != b.get(k)
    ]
    old_f, new_f = release_figures(old), release_figures(new)
    joined = old_f.join(
        new_f, on=list(KEY_COLUMNS), how="full", coalesce=True, nulls_equal=True, suffix="_new"
    )
    # A figure moved when what is published moved: a count hidden before and after is no news
    # (and saying it changed would tell something about a hidden cell).
    old_num, old_den = _shown("numerator", "suppressed"), _shown("denominator", "suppressed")
    new_num = _shown("numerator_new", "suppressed_new")
    new_den = _shown("denominator_new", "suppressed_new")
    moved = joined.filter(
        old_num.ne_missing(new_num)
        | old_den.ne_missing(new_den)
        | pl.col("suppressed").ne_missing(pl.col("suppressed_new"))
    )
    figures = moved.select(
        *KEY_COLUMNS,
        old_num.alias("old_numerator"),
        old_den.alias("old_denominator"),
        new_num.alias("new_numerator"),
        new_den.alias("new_denominator"),
        pl.col("suppressed").alias("old_suppressed"),
        pl.col("suppressed_new").alias("new_suppressed"),
    ).sort(["month", "level", "kommunekode", "indicator", "breakdown", "category"], nulls_last=True)
    return ReleaseDiff(
        old, new, deliveries, figures, old.definitions_sha256 != new.definitions_sha256
    )
