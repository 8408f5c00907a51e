"""Event and recording pages in the admin: the checks every content page type
passes, and the event form's own rules."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from core.models import Person, Topic
from events.models import EventIndexPage, EventPage, RecordingIndexPage, RecordingPage
from stories.models import StoryPage
from tests.core.content_page_types import ContentPageTypeChecks


def event_data(title: str, slug: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "A clinic on keeping volunteers.",
            "kind": "learning_clinic",
            "format": "online",
            "start": "2031-03-02 16:00",
            "end": "2031-03-02 18:00",
            "time_zone": "Europe/Lisbon",
            "venue": "",
            "address": "",
            "online_url": "https://meet.example.org/clinic",
            "registration_url": "",
            "capacity": "",
            "organiser": "Learning Commons",
            "series": "",
            "description": streamfield([]),
            "event_languages": inline_formset(
                [{"language": "pt", "interpretation": ""}]
            ),
            "event_speakers": inline_formset([]),
        }
    )


def recording_data(title: str, slug: str) -> dict:
    topic = Topic.objects.get(slug="local-economy", locale__language_code="en")
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "The recording of a clinic.",
            "date": "2026-01-15",
            "duration": "00:45:00",
            "event": "",
            "audio": "",
            "video": "",
            "slides": "",
            "video_url": "",
            "transcript": rich_text("<p>Welcome.</p>"),
            "chapters": streamfield(
                [("chapter", {"time": "0:00", "title": "Welcome"})]
            ),
            "recording_speakers": inline_formset([]),
            "recording_topics": inline_formset([{"topic": topic.pk}]),
            "captions": inline_formset([]),
        }
    )


class EventPageTypeTests(ContentPageTypeChecks, WagtailPageTestCase):
    content = [
        (EventIndexPage, EventPage, event_data),
        (RecordingIndexPage, RecordingPage, recording_data),
    ]

    def test_event_form_rejects_an_end_before_the_start(self):
        self.login()
        parent = EventIndexPage.objects.get(locale__language_code="en")
        data = event_data("Backwards", "backwards")
        data["end"] = "2031-03-02 15:00"
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk]),
            data,
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Page.objects.filter(slug="backwards").exists())
        self.assertContains(response, "cannot end before it starts")

    def test_guides_and_speakers_are_people_shared_by_stories_and_events(self):
        person = Person.objects.get(name="Wanjiru Otieno", locale__language_code="en")
        self.assertTrue(StoryPage.objects.filter(guide=person).exists())
        self.assertTrue(
            EventPage.objects.filter(event_speakers__person=person).exists()
        )
