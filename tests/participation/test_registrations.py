"""Registering for an event, with the real SMTP server: a visitor confirms their
address, a member registers in one click, the waiting list moves up when someone
cancels, and the join link reaches only people with a place."""

import re
from urllib.parse import urlsplit

from django.core import signing
from django.utils.html import escape
from django.utils.translation import gettext, override

import icalendar
import pytest

from events.models import EventIndexPage
from participation.models import EventRegistration
from tests.events.factories import EventPageFactory
from tests.members.test_accounts import text_of
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db
JOIN = "https://meet.example.org/clinic-secret"
Status = EventRegistration.Status
CHECK_INBOX = "Thank you. Check your inbox: an email tells you what comes next."


def in_french(text: str) -> str:
    with override("fr"):
        translated = gettext(text)
    assert translated != text  # the catalogue has it
    return escape(translated)


@pytest.fixture
def event(django_capture_on_commit_callbacks):
    """A coming online event with one place; the demo's registrations out of the
    way, so that every registration is this test's."""
    EventRegistration.objects.all().delete()
    index = EventIndexPage.objects.get(locale__language_code="en")
    page = EventPageFactory(
        parent=index, title="Budgets clinic", online_url=JOIN, capacity=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def path(event, code="en", end=""):
    return f"/{code}/community/events/{event.pk}/{end}"


def link(message, name: str) -> str:
    """The path of the email's confirm or cancel link."""
    found = re.search(rf"https?://\S+/community/events/{name}/\S+/", text_of(message))
    assert found, text_of(message)
    return urlsplit(found.group(0)).path


def visitor_registers(client, event, email, code="fr", name="Anaïs"):
    response = client.post(path(event, code), {"name": name, "email": email})
    assert response.status_code == 302
    return client.get(response["Location"])


def test_a_visitor_in_french_confirms_then_gets_a_place_with_the_ics(
    client, mail, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = visitor_registers(client, event, "anais@example.org")
    assert in_french(CHECK_INBOX) in page.content.decode()
    [confirm_mail] = mail.messages
    assert confirm_mail["Content-Language"] == "fr"
    registration = EventRegistration.objects.get()
    assert registration.status == Status.UNCONFIRMED
    confirm_path = link(confirm_mail, "confirm")
    mail.clear()
    # Opening the link changes nothing (a mail scanner may open it); posting does.
    assert client.get(confirm_path).status_code == 200
    assert EventRegistration.objects.get().status == Status.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm_path).status_code == 302
    assert EventRegistration.objects.get().status == Status.CONFIRMED
    [place_mail] = mail.messages
    assert JOIN in text_of(place_mail)
    [attachment] = list(place_mail.iter_attachments())
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    [item] = calendar.walk("VEVENT")
    assert JOIN in str(item["description"])
    assert "/community/events/cancel/" in text_of(place_mail)


def test_the_waiting_list_moves_up_when_someone_with_a_place_cancels(
    client, mail, event, django_capture_on_commit_callbacks
):
    member = make("nour", speaks=["ar"], language="ar")
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path(event, "ar"))
    client.logout()
    mine = EventRegistration.objects.get(email="nour@example.org")
    assert (mine.status, mine.language) == (Status.CONFIRMED, "ar")
    [nour_place] = mail.messages
    with django_capture_on_commit_callbacks(execute=True):
        visitor_registers(client, event, "claire@example.org", code="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link(mail.messages[-1], "confirm"))
    waiting = EventRegistration.objects.get(email="claire@example.org")
    assert waiting.status == Status.WAITING
    assert JOIN not in text_of(mail.messages[-1])
    assert client.get(path(event, end="places/")).json()["waiting"] == 1
    mail.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link(nour_place, "cancel")).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    by_address = {message["To"]: message for message in mail.messages}
    assert by_address["nour@example.org"]["Content-Language"] == "ar"
    assert JOIN in text_of(by_address["claire@example.org"])
    assert by_address["claire@example.org"]["Subject"].startswith("A place opened")
    figures = client.get(path(event, end="places/")).json()
    assert (figures["left"], figures["waiting"]) == (0, 0)


def test_the_join_link_only_for_people_with_a_place(client, event):
    public = client.get(event.url).content.decode()
    assert JOIN not in public
    assert path(event) in public  # the way to register
    assert JOIN not in client.get(event.url + "ical/").content.decode()
    assert JOIN not in client.get(path(event)).content.decode()
    member = make("claire")
    client.force_login(member.user)
    assert JOIN not in client.get(path(event)).content.decode()
    client.post(path(event))
    assert JOIN in client.get(path(event)).content.decode()


def test_registering_twice_or_with_a_known_address_looks_the_same(
    client, mail, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = visitor_registers(client, event, "anais@example.org").content
        again = visitor_registers(client, event, "ANAIS@example.org").content
    assert EventRegistration.objects.count() == 1
    assert len(mail.messages) == 2  # the same email, sent again
    thanks = in_french(CHECK_INBOX).encode()
    assert thanks in first and thanks in again


def test_forged_or_expired_links_change_nothing(client, event, settings):
    settings.PARTICIPATION_REGISTER_RATE_LIMIT = (10, 60)
    registration = EventRegistration.objects.create(
        event=event,
        event_key=event.translation_key,
        name="A",
        email="a@example.org",
        language="en",
    )
    forged = signing.dumps(registration.pk, salt="another.salt")
    assert client.post(f"/en/community/events/confirm/{forged}/").status_code == 404
    assert client.post(f"/en/community/events/cancel/{forged}x/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.UNCONFIRMED


def test_no_registration_for_a_past_or_cancelled_event(client, event):
    event.cancelled = True
    event.save_revision().publish()
    client.post(path(event), {"name": "A", "email": "a@example.org"})
    assert not EventRegistration.objects.exists()
    assert "closed" in client.get(path(event)).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "\x00\x00", "email": "a@example.org"},
        {"name": "A" * 500, "email": "a@example.org"},
        {"name": "A", "email": "not an address"},
        {"name": "A", "email": "a@example.org", "website": "http://spam.example"},
        {},
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(client, event, data):
    response = client.post(path(event), data)
    assert response.status_code in (200, 302)
    assert not EventRegistration.objects.exists()


def test_too_many_registrations_from_one_address(client, event, settings):
    settings.PARTICIPATION_REGISTER_RATE_LIMIT = (2, 60)
    for number in range(2):
        client.post(path(event), {"name": "A", "email": f"a{number}@example.org"})
    response = client.post(path(event), {"name": "A", "email": "a9@example.org"})
    assert response.status_code == 429
    assert EventRegistration.objects.count() == 2


def test_publishing_more_places_moves_the_waiting_list_up(
    mail, event, django_capture_on_commit_callbacks
):
    for number in range(3):
        EventRegistration.objects.create(
            event=event,
            event_key=event.translation_key,
            name=f"W{number}",
            email=f"w{number}@example.org",
            language="es",
            status=Status.WAITING if number else Status.CONFIRMED,
        )
    event.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    statuses = dict(EventRegistration.objects.values_list("email", "status"))
    assert statuses == {
        "w0@example.org": Status.CONFIRMED,
        "w1@example.org": Status.CONFIRMED,
        "w2@example.org": Status.WAITING,
    }
    [moved_up] = mail.messages
    assert (moved_up["To"], moved_up["Content-Language"]) == ("w1@example.org", "es")
