"""The demo's registrations: places at the coming clinic (its page says how many
are left) and a past seminar with attendance marked; seeding again adds none."""

import pytest

from demo.participation import ensure_registrations
from events.models import EventPage
from participation.models import EventRegistration

pytestmark = pytest.mark.django_db


def registered(slug: str):
    event = EventPage.objects.get(slug=slug, locale__language_code="en")
    return event, EventRegistration.objects.filter(event_key=event.translation_key)


def test_the_demo_has_registrations_and_attendance(client):
    clinic, places = registered("clinic-keeping-volunteers")
    assert places.filter(status="confirmed").count() == 8
    figures = client.get(f"/fr/community/events/{clinic.pk}/places/").json()
    assert figures["left"] == clinic.capacity - 8
    _seminar, seminar_places = registered("seminar-reading-circles")
    came = seminar_places.filter(attended=True).count()
    assert 0 < came < seminar_places.count() == 12
    assert ensure_registrations() == 0
