"""Shared fixtures: the seeded demo site, built once per test session.

The seed is committed before any test runs; each test then runs inside a
transaction that is rolled back, so tests may change the tree freely.
"""

import shutil

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Locale

import pytest

from home.models import HomePage

LANGUAGES = ["en", "fr", "es", "pt", "ar"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def remove_uploaded_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def home(db) -> HomePage:
    return HomePage.objects.get(locale=Locale.get_default(), depth=2)


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}
