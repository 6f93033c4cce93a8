"""STAR's follow-up in the browser: the work queue from a real release, a municipality's page
with the forecast chart, a note written, and a municipality's leader reading their grant.

This module starts its own server: STAR's pages need deliveries received and released
(`fremdrift intake`, `fremdrift release`), for the grant period of the seeds' grants (2020-21).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    VIEWPORTS,
    _fremdrift,
    assert_accessible,
    running_server,
    screenshot,
    server_env,
    sign_in,
)


@pytest.fixture(scope="module")
def released_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("var-opfoelgning")
    env = server_env(var)
    delivery = var / "levering"
    _fremdrift(env, "migrate", "--no-input", "-v", "0")
    _fremdrift(
        env,
        "generate",
        str(delivery),
        *("--kommuner", "147,791,766", "--persons", "1500", "--seed", "5"),
        *("--from", "2019-10", "--to", "2021-06"),
    )
    _fremdrift(env, "intake", str(delivery), "--month", "2021-06", "--by", "Jobcentrene")
    _fremdrift(env, "release", "--initiative", "fsm2", "--month", "2021-06")
    # The demo logins need staff with citizens in the case system: a small delivery up to today.
    today = date.today()
    casework = var / "sager"
    _fremdrift(
        env,
        "generate",
        str(casework),
        *("--kommuner", "791", "--persons", "200", "--seed", "6", "--cpr"),
        *("--from", f"{today.year - 1}-01", "--to", f"{today:%Y-%m}"),
    )
    _fremdrift(env, "import", str(casework), "--kommune", "791")
    _fremdrift(env, "create_demo_users", "--kommuner", "791")
    with running_server(var) as url:
        yield url


@pytest.fixture
def as_user(browser: Browser, released_server: str) -> Iterator[object]:
    contexts = []

    def log_in(username: str) -> Page:
        context = browser.new_context(
            base_url=released_server, viewport=VIEWPORTS["desktop"], locale="da-DK"
        )
        contexts.append(context)
        page = context.new_page()
        sign_in(page, username)
        return page

    yield log_in
    for context in contexts:
        context.close()


def test_star_follows_up_on_a_flagged_municipality(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("demo-star")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Opfølgning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opfølgning")
    expect(page.get_by_text("udgivelsen for 2021-06 (revision 1)")).to_be_visible()
    queue = page.get_by_role("table", name="Kommuner til opfølgning og hvorfor")
    rows = queue.locator("tbody tr")
    assert rows.count() >= 1
    expect(queue).to_contain_text("måneder i træk")
    assert_accessible(page)
    screenshot(page, "opfoelgning")

    queue.get_by_role("link", name="Viborg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opfølgning: Viborg")
    chart = page.get_by_role("img", name="Viborg: andel i lønnede timer eller uddannelse")
    expect(chart).to_be_visible()
    expect(page.get_by_role("table", name="Tallene i figuren")).to_contain_text("2021-06")
    assert_accessible(page)
    screenshot(page, "opfoelgning-kommune")

    # An empty note is refused next to the field; a written one is saved and listed.
    page.get_by_role("button", name="Gem opfølgning").click()
    expect(page.get_by_text("Skriv hvad der er gjort i opfølgningen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Opfølgning på 2021-06").fill("Ringet til jobcenterchefen; møde 14/7.")
    page.get_by_role("button", name="Gem opfølgning").click()
    expect(page.get_by_text("Opfølgningen er gemt.")).to_be_visible()
    expect(page.get_by_text("Ringet til jobcenterchefen; møde 14/7.")).to_be_visible()
    page.get_by_role("link", name="Alle kommuner til opfølgning").click()
    expect(page.get_by_role("row", name="Viborg")).to_contain_text("Ringet til jobcenterchefen")


def test_a_leader_reads_their_own_grant_statement(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("demo-projektleder-791")
    nav = page.get_by_role("navigation", name="Hovedmenu")
    expect(nav.get_by_role("link", name="Opfølgning")).to_have_count(0)
    nav.get_by_role("link", name="Tilskud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilskud og udbetaling")
    table = page.get_by_role("table", name="Tilskud og hvad de udløser")
    expect(table.locator("tbody tr")).to_have_count(2)  # Viborg's two grants, nobody else's
    expect(table).not_to_contain_text("Frederiksberg")
    table.get_by_role("row").filter(has_text="fsm2").get_by_role("link", name="Viborg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilskud: Viborg, fsm2")
    expect(page.get_by_text("Tilskud 3.709.200 kr.", exact=False)).to_have_count(0)
    expect(page.locator("dl")).to_contain_text("3.709.200 kr.")
    expect(page.get_by_role("table", name="Den bedste måned i tilskudsperioden")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "tilskud")
