"""A site's basics (its Site, root paths, locales, private sections and identity)
come to a process that has not seen them in one shared-cache read, and a change to
any of them is seen on the next request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from core import memo
from stories.models import StoryPage

pytestmark = pytest.mark.django_db
BASICS_TABLES = (
    "wagtailcore_site",
    "wagtailcore_locale",
    "wagtailcore_pageviewrestriction",
)
STORY = "/reading-circles-county-line/"


@pytest.fixture(autouse=True)
def memos_on(settings):
    settings.PORTAL_MEMO_ENABLED = True


def tables_read(client, path: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return " ".join(query["sql"] for query in queries)


def test_a_fresh_process_reads_none_of_them_from_the_database(client):
    client.get("/fr/")  # a running process has shared them
    memo.clear()
    read = tables_read(client, "/fr/stories/")
    assert not [table for table in BASICS_TABLES if f'FROM "{table}"' in read]
    assert 'FROM "wagtailcore_site"' in tables_read(client, "/es/stories/")


def test_with_a_cache_that_keeps_nothing_each_request_reads_them(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    content = client.get("/ar/").content.decode()
    assert 'dir="rtl"' in content
    memo.clear()
    assert 'FROM "wagtailcore_site"' in tables_read(client, "/ar/")


def test_a_story_made_private_leaves_the_listing_on_the_next_request(
    client, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.get(url_path__endswith=STORY, locale__language_code="en")
    assert story.title in client.get("/en/stories/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.PASSWORD, password="x1"
        )
    assert story.title not in client.get("/en/stories/").content.decode()
    asked = client.get(story.url).content.decode()
    assert 'name="password"' in asked
    assert story.summary not in asked
