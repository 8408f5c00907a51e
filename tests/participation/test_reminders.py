"""The day-before reminder: sent once to each person with a place, in their
language and with the time where they are; not to those waiting or cancelled, nor
for an event further off."""

import datetime as dt
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

import pytest

from participation.models import EventRegistration
from participation.tasks import reminder_task
from tests.members.test_accounts import text_of
from tests.participation.test_registrations import JOIN, event  # noqa: F401

pytestmark = pytest.mark.django_db
Status = EventRegistration.Status


def registration(event, email, status, **fields):  # noqa: F811
    return EventRegistration.objects.create(
        event=event,
        event_key=event.translation_key,
        name=email.split("@")[0],
        email=email,
        status=status,
        **{"language": "en", **fields},
    )


def test_each_place_is_reminded_once_in_its_language_and_time_zone(
    mail,
    event,  # noqa: F811
):
    event.start = timezone.now() + dt.timedelta(hours=20)
    event.end = event.start + dt.timedelta(hours=1)
    event.save()
    registration(
        event, "nour@example.org", Status.CONFIRMED, language="ar",
        time_zone="Africa/Cairo",
    )  # fmt: skip
    registration(event, "wait@example.org", Status.WAITING)
    registration(event, "gone@example.org", Status.CANCELLED)
    assert reminder_task.call() == 1
    assert reminder_task.call() == 0
    [reminder] = mail.messages
    assert reminder["To"] == "nour@example.org"
    assert reminder["Content-Language"] == "ar"
    cairo = event.start.astimezone(zoneinfo.ZoneInfo("Africa/Cairo"))
    assert "Africa/Cairo" in text_of(reminder)
    with override("ar"):
        assert date_format(cairo, "DATETIME_FORMAT") in text_of(reminder)
    assert JOIN in text_of(reminder)


def test_no_reminder_for_an_event_more_than_a_day_off(mail, event):  # noqa: F811
    event.start = timezone.now() + dt.timedelta(days=3)
    event.save()
    registration(event, "nour@example.org", Status.CONFIRMED)
    assert reminder_task.call() == 0
    assert mail.messages == []
