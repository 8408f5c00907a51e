"""Learning events and recordings: listings, filters, calendars, feeds, in several languages."""

import datetime as dt
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from wagtail.models import Locale, Page

import feedparser
import icalendar
import pytest

from core.models import Topic
from demo.build import ensure_recordings
from events.models import (
    EventIndexPage,
    EventLanguage,
    EventPage,
    EventSeries,
    RecordingIndexPage,
    RecordingPage,
    RecordingPageTopic,
)
from tests.events.factories import EventPageFactory, RecordingPageFactory

BASE = "https://commons.example.org"


def main_html(response) -> str:
    return response.content.decode().split("<main", 1)[1]


def source(slug: str) -> Page:
    return Page.objects.get(locale__language_code="en", slug=slug).specific


def translated(slug: str, code: str) -> Page:
    """The seeded page with this English slug, in language `code`."""
    return source(slug).get_translation(locale(code))


def card_links(response, heading: str = "h2") -> list[str]:
    return re.findall(rf'<{heading}><a href="([^"]+)">', main_html(response))


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def index(model, code: str):
    return model.objects.get(locale__language_code=code)


def count_queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_seeded_events_four_upcoming_two_past_in_every_language():
    now = timezone.now()
    for code in ["en", "fr", "es", "pt", "ar"]:
        events = EventPage.objects.live().filter(locale__language_code=code)
        assert events.filter(end__gte=now).count() == 4
        assert events.filter(end__lt=now).count() == 2
        assert (
            RecordingPage.objects.live().filter(locale__language_code=code).count() == 4
        )


@pytest.mark.django_db
def test_event_index_lists_upcoming_soonest_first_and_past_latest_first(client):
    response = client.get(index(EventIndexPage, "fr").url)
    upcoming = response.context["upcoming"]
    past = list(response.context["items"])
    assert [e.start for e in upcoming] == sorted(e.start for e in upcoming)
    assert [e.start for e in past] == sorted((e.start for e in past), reverse=True)
    assert all(e.locale.language_code == "fr" for e in [*upcoming, *past])
    html = main_html(response)
    assert html.index(escape(upcoming[0].title)) < html.index(escape(past[0].title))


@pytest.mark.django_db
def test_event_filters_by_kind_format_and_language(client):
    url = index(EventIndexPage, "es").url
    seminars = client.get(url, {"kind": "seminar"}).context
    assert {e.kind for e in [*seminars["upcoming"], *seminars["items"]]} == {"seminar"}
    in_person = client.get(url, {"format": "in_person"}).context
    assert len(in_person["upcoming"]) + len(in_person["items"]) == 2
    hungarian = client.get(url, {"language": "hu"}).context
    titles = {e.slug for e in [*hungarian["upcoming"], *hungarian["items"]]}
    assert len(titles) == 2
    nonsense = client.get(url, {"kind": "x", "format": "<", "language": "zz"})
    assert nonsense.status_code == 200
    assert len(nonsense.context["upcoming"]) == 4


@pytest.mark.django_db
def test_event_page_shows_its_time_zone_and_links_the_recording(client):
    event = EventPage.objects.get(
        locale__language_code="pt",
        slug__isnull=False,
        kind="seminar",
        start__lt=timezone.now(),
    )
    response = client.get(event.url)
    html = main_html(response)
    assert "Europe/Budapest" in html
    assert event.local_start.strftime("%H") in html
    recording = RecordingPage.objects.get(
        locale__language_code="pt", event__translation_key=event.translation_key
    )
    assert f'href="{recording.url}"' in html


@pytest.mark.django_db
def test_event_json_ld_describes_attendance_status_and_location(client):
    event = EventPage.objects.get(locale__language_code="ar", format="hybrid")
    html = client.get(event.url).content.decode()
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.+?)</script>', html, re.S
        ).group(1)
    )
    assert data["@type"] == "Event"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert [place["@type"] for place in data["location"]] == [
        "Place",
        "VirtualLocation",
    ]
    assert data["organizer"]["@type"] == "Organization"
    assert "cy" in data["inLanguage"]


@pytest.mark.django_db
def test_calendar_feed_is_advertised_and_parses_as_icalendar(client):
    events_index = index(EventIndexPage, "fr")
    head = client.get(events_index.url).content.decode().split("</head>")[0]
    assert (
        f'type="text/calendar" title="{events_index.title}" href="{BASE}{events_index.url}ical/"'
        in head.replace("&#x27;", "'")
    )
    response = client.get(f"{events_index.url}ical/")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    items = calendar.walk("VEVENT")
    assert len(items) == 6
    uids = {str(item["UID"]) for item in items}
    assert len(uids) == 6
    for item in items:
        assert item["DTSTART"].dt.tzinfo is not None
        assert item["DTEND"].dt > item["DTSTART"].dt
        assert item.get("DTSTAMP") and item.get("SUMMARY") and item.get("LOCATION")
        path = str(item["URL"]).removeprefix(BASE)
        assert path.startswith("/fr/events/")
        assert client.get(path).status_code == 200
    again = icalendar.Calendar.from_ical(client.get(f"{events_index.url}ical/").content)
    assert {str(item["UID"]) for item in again.walk("VEVENT")} == uids


