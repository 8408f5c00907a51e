"""Factories for the page types, for tests that need pages beyond the seeded tree."""

from datetime import timedelta

from django.utils import timezone

import factory
import wagtail_factories

from events.models import EventPage, RecordingPage
from home.models import StandardPage
from stories.models import StoryPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    slug = factory.Sequence(lambda n: f"standard-page-{n}")
    introduction = "A page made for a test."

    class Meta:
        model = StandardPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Generated story {n}")
    slug = factory.Sequence(lambda n: f"generated-story-{n}")
    summary = "How a community learned with its neighbours."
    country = "PT"
    approach = "peer_exchange"
    body = [("paragraph", "<p>What happened.</p>")]

    class Meta:
        model = StoryPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Generated event {n}")
    slug = factory.Sequence(lambda n: f"generated-event-{n}")
    kind = "seminar"
    format = "online"
    online_url = "https://meet.example.org/generated"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=1))
    time_zone = "Europe/Lisbon"
    summary = "A generated event."
    organiser = "Learning Commons"

    class Meta:
        model = EventPage


class RecordingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Generated recording {n}")
    slug = factory.Sequence(lambda n: f"generated-recording-{n}")
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    duration = timedelta(minutes=30)
    summary = "A generated recording."

    class Meta:
        model = RecordingPage
