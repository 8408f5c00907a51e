"""The day before an event, everyone with a place is reminded once, in their
language, with the time where they are and the join link. Each registration is
claimed before its email goes, so two workers never send it twice."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone

from core.emails import send_in_language

from .models import EventRegistration
from .registrations import links


def reminders_due(now=None):
    now = now or timezone.now()
    ahead = now + dt.timedelta(hours=settings.PARTICIPATION_REMINDER_HOURS)
    return (
        EventRegistration.objects.filter(
            status=EventRegistration.Status.CONFIRMED,
            reminded_at__isnull=True,
            event__start__gt=now,
            event__start__lte=ahead,
            event__cancelled=False,
        )
        .select_related("event")
        .order_by("pk")
    )


def their_zone(registration: EventRegistration) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(registration.time_zone or registration.event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def remind(registration: EventRegistration, now=None) -> bool:
    claimed = EventRegistration.objects.filter(
        pk=registration.pk, reminded_at__isnull=True
    ).update(reminded_at=now or timezone.now())
    if not claimed:
        return False
    event = registration.event
    zone = their_zone(registration)
    send_in_language(
        registration.language,
        registration.email,
        "participation/email/reminder",
        {
            "registration": registration,
            "event": event,
            "their_zone": str(zone),
            "event_url": event.get_full_url(),
            "join_url": event.online_url,
            **links(registration),
        },
    )
    return True
