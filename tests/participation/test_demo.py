"""The demo's registrations and clinics: the coming clinic is full with three
waiting (its page says so), the past seminar has attendance marked and its
certificates issued, two ambassadors' accepted proposals are those events and a
third waits for review; seeding again adds none."""

import pytest

from demo.participation import ensure_clinics, ensure_registrations
from events.models import EventPage
from participation.models import Certificate, ClinicProposal, EventRegistration

pytestmark = pytest.mark.django_db


def registered(slug: str):
    event = EventPage.objects.get(slug=slug, locale__language_code="en")
    return event, EventRegistration.objects.filter(event_key=event.translation_key)


def test_the_demo_has_registrations_a_waiting_list_and_attendance(client):
    clinic, places = registered("clinic-keeping-volunteers")
    assert places.filter(status="confirmed").count() == clinic.capacity == 8
    assert places.filter(status="waiting").count() == 3
    figures = client.get(f"/fr/community/events/{clinic.pk}/places/").json()
    assert (figures["left"], figures["waiting"]) == (0, 3)
    seminar, seminar_places = registered("seminar-reading-circles")
    came = seminar_places.filter(attended=True)
    assert 0 < came.count() < seminar_places.count() == 12
    assert not came.filter(status="waiting").exists()
    assert Certificate.objects.filter(registration__in=came).count() == came.count()
    assert ensure_registrations() == 0


def test_the_demo_has_accepted_clinics_and_one_waiting():
    accepted = ClinicProposal.objects.filter(status="accepted")
    assert {p.event.slug for p in accepted} == {
        "clinic-keeping-volunteers",
        "seminar-reading-circles",
    }
    waiting = ClinicProposal.objects.get(status="submitted")
    assert waiting.language == "ar"
    host = accepted.get(event__slug="seminar-reading-circles")
    assert Certificate.objects.filter(proposal=host, kind="hosting").exists()
    assert ensure_clinics() == 0
