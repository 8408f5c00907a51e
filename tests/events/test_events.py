"""Learning events and recordings: listings, filters, calendars, feeds, in several languages."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Locale, Page

import feedparser
import icalendar
import pytest

from events.models import EventIndexPage, EventPage, RecordingIndexPage, RecordingPage
from tests.factories import EventPageFactory, RecordingPageFactory

BASE = "https://commons.example.org"


def main_html(response) -> str:
    return response.content.decode().split("<main", 1)[1]


def source(slug: str) -> Page:
    return Page.objects.get(locale__language_code="en", slug=slug).specific


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
@pytest.mark.parametrize(
    ("model", "suffix"),
    [
        (EventIndexPage, ""),
        (EventIndexPage, "ical/"),
        (EventIndexPage, "calendar/"),
        (RecordingIndexPage, ""),
        (RecordingIndexPage, "podcast/"),
    ],
)
def test_listing_queries_do_not_grow_with_content(client, locales, model, suffix):
    parent = index(model, "fr")
    url = parent.url + suffix
    small = count_queries(client, url)
    factory = EventPageFactory if model is EventIndexPage else RecordingPageFactory
    for _ in range(12):
        factory(parent=parent, locale=locales["fr"])
    assert count_queries(client, url) == small


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
