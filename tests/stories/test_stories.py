"""Community guide stories: pages, filters, feed, communities, in several languages."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Locale, Page

import feedparser
import pytest

from core.models import Topic
from stories.models import StoryIndexPage, StoryPage
from tests.stories.factories import StoryPageFactory


def main_html(response) -> str:
    return response.content.decode().split("<main", 1)[1]


def story_links(response) -> list[str]:
    return re.findall(r'<h[23]><a href="([^"]+)">', main_html(response))


@pytest.fixture
def french_index(db) -> StoryIndexPage:
    return StoryIndexPage.objects.get(locale__language_code="fr")


@pytest.mark.django_db
def test_every_seeded_story_exists_and_renders_in_every_language(client):
    for code in ["en", "fr", "es", "pt", "ar"]:
        stories = StoryPage.objects.live().filter(locale__language_code=code)
        assert stories.count() == 8
        for story in stories:
            assert client.get(story.url).status_code == 200, story.url


@pytest.mark.django_db
def test_story_page_shows_country_and_topics_in_the_visitors_language(client):
    french = StoryPage.objects.get(locale__language_code="fr", country="HU")
    body = main_html(client.get(french.url))
    assert "Hongrie" in body
    assert french.title in body
    french_topics = Topic.objects.filter(locale__language_code="fr")
    english_topics = Topic.objects.filter(locale__language_code="en")
    assert any(topic.name in body for topic in french_topics)
    assert not any(topic.name in body for topic in english_topics)
    arabic = StoryPage.objects.get(locale__language_code="ar", country="HU")
    assert "المجر" in main_html(client.get(arabic.url))


@pytest.mark.django_db
def test_story_page_carries_article_json_ld_in_its_language(client):
    story = StoryPage.objects.get(locale__language_code="es", country="ES")
    html = client.get(story.url).content.decode()
    raw = re.search(
        r'<script type="application/ld\+json">(.+?)</script>', html, re.S
    ).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Article"
    assert data["inLanguage"] == "es"
    assert data["headline"] == story.title
    assert data["url"] == f"https://commons.example.org{story.url}"
    assert data["author"] == {"@type": "Person", "name": "Jordi Serra"}


@pytest.mark.django_db
def test_related_stories_stay_in_the_visitors_language(client):
    french = StoryPage.objects.get(locale__language_code="fr", country="HU")
    links = story_links(client.get(french.url))
    assert len(links) == 3
    assert all(link.startswith("/fr/stories/") for link in links)
    # The hand-picked story (Recife) comes first, topped up by shared topics.
    recife = StoryPage.objects.get(locale__language_code="fr", country="BR")
    assert links[0] == recife.url


@pytest.mark.django_db
def test_topic_filter_finds_the_stories_of_that_topic_in_french(client, french_index):
    response = client.get(french_index.url, {"topic": "local-economy"})
    assert response.status_code == 200
    expected = StoryPage.objects.live().filter(
        locale__language_code="fr", story_topics__topic__slug="local-economy"
    )
    assert sorted(story_links(response)) == sorted(story.url for story in expected)
    assert len(expected) == 4
    topic = Topic.objects.get(slug="local-economy", locale__language_code="fr")
    assert f">{topic.name} (4)</option>" in response.content.decode()


@pytest.mark.django_db
def test_filters_combine_and_count_what_each_choice_would_show(client, french_index):
    response = client.get(
        french_index.url, {"topic": "local-economy", "approach": "peer_exchange"}
    )
    kenya = StoryPage.objects.get(locale__language_code="fr", country="KE")
    assert story_links(response) == [kenya.url]
    facets = response.context["facets"]
    # Each facet counts what its own choice would show given the other filters.
    countries = {option["value"]: option["count"] for option in facets["country"]}
    assert countries == {"KE": 1}
    approaches = {option["value"]: option["count"] for option in facets["approach"]}
    assert approaches == {
        "learning_clinic": 1,
        "mentoring": 1,
        "study_visit": 1,
        "peer_exchange": 1,
    }
    topics = {option["value"]: option["count"] for option in facets["topic"]}
    assert topics == {"adult-literacy": 1, "digital-inclusion": 1, "local-economy": 1}
    assert [o["value"] for o in facets["approach"] if o["selected"]] == [
        "peer_exchange"
    ]


@pytest.mark.django_db
def test_unknown_filter_values_are_ignored(client, french_index):
    response = client.get(
        french_index.url,
        {"country": "ZZ", "topic": "<b>", "approach": "x", "page": "-4"},
    )
    assert response.status_code == 200
    assert len(story_links(response)) == 8


@pytest.mark.django_db
def test_filter_with_no_match_says_so(client, french_index):
    response = client.get(french_index.url, {"country": "HU", "approach": "mentoring"})
    assert story_links(response) == []
    with translation.override("fr"):
        message = gettext("No story matches these filters. Try removing one.")
    assert message != "No story matches these filters. Try removing one."
    assert message in main_html(response).replace("&#x27;", "'")


@pytest.mark.django_db
def test_story_index_paginates_twelve_per_page(client, locales):
    index = StoryIndexPage.objects.get(locale__language_code="pt")
    for _ in range(6):
        StoryPageFactory(parent=index, locale=locales["pt"])
    first = client.get(index.url)
    assert len(story_links(first)) == 12
    second = client.get(index.url, {"page": 2})
    assert len(story_links(second)) == 2


@pytest.mark.django_db
def test_feed_is_advertised_and_parses_with_every_link_answering(client):
    index = StoryIndexPage.objects.get(locale__language_code="ar")
    head = client.get(index.url).content.decode().split("</head>")[0]
    href = re.search(
        r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="([^"]+)"',
        head,
    ).group(1)
    assert href == f"https://commons.example.org{index.url}feed/"
    response = client.get(f"{index.url}feed/")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.language == "ar"
    assert len(feed.entries) == 8
    for entry in feed.entries:
        path = entry.link.removeprefix("https://commons.example.org")
        assert path.startswith("/ar/stories/")
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_community_profile_lists_its_stories_in_the_language(client):
    index = StoryIndexPage.objects.get(locale__language_code="es")
    response = client.get(f"{index.url}communities/cwm-tawe-learning-network/")
    assert response.status_code == 200
    links = story_links(response)
    welsh = StoryPage.objects.get(locale__language_code="es", country="GB")
    assert links == [welsh.url]
    assert "Reino Unido" in main_html(response)
    assert client.get(f"{index.url}communities/no-such-community/").status_code == 404


def count_queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "feed/", "?topic=adult-literacy&country=PT"])
def test_listing_and_feed_queries_do_not_grow_with_stories(client, locales, suffix):
    index = StoryIndexPage.objects.get(locale__language_code="fr")
    small = count_queries(client, index.url + suffix)
    image = StoryPage.objects.exclude(hero_image=None).first().hero_image
    for _ in range(15):
        story = StoryPageFactory(
            parent=index, locale=locales["fr"], country="PT", hero_image=image
        )
        story.story_topics.create(
            topic=Topic.objects.get(slug="adult-literacy", locale=locales["fr"])
        )
    large = count_queries(client, index.url + suffix)
    assert large == small


@pytest.mark.django_db
def test_search_finds_a_french_story_by_french_words(client):
    story = StoryPage.objects.get(locale__language_code="fr", country="KE")
    word = max(re.findall(r"\w+", story.title), key=len)
    response = client.get("/fr/search/", {"q": word})
    assert story.url in main_html(response)


@pytest.mark.django_db
def test_topics_and_communities_are_managed_in_the_admin(admin_client):
    for path in [
        "/admin/snippets/core/topic/",
        "/admin/snippets/stories/communityprofile/",
        "/admin/snippets/core/person/",
    ]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
    french = Locale.objects.get(language_code="fr")
    response = admin_client.get("/admin/snippets/core/topic/", {"locale": "fr"})
    assert (
        Topic.objects.get(slug="community-energy", locale=french).name
        in response.content.decode()
    )
    assert Page.objects.type(StoryPage).count() == 40
