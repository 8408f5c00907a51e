"""The database goes away: gunicorn, with the production settings, pointed at a
PostgreSQL port where nothing listens or at a SQLite file that cannot be opened.
`/healthz` answers 503 JSON; every page answers a small 503 page in the visitor's
language (the URL prefix, else Accept-Language) with `Retry-After`, never a
traceback and never Django's plain 500 page."""

import json
import os
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, InterfaceError, OperationalError, ProgrammingError
from django.utils import translation
from django.utils.html import escape

import pytest

from ops.unavailable import DatabaseUnavailableMiddleware
from tests.helpers import ROOT, environment_without, serve_with_gunicorn
from tests.smtp import free_port

UNAVAILABLE_HEADING = "The site is briefly unavailable"
UNAVAILABLE_TEXT = (
    "We cannot reach our database just now. Please try again in a few minutes."
)
TRACEBACK_MARKERS = ("Traceback", "OperationalError", 'File "', "sqlite3", "psycopg")


def in_language(language: str, message: str) -> str:
    """The catalogue's translation, HTML-escaped as the template writes it."""
    with translation.override(language):
        return escape(translation.gettext(message))


# Production, except that static files are not collected (no manifest to read).
SETTINGS = """
from portal.settings.production import *  # noqa

STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
"""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


def fetch(url: str, headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, head, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, head, body = error.code, error.headers, error.read()
    return Answer(
        status=status,
        headers={key.lower(): value for key, value in head.items()},
        body=body.decode(),
    )


def unopenable_sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3"


def closed_postgres_port(tmp_path: Path) -> str:
    return f"postgres://portal:portal@127.0.0.1:{free_port()}/portal"


@pytest.fixture(
    scope="module",
    params=[unopenable_sqlite, closed_postgres_port],
    ids=["sqlite-unopenable", "postgres-closed-port"],
)
def site_without_database(request, tmp_path_factory):
    """The production configuration served by gunicorn, its database out of reach."""
    folder = tmp_path_factory.mktemp("no-database")
    (folder / "unavailable_settings.py").write_text(SETTINGS)
    port = free_port()
    env = environment_without("DATABASE_URL", "DJANGO_", "PORTAL_", "REDIS_URL")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "unavailable_settings",
            "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
            "SECRET_KEY": "database-unavailable-test-key",
            "DATABASE_URL": request.param(folder),
            "SECURE_SSL_REDIRECT": "0",
            "DEBUG": "0",
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        }
    )
    server = serve_with_gunicorn(
        env, port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    yield url
    server.terminate()
    server.wait(timeout=20)


def assert_friendly_503(answer: Answer, language: str) -> None:
    assert answer.status == 503, answer.body
    assert int(answer.headers["retry-after"]) > 0
    assert answer.headers["content-type"].startswith("text/html")
    assert "no-store" in answer.headers["cache-control"]
    assert answer.headers["content-language"] == language
    for marker in TRACEBACK_MARKERS:
        assert marker not in answer.body
    assert f'<html lang="{language}"' in answer.body


def test_healthz_answers_503_json(site_without_database):
    answer = fetch(f"{site_without_database}/healthz")
    assert answer.status == 503
    assert json.loads(answer.body) == {"status": "unavailable", "database": "error"}


def test_a_french_page_answers_a_french_503_page(site_without_database):
    answer = fetch(f"{site_without_database}/fr/stories/")
    assert_friendly_503(answer, "fr")
    assert 'dir="ltr"' in answer.body
    assert in_language("fr", UNAVAILABLE_HEADING) in answer.body
    assert in_language("fr", UNAVAILABLE_TEXT) in answer.body


def test_an_arabic_page_answers_a_right_to_left_arabic_503_page(
    site_without_database,
):
    answer = fetch(f"{site_without_database}/ar/")
    assert_friendly_503(answer, "ar")
    assert 'dir="rtl"' in answer.body
    assert 'href="/ar/"' in answer.body
    assert in_language("ar", UNAVAILABLE_HEADING) in answer.body


def test_outside_the_prefixes_the_browser_language_is_used(site_without_database):
    # An email link: the view looks the token up in the database.
    unsubscribe = fetch(
        f"{site_without_database}/newsletter/unsubscribe/some-token/",
        {"Accept-Language": "ar,en;q=0.5"},
    )
    assert_friendly_503(unsubscribe, "ar")
    assert 'dir="rtl"' in unsubscribe.body
    # No view at all: Django's 404 page needs the database, so the failure is
    # raised while handling the 404, outside any view.
    missing = fetch(
        f"{site_without_database}/no-such-page", {"Accept-Language": "fr-FR,fr"}
    )
    assert_friendly_503(missing, "fr")


def test_a_post_gets_the_same_503_page(site_without_database):
    request = urllib.request.Request(
        f"{site_without_database}/newsletter/unsubscribe/some-token/",
        data=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        urllib.request.urlopen(request, timeout=20)
        pytest.fail("the unsubscribe POST succeeded without a database")
    except urllib.error.HTTPError as error:
        assert error.code == 503
        assert "Retry-After" in error.headers


def test_only_a_lost_connection_is_a_503(rf):
    """A failed connection is the database being away; any other DatabaseError (a
    bad query, a missing table) is a bug and stays a server error."""
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = rf.get("/es/stories/")
    for error in (OperationalError("connection refused"), InterfaceError("closed")):
        response = middleware.process_exception(request, error)
        assert response.status_code == 503
        assert response["Content-Language"] == "es"
    for error in (ProgrammingError("no such table"), IntegrityError("duplicate")):
        assert middleware.process_exception(request, error) is None