@pytest.mark.django_db
def test_single_event_downloads_as_ics(client):
    event = EventPage.objects.filter(locale__language_code="en").first()
    response = client.get(f"{event.url}ical/")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    (item,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["SUMMARY"]) == event.title


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "ar"])
def test_month_calendar_shows_events_on_their_days_and_moves_by_month(client, code):
    event = (
        EventPage.objects.filter(locale__language_code=code, start__gte=timezone.now())
        .order_by("start")
        .first()
    )
    events_index = index(EventIndexPage, code)
    month = event.local_start.strftime("%Y-%m")
    response = client.get(f"{events_index.url}calendar/", {"month": month})
    assert response.status_code == 200
    html = main_html(response)
    assert f'href="{event.url}"' in html
    assert 'rel="next" href="?month=' in html and 'rel="prev" href="?month=' in html
    weeks = response.context["weeks"]
    cells = [cell for week in weeks for cell in week if event in cell["events"]]
    assert cells and cells[0]["date"] == event.local_start.date()
    for bad in ["abc", "2026-13", "99999-01", "-1-1"]:
        assert (
            client.get(f"{events_index.url}calendar/", {"month": bad}).status_code
            == 200
        )


@pytest.mark.django_db
def test_recording_offers_the_lightest_options_first_with_sizes(client):
    recording = RecordingPage.objects.get(
        locale__language_code="fr",
        slug__isnull=False,
        chapters__isnull=False,
        event__isnull=False,
        date__lt=timezone.localdate() - timezone.timedelta(days=60),
    )
    response = client.get(recording.url)
    options = response.context["media_options"]
    assert [option["kind"] for option in options] == ["transcript", "audio", "slides"]
    assert all(option["size"] > 0 for option in options)
    html = main_html(response)
    assert 'preload="none"' in html and "autoplay" not in html
    assert "KB" in html or "Ko" in html or "octets" in html
    assert recording.audio.file.read(4) == b"RIFF"
    assert recording.slides.file.read(4) == b"%PDF"


@pytest.mark.django_db
def test_podcast_feed_carries_audio_enclosures_in_its_language(client):
    recordings = index(RecordingIndexPage, "es")
    head = client.get(recordings.url).content.decode().split("</head>")[0]
    assert f'href="{BASE}{recordings.url}podcast/"' in head
    feed = feedparser.parse(client.get(f"{recordings.url}podcast/").content)
    assert not feed.bozo
    assert feed.feed.language == "es"
    assert len(feed.entries) == 4
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        assert enclosure.type.startswith("audio/")
        assert int(enclosure.length) > 1000
        assert client.get(entry.link.removeprefix(BASE)).status_code == 200
        assert client.get(enclosure.href.removeprefix(BASE)).status_code == 200


@pytest.mark.django_db
def test_recordings_filter_by_series(client):
    recordings = index(RecordingIndexPage, "pt")
    response = client.get(recordings.url, {"series": "monthly-seminar"})
    items = list(response.context["items"])
    assert len(items) == 1
    assert items[0].event.series is not None


@pytest.mark.django_db
def test_search_can_be_narrowed_to_events(client):
    event = source("workshop-energy-bill").get_translation(locale("fr"))
    word = max(re.findall(r"\w+", event.title), key=len)
    everything = client.get("/fr/search/", {"q": word}).context["results"]
    events_only = list(
        client.get("/fr/search/", {"q": word, "type": "events"}).context["results"]
    )
    assert event in events_only
    assert all(isinstance(page, EventPage) for page in events_only)
    assert everything.paginator.count >= len(events_only)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "ar"])
def test_translated_recording_shows_its_topics_in_the_visitors_language(client, code):
    recording = translated("recording-everyday-welsh", code)
    topics = [link.topic for link in recording.recording_topics.all()]
    # wagtail-localize pointed the translated recording at the translated topics.
    assert len(topics) == 3
    assert {topic.locale.language_code for topic in topics} == {code}
    html = main_html(client.get(recording.url))
    recordings_url = index(RecordingIndexPage, code).url
    for topic in topics:
        link = f'<a href="{recordings_url}?topic={topic.slug}">{escape(topic.name)}</a>'
        assert link in html
    english = Topic.objects.filter(
        locale__language_code="en", slug__in=[topic.slug for topic in topics]
    )
    assert not any(escape(topic.name) in html for topic in english)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "ar"])
