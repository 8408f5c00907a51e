"""When an editor publishes an event with more places, the waiting list moves up
into them (and those moved up are emailed, as on a cancellation)."""

from wagtail.signals import page_published

from events.models import EventPage

from . import registrations


def fill_new_places(sender, instance, **kwargs) -> None:
    registrations.fill(instance)


def connect() -> None:
    page_published.connect(fill_new_places, sender=EventPage)
