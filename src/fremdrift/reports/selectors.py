"""A frozen release as the report model: the only place the reports read the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from fremdrift.engine.definitions import INITIATIVE_KEYS, parse_initiative
from fremdrift.monitoring.models import Grant
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import latest_release, release_figures
from fremdrift.reports.content import (
    Figures,
    GrantTerms,
    KommuneReport,
    NationalReport,
    ReleaseInfo,
    ReleaseInput,
    kommune_report,
    national_report,
)


def release_info(release: Release) -> ReleaseInfo:
    return ReleaseInfo(
        initiative=release.initiative,
        month=release.month,
        revision=release.revision,
        created_at=release.created_at,
        definitions_version=release.definitions_version,
        inputs=tuple(
            ReleaseInput(i["kommune"], f"version {i['version']} (sha256 {i['sha256'][:12]})")
            for i in release.inputs
        ),
        missing=tuple(release.missing),
    )


def release_months(initiative: str) -> list[str]:
    """The months with a release, latest first."""
    return list(
        Release.objects.filter(initiative=initiative)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def report_release(*, initiative: str, month: str | None) -> Release | None:
    """The highest revision for the month (without a month: the latest month's)."""
    return latest_release(initiative=initiative, month=month)


def figures(release: Release) -> Figures:
    return _figures(release.pk, release.figures_sha256)


@lru_cache(maxsize=4)
def _figures(pk: int, sha256: str) -> Figures:
    # Keyed by the hash too: a release is frozen, but a test database reuses primary keys.
    release = Release.objects.get(pk=pk)
    # The release's own definitions text: the report states the rules it was computed by.
    initiative = parse_initiative(release.definitions_text, source=f"{release.initiative}.toml")
    return Figures(release_figures(release), initiative, release.month)


def national(release: Release) -> NationalReport:
    return national_report(figures(release), release_info(release))


def kommune(
    release: Release, kommunekode: str, *, exact: bool = False, grant: float | None = None
) -> KommuneReport:
    """The municipality's report; the payout status in kroner too where its grant is known
    (`grant`, else the grant registered for the initiative, with its period and costs)."""
    terms = GrantTerms(grant) if grant is not None else registered_grant(release, kommunekode)
    report = kommune_report(
        figures(release), release_info(release), kommunekode, exact=exact, grant=terms
    )
    return replace(report, companions=tuple(_companions(release, kommunekode, exact=exact)))


def _companions(release: Release, kommunekode: str, *, exact: bool) -> Iterator[KommuneReport]:
    """The municipality in the other initiatives' releases of the month, where it has figures."""
    for initiative in INITIATIVE_KEYS:
        if initiative == release.initiative:
            continue
        other = latest_release(initiative=initiative, month=release.month)
        if other is None:
            continue
        other_figures = figures(other)
        if kommunekode in other_figures.participants:
            yield kommune_report(
                other_figures,
                release_info(other),
                kommunekode,
                exact=exact,
                grant=registered_grant(other, kommunekode),
            )


def registered_grant(release: Release, kommunekode: str) -> GrantTerms | None:
    grant = Grant.objects.filter(kommune_id=kommunekode, initiative=release.initiative).first()
    if grant is None:
        return None
    costs = grant.costs_documented
    return GrantTerms(
        float(grant.amount),
        grant.period_from,
        grant.period_to,
        float(costs) if costs is not None else None,
    )
