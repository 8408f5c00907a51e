"""Factories for events and recordings."""

from datetime import timedelta

from django.utils import timezone

import factory
import wagtail_factories

from events.models import EventPage, RecordingPage


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