def test_recordings_filter_by_topic_named_in_the_page_language(client, code):
    response = client.get(
        index(RecordingIndexPage, code).url, {"topic": "local-economy"}
    )
    assert sorted(card_links(response)) == sorted(
        translated(slug, code).url
        for slug in ["recording-trial-plots", "recording-energy-clinics"]
    )
    topic = Topic.objects.get(slug="local-economy", locale=locale(code))
    html = main_html(response)
    assert f'<option value="local-economy" selected>{escape(topic.name)}</option>' in (
        html
    )
    # The card names each recording's topics in the page's language too.
    assert html.count(f"<li>{escape(topic.name)}</li>") == 2


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["es", "ar"])
def test_recording_filters_combine(client, code):
    url = index(RecordingIndexPage, code).url

    def shown(**params) -> set[str]:
        return set(card_links(client.get(url, params)))

    def urls(*slugs: str) -> set[str]:
        return {translated(slug, code).url for slug in slugs}

    welsh, circles = "recording-everyday-welsh", "recording-reading-circles"
    assert shown(topic="intergenerational-learning") == urls(welsh, circles)
    assert shown(topic="intergenerational-learning", series="monthly-seminar") == urls(
        circles
    )
    assert shown(
        topic="intergenerational-learning", series="monthly-seminar", language="hu"
    ) == urls(circles)
    assert shown(language="sw") == urls("recording-trial-plots")
    assert shown(language="en") == urls("recording-trial-plots", circles)
    response = client.get(url, {"topic": "local-economy", "series": "monthly-seminar"})
    assert card_links(response) == []
    with translation.override(code):
        message = gettext("No recording matches these filters. Try removing one.")
    assert escape(message) in main_html(response)
    assert f'<a href="{url}">' in main_html(response)


@pytest.mark.django_db
def test_recording_language_filter_is_a_plain_form_with_the_events_languages(client):
    recordings = index(RecordingIndexPage, "fr")
    html = main_html(client.get(recordings.url, {"language": "hu"}))
    form = html.split('<form class="filters" method="get"', 1)[1].split("</form>")[0]
    assert f'action="{recordings.url}"' in form
    language_select = form.split('<select id="filter-language" name="language">')[1]
    language_select = language_select.split("</select>")[0]
    values = re.findall(r'<option value="(\w+)"', language_select)
    # The languages of the events that have recordings (Luo is not a Django language).
    assert sorted(values) == ["en", "hu", "sw"]
    with translation.override("fr"):
        hungarian = gettext("Hungarian")
    assert hungarian != "Hungarian"
    assert f'<option value="hu" selected>{hungarian}</option>' in language_select
    series = EventSeries.objects.get(slug="monthly-seminar", locale=locale("fr"))
    assert f'<option value="monthly-seminar">{escape(series.name)}</option>' in form


@pytest.mark.django_db
def test_unknown_recording_filter_values_are_ignored(client):
    url = index(RecordingIndexPage, "ar").url
    response = client.get(
        url, {"topic": "<b>", "series": "no-such", "language": "zz", "page": "x"}
    )
    assert response.status_code == 200
    assert len(card_links(response)) == 4
    assert " selected>" not in main_html(response)


@pytest.mark.django_db
def test_podcast_items_carry_their_topics_in_the_feed_language(client):
    recordings = index(RecordingIndexPage, "ar")
    feed = feedparser.parse(client.get(f"{recordings.url}podcast/").content)
    recording = translated("recording-energy-clinics", "ar")
    (entry,) = [e for e in feed.entries if e.link.endswith(recording.url)]
    names = Topic.objects.filter(
        locale__language_code="ar", slug__in=["community-energy", "local-economy"]
    ).values_list("name", flat=True)
    assert sorted(tag.term for tag in entry.tags) == sorted(names)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "ar"])
def test_series_page_lists_its_sessions_upcoming_then_past(client, code):
    events_index = index(EventIndexPage, code)
    series = EventSeries.objects.get(slug="monthly-seminar", locale=locale(code))
    response = client.get(f"{events_index.url}series/monthly-seminar/")
    assert response.status_code == 200
    assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in (
        response.content.decode()
    )
    html = main_html(response)
    assert f"<h1>{escape(series.name)}</h1>" in html
    assert escape(series.description) in html
    sessions = [
        "seminar-minority-language",
        "e-conference-beyond-europe",
        "seminar-reading-circles",
    ]
    assert card_links(response, "h3") == [translated(s, code).url for s in sessions]
    upcoming, past = html.split('id="past-heading"')
    assert translated("seminar-reading-circles", code).url in past
    assert translated("e-conference-beyond-europe", code).url in upcoming
    assert translated("workshop-energy-bill", code).url not in html


