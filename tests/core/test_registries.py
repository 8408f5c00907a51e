"""The shared apps find the feature apps' page types and snippets through the app
registry, by what each class says it is, and leave Wagtail's classes as they are."""

from django.utils.translation import override

from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, Site
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

import pytest

from core import versions
from core.models import Person, Topic, page_types_by_section
from events.models import EventPage, EventSeries, RecordingPage
from newsletter.models import NewsletterIssuePage
from newsletter.models.issues import new_work
from pagecache.signals import shown_everywhere
from stories.models import CommunityProfile, StoryIndexPage, StoryPage
from translation.status import section_of, sections


def test_wagtail_and_django_classes_are_not_patched():
    for owner, name in [
        (LocaleManager, "get_for_language"),
        (Site, "get_site_root_paths"),
        (Site, "find_for_request"),
        (PageQuerySet, "private_q"),
        (PageQuerySet, "public"),
        (AbstractImage, "get_rendition"),
        (AbstractImage, "get_renditions"),
        (Page, "localized"),
    ]:
        attribute = getattr(owner, name)
        module = getattr(attribute, "__module__", None) or attribute.fget.__module__
        assert module.startswith("wagtail."), f"{owner.__name__}.{name} is {module}"


def test_site_wide_snippets_are_found_through_the_registry():
    models = set(shown_everywhere())
    assert {Topic, Person, CommunityProfile, EventSeries, Site, Locale} <= models
    assert StoryPage not in models


@pytest.mark.django_db
def test_saving_a_topic_drops_the_whole_page_cache(
    django_capture_on_commit_callbacks,
):
    key = versions.VERSION_PREFIX + versions.SITE_TAG
    versions.page_cache().set(key, "before", timeout=60)
    topic = Topic.objects.filter(locale__language_code="fr").first()
    if topic is None:
        pytest.skip("no seeded topic")
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = f"{topic.name}!"
        topic.save()
    assert versions.page_cache().get(key) not in (None, "before")


def test_dashboard_sections_come_from_the_page_classes():
    assert list(sections()) == [
        "stories",
        "events",
        "recordings",
        "newsletter",
        "community",
        "other",
    ]
    with override("en"):
        labels = {key: str(label) for key, label in sections().items()}
    assert labels["recordings"] == "Recordings"


@pytest.mark.django_db
def test_a_page_names_its_own_section():
    index = StoryIndexPage.objects.filter(locale__language_code="en").first()
    if index is None:
        pytest.skip("no seeded stories index")
    assert section_of(index) == "stories"
    assert section_of(Page.objects.get(depth=2, locale__language_code="en")) == "other"


def test_search_types_and_new_work_come_from_the_page_classes():
    assert [section.key for section, _ in page_types_by_section("search_section")] == [
        "stories",
        "events",
        "recordings",
    ]
    assert dict(new_work()) == {
        "story": StoryPage,
        "recording": RecordingPage,
        "event": EventPage,
    }
    assert NewsletterIssuePage.new_work_kind is None
