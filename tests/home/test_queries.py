"""Uncached rendering costs a fixed, small number of queries for every public page,
whatever the content size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.models import EventIndexPage, RecordingIndexPage
from stories.models import StoryIndexPage
from tests.factories import (
    EventPageFactory,
    RecordingPageFactory,
    StandardPageFactory,
    StoryPageFactory,
)

CEILING = 15
PAGES = [
    "/{code}/",
    "/{code}/about/",
    "/{code}/stories/",
    "/{code}/stories/?topic=local-economy",
    "/{code}/stories/feed/",
    "/{code}/stories/reading-circles-county-line/",
    "/{code}/events/",
    "/{code}/events/calendar/",
    "/{code}/events/ical/",
    "/{code}/events/series/monthly-seminar/",
    "/{code}/events/seminar-minority-language/",
    "/{code}/recordings/",
    "/{code}/recordings/podcast/",
    "/{code}/recordings/recording-reading-circles/",
    "/{code}/newsletter/",
    "/{code}/newsletter/first-issue/",
    "/{code}/subscribe/",
    "/{code}/search/?q=learning",
    "/sitemap.xml",
]


@pytest.fixture(autouse=True)
def memos_on(settings):
    settings.PORTAL_MEMO_ENABLED = True


def queries_for(client, path: str) -> int:
    client.get(path)  # a running server's memos are warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def queries_for_all(client, paths: list[str]) -> dict[str, int]:
    """Each page's count once every page has been served: what one page warms
    (a locale, a rendition) another may use."""
    for path in paths:
        client.get(path)
    return {path: queries_for(client, path) for path in paths}


def english_paths() -> list[str]:
    return [path.format(code="en") for path in PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize("path", english_paths())
def test_every_page_type_stays_under_the_query_ceiling(client, path):
    count = queries_for(client, path)
    assert count <= CEILING, f"{path}: {count} queries"


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_content(client, home):
    paths = [p for p in english_paths() if "about" not in p]
    before = queries_for_all(client, paths)
    sections = {
        StoryPageFactory: StoryIndexPage,
        EventPageFactory: EventIndexPage,
        RecordingPageFactory: RecordingIndexPage,
    }
    for factory, index_model in sections.items():
        index = index_model.objects.get(locale__language_code="en")
        for _ in range(15):
            factory(parent=index)
    for _ in range(10):
        StandardPageFactory(parent=home, show_in_menus=True)
    after = queries_for_all(client, paths)
    assert after == before
