"""Fixtures for the translation workflow: people in each role, a story in two
languages, and our fake machine translator wired into wagtail-localize."""

from wagtail.models import Page

import pytest

from home.roles import EDITORS, MODERATORS, translator_group_name
from stories.models import StoryPage
from tests.home.factories import member_of

FAKE_TRANSLATOR = {"CLASS": "translation.machine.FakeTranslator"}


@pytest.fixture
def french_translator(db):
    return member_of(translator_group_name("fr"), "francoise")


@pytest.fixture
def spanish_translator(db):
    return member_of(translator_group_name("es"), "sofia")


@pytest.fixture
def moderator(db):
    return member_of(MODERATORS, "mo")


@pytest.fixture
def editor(db):
    return member_of(EDITORS, "eddie")


@pytest.fixture
def fake_translator(settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = FAKE_TRANSLATOR


@pytest.fixture
def no_machine_translator(settings):
    if hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR"):
        del settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR


def story(code: str) -> StoryPage:
    """The seeded Hungarian story, in one language."""
    return StoryPage.objects.get(locale__language_code=code, country="HU")


def republish(page: Page, **changes) -> Page:
    """Edit the page and publish the edit, as an editor would."""
    page = page.specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
