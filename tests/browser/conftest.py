"""A real server (gunicorn, a seeded database of its own) and a real browser (Debian's
Chromium)."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import sync_playwright

from tests.helpers import (
    ROOT,
    environment_without,
    scratch_databases,
    serve_with_gunicorn,
)
from tests.smtp import CollectingHandler, SMTPServer, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


ADMIN_PASSWORD = "browser-admin-password"
DEMO_SUBSCRIBERS = 15


@pytest.fixture(scope="session")
def smtp():
    """The site's mail server: aiosmtpd on loopback, keeping what it receives."""
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield SMTPServer(controller=controller, handler=handler, port=port)
    controller.stop()


@dataclass
class Site:
    """The running site: its address, and the environment its processes run with
    (for `manage` commands against the same database)."""

    url: str
    env: dict[str, str]

    def manage(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=300,
            capture_output=True,
            text=True,
        )


@pytest.fixture(scope="session")
def site(tmp_path_factory, smtp):
    """The demo site seeded into a database of its own (on PostgreSQL when the run's
    DATABASE_URL is, else a SQLite file) and served by gunicorn, with its task
    worker (db_worker) and a real mail server; machine pre-translation by our fake
    translator (tests/browser/site_settings.py)."""
    folder = tmp_path_factory.mktemp("browser-site")
    with scratch_databases(["browser_site"], folder) as (database_url,):
        yield from serve_site(folder, database_url, smtp)


def serve_site(folder: Path, database_url: str, smtp: SMTPServer):
    port = free_port()
    env = {
        # Its cache in its own database (a test of two processes adds Redis).
        **environment_without("REDIS_URL"),
        "DJANGO_SETTINGS_MODULE": "tests.browser.site_settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "0",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_LANGUAGES": "en,fr,es,pt,ar",
        "PORTAL_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "EMAIL_URL": smtp.url,
    }
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "-v0", "--subscribers", str(DEMO_SUBSCRIBERS)],
        ["ensure_admin"],
    ):
        subprocess.run(
            manage + command,
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
        )
    worker = subprocess.Popen(
        [*manage, "db_worker", "--queue-name", "*", "--no-reload", "-v0"],
        cwd=ROOT,
        env=env,
    )
    server = serve_with_gunicorn(env, port, workers=2)
    url = f"http://127.0.0.1:{port}"
    try:
        yield Site(url=url, env=env)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=20)


@pytest.fixture(scope="session")
def site_url(site):
    return site.url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make browser` installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
