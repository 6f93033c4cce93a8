"""The report from STAR's received deliveries: the CLI (releasing the month when needed) and the
web pages for STAR and for a municipality's management, with the downloads."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client

from fremdrift.cli import main
from fremdrift.monitoring.models import Grant
from fremdrift.organisation.models import Role
from fremdrift.releases.models import Release
from fremdrift.releases.selectors import release_figures
from fremdrift.releases.services import create_release

from .conftest import KOMMUNER, MONTH, row, suppressed_total

pytestmark = pytest.mark.django_db


def test_cli_releases_the_month_and_writes_the_report(
    received: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "viborg.xlsx"
    assert main(["report", "--month", MONTH, "--kommune", "791", "--format", "xlsx", str(out)]) == 0
    release = Release.objects.get()
    assert (release.month, release.revision) == (MONTH, 1)
    assert f"{out}: månedsrapport {MONTH} (fsm2 {MONTH} rev. 1)" in capsys.readouterr().out
    figures = release_figures(release)
    sheet = openpyxl.load_workbook(out)["Indikatorer"]
    line = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "jobformidler")
    expected = row(figures, "791", "jobformidler")
    assert line[3:5] == (expected["numerator"], expected["denominator"])
    # Again: the same release (no new revision) and the same bytes.
    again = tmp_path / "again.xlsx"
    assert (
        main(["report", "--month", MONTH, "--kommune", "791", "--format", "xlsx", str(again)]) == 0
    )
    assert Release.objects.count() == 1
    assert again.read_bytes() == out.read_bytes()


def test_cli_says_in_one_line_when_the_month_has_no_data(
    received: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tom.pdf"
    assert main(["report", "--month", "2019-01", "--format", "pdf", str(out)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(
        "fremdrift report: fejl: ingen kommune har en godkendt leverance for 2019-01"
    )
    assert not out.exists() and not Release.objects.exists()


def test_cli_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert "fremdrift report --month 2021-03" in capsys.readouterr().out


@pytest.fixture
def release(received: None) -> Release:
    return create_release(initiative="fsm2", month=MONTH, actor=None)


def login(make_user: Callable[..., Any], role: str, kommune: str | None = None) -> Client:
    client = Client()
    client.force_login(make_user(role, kommune, username=f"{role}-{kommune}"))
    return client


def test_star_sees_every_municipality_sorted_and_missing_ones_as_missing(
    release: Release, make_user: Callable[..., Any]
) -> None:
    client = login(make_user, Role.STAR)
    page = client.get("/rapporter/", {"month": MONTH, "sort": "jobformidler", "order": "desc"})
    assert page.status_code == 200
    html = page.content.decode()
    figures = release_figures(release)
    shares = {k: row(figures, k, "jobformidler") for k in KOMMUNER}
    order = sorted(KOMMUNER, key=lambda k: -shares[k]["numerator"] / shares[k]["denominator"])
    found = [html.index(f"/rapporter/{k}/?month={MONTH}") for k in order]
    assert found == sorted(found)  # highest share first
    assert 'aria-sort="descending"' in html
    # The municipalities without a delivery for the month: shown as missing, not as zero.
    assert html.count(">mangler</td>") == len(release.missing) > 0
    for fmt, kind in (("pdf", "application/pdf"), ("xlsx", "spreadsheetml")):
        download = client.get("/rapporter/hele-landet/hent/", {"month": MONTH, "format": fmt})
        assert download.status_code == 200 and kind in download["Content-Type"]
        assert (
            f"maanedsrapport-fsm2-{MONTH}-hele-landet-r1.{fmt}" in download["Content-Disposition"]
        )


def test_the_municipality_sees_its_own_exact_figures_star_the_published_ones(
    release: Release, make_user: Callable[..., Any]
) -> None:
    hidden = suppressed_total(release_figures(release), "147")
    own = login(make_user, Role.PROJEKTLEDER, "147").get("/rapporter/147/", {"month": MONTH})
    star_client = login(make_user, Role.STAR)
    star = star_client.get("/rapporter/147/", {"month": MONTH})
    section = 'id="udvikling-fsm2-{}"'.format(hidden["indicator"])

    def month_cells(html: str) -> list[str]:
        part = html[html.index(section) :]
        match = re.search(rf'<th scope="row">{MONTH}</th>(.*?)</tr>', part, re.S)
        assert match is not None
        return re.findall(r"<td[^>]*>([^<]*)</td>", match.group(1))[:2]

    assert month_cells(own.content.decode()) == [
        str(hidden["numerator"]),
        str(hidden["denominator"]),
    ]
    assert month_cells(star.content.decode()) == ["&lt;5", "&lt;5"]
    # The seeded grant (2020-01..2021-12) lies outside the released months: no kroner.
    assert "af et tilskud på" not in own.content.decode()
    Grant.objects.filter(kommune_id="147", initiative="fsm2").update(
        period_from="2024-07", period_to="2026-12"
    )
    again = star_client.get("/rapporter/147/", {"month": MONTH}).content.decode()
    assert re.search(r"Det er [\d.]+ kr\. af et tilskud på 3\.695\.000 kr\.", again)
    workbook = login(make_user, Role.TEAMLEDER, "147").get(
        "/rapporter/147/hent/", {"month": MONTH, "format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["Indikatorer"]
    line = next(r for r in sheet.iter_rows(values_only=True) if r[1] == hidden["indicator"])
    assert line[3:5] == (hidden["numerator"], hidden["denominator"])


def test_a_month_without_a_release_says_so(release: Release, make_user: Callable[..., Any]) -> None:
    page = login(make_user, Role.STAR).get("/rapporter/", {"month": "2019-01"})
    assert page.status_code == 200
    assert "2019-01 er ikke udgivet for Flere skal med 2 endnu." in page.content.decode()
    assert f'?month={MONTH}&amp;initiative=fsm2">{MONTH}</a>' in page.content.decode()


def test_a_municipality_in_both_pools_gets_its_ressourceforloeb_figures_too(
    release: Release, make_user: Callable[..., Any]
) -> None:
    rf = create_release(initiative="ressourceforloeb", month=MONTH, actor=None)
    figures = release_figures(rf)
    own = row(figures, "791", "jobformidler")
    client = login(make_user, Role.PROJEKTLEDER, "791")
    html = client.get("/rapporter/791/", {"month": MONTH}).content.decode()
    part = html[html.index('id="indikatorer-ressourceforloeb"') :]
    assert "Bedre indsats for borgere i ressourceforløb" in part[:400]
    line = re.search(
        r'<th scope="row">Andel af målgruppen med personlig jobformidler</th>(.*?)</tr>', part, re.S
    )
    assert line is not None
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", line.group(1))[:2]
    assert cells == [str(own["numerator"]), str(own["denominator"])]
    workbook = client.get("/rapporter/791/hent/", {"month": MONTH, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert "RF Indikatorer" in book.sheetnames and "RF Definitioner" in book.sheetnames
    sheet = book["RF Indikatorer"]
    found = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "jobformidler")
    assert found[3:5] == (own["numerator"], own["denominator"])