@pytest.mark.django_db
def test_unknown_series_is_not_found(client):
    events_index = index(EventIndexPage, "fr")
    assert client.get(f"{events_index.url}series/no-such-series/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "ar"])
def test_event_page_and_event_index_link_to_the_series_in_its_language(client, code):
    event = translated("seminar-minority-language", code)
    series = EventSeries.objects.get(slug="monthly-seminar", locale=locale(code))
    # wagtail-localize maps the series to its translation.
    assert event.series == series
    events_index = index(EventIndexPage, code)
    link = (
        f'<a href="{events_index.url}series/monthly-seminar/">{escape(series.name)}</a>'
    )
    assert link in main_html(client.get(event.url))
    assert link in main_html(client.get(events_index.url))


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "ar"])
def test_event_and_recording_link_each_other_in_the_visitors_language(client, code):
    event = translated("seminar-reading-circles", code)
    recording = translated("recording-reading-circles", code)
    assert f'href="{recording.url}"' in main_html(client.get(event.url))
    assert f'href="{event.url}"' in main_html(client.get(recording.url))


@pytest.mark.django_db
def test_event_and_recording_fall_back_to_the_source_without_a_translation(client):
    translated("recording-reading-circles", "ar").unpublish()
    event = translated("seminar-reading-circles", "ar")
    html = main_html(client.get(event.url))
    assert f'href="{source("recording-reading-circles").url}"' in html
    french_event = translated("seminar-reading-circles", "fr")
    french_html = main_html(client.get(french_event.url))
    assert f'href="{translated("recording-reading-circles", "fr").url}"' in french_html

    translated("peer-exchange-trial-plots", "ar").unpublish()
    recording = translated("recording-trial-plots", "ar")
    html = main_html(client.get(recording.url))
    assert f'href="{source("peer-exchange-trial-plots").url}"' in html


@pytest.mark.django_db
def test_seeding_again_gives_topics_to_recordings_seeded_without_them():
    recording = source("recording-trial-plots")
    RecordingPageTopic.objects.filter(
        page__translation_key=recording.translation_key
    ).delete()
    ensure_recordings(index(RecordingIndexPage, "en"), index(EventIndexPage, "en"))
    for code in ["en", "fr", "ar"]:
        page = RecordingPage.objects.get(
            translation_key=recording.translation_key, locale__language_code=code
        )
        assert [link.topic for link in page.recording_topics.all()] == [
            Topic.objects.get(slug="local-economy", locale__language_code=code)
        ]


@pytest.fixture
def add_french_content(locales):
    """Adds French events and recordings carrying everything their cards, feeds
    and filters show: a series, languages, topics, an event, audio."""
    french = locales["fr"]
    events_index = index(EventIndexPage, "fr")
    recordings_index = index(RecordingIndexPage, "fr")
    series = EventSeries.objects.get(slug="monthly-seminar", locale=french)
    topic = Topic.objects.get(slug="local-economy", locale=french)
    seminar = source("seminar-reading-circles")
    audio = source("recording-reading-circles").audio
    now = timezone.now()

    def add(count: int) -> None:
        for number in range(count):
            start = now + dt.timedelta(hours=1 if number % 2 else -3)
            EventPageFactory(
                parent=events_index,
                locale=french,
                start=start,
                end=start + dt.timedelta(hours=1),
                series=series,
                event_languages=[EventLanguage(language="en")],
            )
            RecordingPageFactory(
                parent=recordings_index,
                locale=french,
                event=seminar,
                audio=audio,
                recording_topics=[RecordingPageTopic(topic=topic)],
            )

    return add


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/fr/events/",
        "/fr/events/?kind=seminar&format=online&language=en",
        "/fr/events/calendar/",
        "/fr/events/ical/",
        "/fr/events/series/monthly-seminar/",
        "/fr/recordings/",
        "/fr/recordings/?topic=local-economy&series=monthly-seminar&language=en",
        "/fr/recordings/podcast/",
    ],
)
def test_listing_queries_do_not_grow_with_content(
    client, settings, add_french_content, path
):
    # Without a cache every per-item cache read (site root paths, say) becomes a
    # query, as it is with the database cache that production may use.
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {"default": dummy, "pages": dummy, "renditions": dummy}
    add_french_content(1)
    small = client.get(path)
    small_count = count_queries(client, path)
    add_french_content(15)
    large = client.get(path)
    assert len(large.content) > len(small.content)
    assert count_queries(client, path) == small_count
