"""Uncached rendering costs a fixed, small number of queries for every public page,
whatever the content size: at most 15 the first time a fresh process renders it (or
the first time after it is published), and almost none once the process has.

The tests' caches are in memory; with the database cache of the embedded default,
a fresh process also reads the version tokens and the site's basics from it (two
queries more), hence a ceiling of 13 here for 15 there."""

import json

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest

from core import memo
from events.models import EventIndexPage, RecordingIndexPage
from stories.models import StoryIndexPage, StoryPage
from tests.events.factories import EventPageFactory, RecordingPageFactory
from tests.home.factories import StandardPageFactory
from tests.pages import seeded_paths
from tests.stories.factories import StoryPageFactory

CEILING = 13
# A page the process has rendered since its last publish: the request's Site
# (Wagtail's lookup, once per request), and what is read for every request of a
# feed or a series. (Filters, searches and the sitemap are not memoised: the
# fresh-process test holds them to the ceiling.)
WARM_CEILING = 4
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


def queries_for(client, path: str, cold: bool = False) -> int:
    client.get(path)  # a running server's memos are warm
    if cold:  # as in a process that has never rendered a page
        memo.clear()
        caches["renditions"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def queries_for_all(client, paths: list[str], cold: bool) -> dict[str, int]:
    """Each page's count once every page has been served: what one page warms
    (a locale, a rendition) another may use."""
    for path in paths:
        client.get(path)
    return {path: queries_for(client, path, cold) for path in paths}


def english_paths() -> list[str]:
    return [path.format(code="en") for path in PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [p for p in english_paths() if "?" not in p and "sitemap" not in p]
)
def test_a_page_the_process_has_rendered_costs_almost_no_query(client, path):
    count = queries_for(client, path)
    assert count <= WARM_CEILING, f"{path}: {count} queries"


@pytest.mark.django_db
def test_every_seeded_page_renders_within_the_ceiling_in_a_fresh_process(client):
    """Every page in every language, with nothing in the process's memos: the site,
    its locales and the menu are read again too."""
    paths = seeded_paths() + [p.format(code="fr") for p in PAGES if "?" in p]
    counts = {path: queries_for(client, path, cold=True) for path in paths}
    over = {path: n for path, n in counts.items() if n > CEILING}
    assert len(counts) > 100
    assert not over, over


@pytest.mark.django_db
def test_publishing_a_page_keeps_its_next_rendering_within_the_ceiling(
    client, django_capture_on_commit_callbacks
):
    """What a publish drops from the memos is the page's own work; rendering it
    again stays within the ceiling, and shows the change."""
    path = "/en/stories/reading-circles-county-line/"
    client.get(path)
    story = StoryPage.objects.get(
        url_path__endswith="/reading-circles-county-line/", locale__language_code="en"
    )
    story.summary = "A summary written after the first rendering."
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert "A summary written after the first rendering." in response.text
    assert len(queries) <= CEILING


@pytest.mark.django_db
def test_body_images_cost_the_same_queries_however_many(client, home):
    """Each image of a body is rendered through responsive renditions: their images
    and renditions are loaded for the whole body at once."""
    images = [
        get_image_model().objects.create(
            title=f"Body image {n}", file=get_test_image_file(f"body-{n}.png")
        )
        for n in range(4)
    ]

    def page_with(count: int) -> str:
        body = [
            {"type": "image", "value": {"image": image.pk, "caption": f"Picture {n}"}}
            for n, image in enumerate(images[:count])
        ]
        return StandardPageFactory(parent=home, body=json.dumps(body)).url

    one, four = page_with(1), page_with(4)
    counts = [queries_for(client, path, cold=True) for path in (one, four)]
    assert "Picture 3" in client.get(four).text
    assert counts[0] == counts[1] <= CEILING


@pytest.mark.django_db
@pytest.mark.parametrize("cold", [False, True], ids=["rendered-before", "fresh"])
def test_query_counts_do_not_grow_with_content(client, home, cold):
    paths = [p for p in english_paths() if "about" not in p]
    before = queries_for_all(client, paths, cold)
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
    after = queries_for_all(client, paths, cold)
    # Fewer is possible (new pages without hero images need no image query).
    grown = {path: (before[path], n) for path, n in after.items() if n > before[path]}
    assert not grown, grown
