"""The listing-filters base: choices checked against what exists, snippet slugs in
the page's locale, one filter skipped for facet counts, options for the forms."""

from django.http import QueryDict

import pytest
from django_countries import countries

from core.listing import Choice, ListingFilters, SnippetSlug
from core.models import Topic
from stories.models import StoryPage
from stories.models.stories import APPROACHES


def with_country(stories, country: str):
    return stories.filter(country=country)


class StoryListingFilters(ListingFilters):
    filters = (
        Choice("country", lookup=with_country, values=countries, normalize=str.upper),
        Choice("approach", lookup="approach", values=dict(APPROACHES)),
        SnippetSlug("topic", lookup="story_topics__topic", model=Topic),
    )


def filters_for(query: str, locale) -> StoryListingFilters:
    return StoryListingFilters(QueryDict(query), locale)


def stories_in(locale):
    return StoryPage.objects.live().filter(locale=locale)


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_valid_choices_are_kept_in_their_query_string_form(locales):
    filters = filters_for(
        "country=ke&approach=peer_exchange&topic=local-economy", locales["fr"]
    )
    assert filters.active
    assert filters.params == {
        "country": "KE",
        "approach": "peer_exchange",
        "topic": "local-economy",
    }
    assert filters.chosen["topic"] == Topic.objects.get(
        slug="local-economy", locale=locales["fr"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "country=ZZ&approach=nope&topic=no-such-topic",
        "country=%3Cscript%3E&approach=PEER_EXCHANGE&topic=%3Cb%3E",
        "country=&approach=&topic=",
        "topic=a%00b&country=a%00b&approach=a%00b",
        "utm_source=newsletter",
    ],
)
def test_unknown_or_hostile_values_are_ignored(locales, query):
    french = locales["fr"]
    filters = filters_for(query, french)
    assert not filters.active
    assert filters.chosen == {} and filters.params == {}
    assert pks(filters.apply(stories_in(french))) == pks(stories_in(french))


@pytest.mark.django_db
def test_a_value_that_is_not_a_slug_never_reaches_the_database(
    locales, django_assert_num_queries
):
    with django_assert_num_queries(0):
        filters_for("topic=a%00b&country=ke", locales["fr"])
    with django_assert_num_queries(1):
        filters_for("topic=no-such-topic", locales["fr"])


@pytest.mark.django_db
def test_a_snippet_slug_is_found_in_the_pages_locale(locales):
    english, french = locales["en"], locales["fr"]
    in_french = filters_for("topic=local-economy", french).chosen["topic"]
    in_english = filters_for("topic=local-economy", english).chosen["topic"]
    assert in_french.locale == french and in_english.locale == english
    assert in_french.translation_key == in_english.translation_key
    assert in_french.name != in_english.name
    expected = stories_in(french).filter(story_topics__topic=in_french)
    shown = filters_for("topic=local-economy", french).apply(stories_in(french))
    assert pks(shown) == pks(expected) != set()


@pytest.mark.django_db
def test_a_slug_of_another_locale_only_is_ignored(locales):
    Topic.objects.create(
        name="Only in English", slug="only-english", locale=locales["en"]
    )
    assert filters_for("topic=only-english", locales["en"]).active
    assert not filters_for("topic=only-english", locales["fr"]).active


@pytest.mark.django_db
def test_apply_narrows_by_every_choice_and_can_skip_one(locales):
    french = locales["fr"]
    stories = stories_in(french)
    filters = filters_for("topic=local-economy&approach=peer_exchange", french)
    topic = filters.chosen["topic"]
    by_topic = stories.filter(story_topics__topic=topic)
    both = by_topic.filter(approach="peer_exchange")
    assert pks(filters.apply(stories)) == pks(both)
    assert pks(filters.apply(stories, skip="approach")) == pks(by_topic)
    assert pks(filters.apply(stories, skip="topic")) == pks(
        stories.filter(approach="peer_exchange")
    )
    assert pks(filters.apply(stories, skip="country")) == pks(both)
    assert pks(both) < pks(by_topic) < pks(stories)


@pytest.mark.django_db
def test_a_function_lookup_narrows_with_the_cleaned_value(locales):
    french = locales["fr"]
    filters = filters_for("country=hu", french)
    shown = list(filters.apply(stories_in(french)))
    assert shown and {story.country.code for story in shown} == {"HU"}


@pytest.mark.django_db
def test_options_mark_the_chosen_value_selected(locales):
    filters = filters_for("approach=mentoring&topic=local-economy", locales["fr"])
    approaches = filters.options("approach", APPROACHES)
    assert [o["value"] for o in approaches if o["selected"]] == ["mentoring"]
    assert [o["value"] for o in approaches] == [value for value, _ in APPROACHES]
    topic = filters.option("topic", "local-economy", "Économie locale", count=4)
    assert topic == {
        "value": "local-economy",
        "label": "Économie locale",
        "selected": True,
        "count": 4,
    }
    assert not filters.option("topic", "adult-literacy", "Alphabétisation")["selected"]
    assert not any(o["selected"] for o in filters.options("country", [("KE", "Kenya")]))
