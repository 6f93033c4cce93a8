"""Browser tests: the real app in its own server process, driven by Debian's chromium.

Each xdist worker starts one server on a fresh SQLite database holding generated citizens of
Frederiksberg (147) and Viborg (791) and the demo logins, exactly as `make demo` sets it up.
The tests reach the app only through the browser, as a user does.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
FREMDRIFT = str(Path(sys.executable).parent / "fremdrift")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "fremdrift-demo-2025"
SCREENSHOTS = Path(os.environ.get("FREMDRIFT_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
# Flags for a headless chromium on a machine without network (see the env notes in the README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fremdrift(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [FREMDRIFT, *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def server_env(var: Path, **extra: str) -> dict[str, str]:
    """The environment of a fremdrift whose database and files live in `var`."""
    return {
        **os.environ,
        "FREMDRIFT_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'fremdrift.sqlite3'}",
        # As in production, but over plain http on loopback.
        "FREMDRIFT_INSECURE_COOKIES": "1",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@contextmanager
def running_server(var: Path) -> Iterator[str]:
    """`fremdrift runserver` on the database in `var` (set up by the caller): its base URL once
    it answers, stopped on leaving."""
    port = _free_port()
    log = (var / "server.log").open("w")
    process = subprocess.Popen(
        [FREMDRIFT, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=server_env(var),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail((var / "server.log").read_text())
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def server_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the shared server's database, with demo data, for modules that add to it
    through the CLI (deliveries received, releases, benchmarks fetched)."""
    if not CHROMIUM.exists():
        pytest.fail("chromium mangler: kør `make test`, som installerer Debian-pakken chromium")
    var = tmp_path_factory.mktemp("var")
    env = server_env(var)
    delivery = var / "levering"
    _fremdrift(env, "migrate", "--no-input", "-v", "0")
    # Data up to this month, so deadlines and contacts due are as of today, as in `make demo`.
    today = date.today()
    _fremdrift(
        env,
        "generate",
        str(delivery),
        *("--kommuner", "147,791", "--seed", "11", "--cpr"),
        *("--from", f"{today.year - 1}-01", "--to", f"{today:%Y-%m}"),
    )
    for kommune in ("147", "791"):
        _fremdrift(env, "import", str(delivery), "--kommune", kommune)
    _fremdrift(env, "create_demo_casework", "--kommuner", "147,791", "--today", f"{today}")
    _fremdrift(env, "create_demo_users", "--kommuner", "147,791")
    return var


@pytest.fixture(scope="session")
def server(server_var: Path) -> Iterator[str]:
    """The base URL of a running fremdrift with demo data."""
    with running_server(server_var) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, viewport=VIEWPORTS["desktop"], locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page: Page) -> Callable[[str], Page]:
    """Log in as a demo user (e.g. `demo-jobformidler-147`) and land on the front page."""

    def log_in(username: str) -> Page:
        sign_in(page, username)
        return page

    return log_in


def sign_in(page: Page, username: str) -> None:
    """The login form filled in as `username` with the demo password; back on the front page."""
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/")


def assert_accessible(page: Page) -> None:
    """axe-core in the page, at desktop and at phone width: no violation of the serious or
    critical kinds (WCAG 2.1 AA). A phone turns wide tables into scrolling regions, which must
    be reachable by keyboard too."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    problems = []
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document, {
                    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                    resultTypes: ['violations'],
                });
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                }));
            }"""
        )
        problems += [
            {"width": label, **v} for v in result if v["impact"] in ("serious", "critical")
        ]
    page.set_viewport_size(VIEWPORTS["desktop"])
    assert not problems, f"{page.url}: " + json.dumps(problems, ensure_ascii=False, indent=1)


def screenshot(page: Page, name: str) -> None:
    """Full-page PNGs at desktop and phone width, for a reviewer who does not run anything."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])
