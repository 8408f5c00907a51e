"""Shared fixtures: the seeded demo site, built once per test session.

The seed is committed before any test runs; each test then runs inside a
transaction that is rolled back, so tests may change the tree freely. Email goes
to a real SMTP server on loopback: `smtp_server` runs for one test module, `mail`
points Django's SMTP backend at it for one test, with an empty mailbox.
"""

import shutil

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from wagtail.models import Locale

import pytest
from aiosmtpd.controller import Controller

from core import memo
from home.models import HomePage
from tests.helpers import migrate_sqlite
from tests.smtp import HOST, CollectingHandler, SMTPServer, free_port

LANGUAGES = ["en", "fr", "es", "pt", "ar"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def remove_uploaded_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A SQLite file migrated once per test process, for the tests that run
    processes of their own against a database of their own to copy: a migrate
    takes some 15 seconds."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    migrate_sqlite(path)
    return path


@pytest.fixture(autouse=True)
def fresh_memos():
    """Each test starts without what an earlier one left in this process's memos or
    caches (its database changes were rolled back, unseen by any signal), nor
    the attempts counted by rate limits (in the default cache)."""
    memo.clear()
    caches["pages"].clear()
    caches["default"].clear()


@pytest.fixture
def home(db) -> HomePage:
    return HomePage.objects.get(locale=Locale.get_default(), depth=2)


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture(scope="module")
def smtp_server():
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    try:
        yield SMTPServer(controller=controller, handler=handler, port=port)
    finally:
        controller.stop()


@pytest.fixture
def mail(smtp_server: SMTPServer, settings) -> SMTPServer:
    """The module's SMTP server, used by Django for this test, with an empty mailbox."""
    for name, value in smtp_server.settings().items():
        setattr(settings, name, value)
    smtp_server.clear()
    yield smtp_server
    smtp_server.clear()
