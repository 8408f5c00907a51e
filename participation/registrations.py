"""Registering for an event: a place while there are places, the waiting list
after them, and the first on the list moved up when someone with a place cancels.

Registrations of one event are made one at a time (its first page row is locked
for the transaction on PostgreSQL; SQLite writes one transaction at a time), so
two people never take the last place. Each step is emailed once the transaction
commits, to the person in their language: a visitor first confirms their address;
whoever has a place gets the event's .ics, the join link of an online event and a
link to cancel.
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from wagtail.models import Page

from core.emails import send_in_language
from core.utils import absolute_url
from events import ical
from events.models import EventPage

from .models import EventRegistration

Status = EventRegistration.Status
CONFIRM_SALT = "participation.confirm"
CANCEL_SALT = "participation.cancel"
# How long a visitor's link to confirm their address works.
CONFIRM_DAYS = 3


@dataclass(frozen=True)
class Places:
    capacity: int | None
    taken: int
    waiting: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.taken)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


def places(event: EventPage) -> Places:
    """The event's places now: one query."""
    counted = EventRegistration.objects.filter(event_key=event.translation_key)
    figures = counted.aggregate(
        taken=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return Places(event.capacity, figures["taken"], figures["waiting"])


def open_for_registration(event: EventPage) -> bool:
    return event.live and not event.cancelled and event.start > timezone.now()


def lock(event: EventPage) -> None:
    """Holds the event's registrations for this transaction (see the module)."""
    pages = Page.objects.filter(translation_key=event.translation_key)
    pages.select_for_update().order_by("pk").values_list("pk", flat=True).first()


def active(event: EventPage, email: str) -> EventRegistration | None:
    return (
        EventRegistration.objects.filter(
            event_key=event.translation_key, email__iexact=email
        )
        .exclude(status=Status.CANCELLED)
        .first()
    )


def register(
    event: EventPage,
    *,
    name: str,
    email: str,
    language: str,
    user=None,
    verified: bool = False,
    time_zone: str = "",
) -> EventRegistration:
    """The person's registration: a place or the waiting list when their address is
    `verified` (a member's), otherwise waiting for them to confirm it. Registering
    again changes nothing and sends the last email again."""
    with transaction.atomic():
        lock(event)
        found = active(event, email)
        if found is None:
            found = EventRegistration.objects.create(
                event_key=event.translation_key,
                event=event,
                user=user,
                name=name,
                email=email,
                language=language,
                time_zone=time_zone,
            )
        elif found.status != Status.UNCONFIRMED or not verified:
            transaction.on_commit(lambda: notify(found))
            return found
        if verified:
            admit(found)
        else:
            transaction.on_commit(lambda: notify(found))
    return found


def admit(registration: EventRegistration) -> None:
    """A place if one is left, else the waiting list (in a transaction holding the
    event, see `lock`)."""
    event = registration.event
    free = not places(event).full
    registration.status = Status.CONFIRMED if free else Status.WAITING
    registration.queued_at = timezone.now()
    registration.save(update_fields=["status", "queued_at"])
    transaction.on_commit(lambda: notify(registration))


def confirm_address(registration: EventRegistration) -> None:
    with transaction.atomic():
        lock(registration.event)
        registration.refresh_from_db()
        if registration.status == Status.UNCONFIRMED:
            admit(registration)


def cancel(registration: EventRegistration) -> list[EventRegistration]:
    """Cancels the registration; a place it held goes to the first on the waiting
    list, who is told (returned)."""
    with transaction.atomic():
        lock(registration.event)
        registration.refresh_from_db()
        if registration.status == Status.CANCELLED:
            return []
        had_place = registration.has_place
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        transaction.on_commit(lambda: notify(registration))
        return promote(registration.event) if had_place else []


def promote(event: EventPage) -> list[EventRegistration]:
    """The first on the waiting list moved up into the places left, each told (in
    a transaction holding the event, see `lock`)."""
    left = places(event).left
    waiting = EventRegistration.objects.filter(
        event_key=event.translation_key, status=Status.WAITING
    ).order_by("queued_at", "pk")
    moved = list(waiting if left is None else waiting[:left])
    for registration in moved:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        transaction.on_commit(lambda r=registration: notify(r, promoted=True))
    return moved


def fill(event: EventPage) -> list[EventRegistration]:
    """The waiting list moved up into every place left (after the capacity grew)."""
    if event.cancelled:
        return []
    with transaction.atomic():
        lock(event)
        return promote(event)


def token(registration: EventRegistration, salt: str) -> str:
    return signing.dumps(registration.pk, salt=salt)


def from_token(value: str, salt: str, days: int | None = None):
    """The registration a link names, or None for a forged, expired or stale one."""
    max_age = dt.timedelta(days=days) if days else None
    try:
        pk = signing.loads(value, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return (
        EventRegistration.objects.select_related("event")
        .filter(pk=pk)
        .exclude(status=Status.CANCELLED)
        .first()
        if isinstance(pk, int)
        else None
    )


def links(registration: EventRegistration) -> dict:
    """The person's links, in their language."""
    with override(registration.language):
        event_page = reverse("participation:event", args=[registration.event_id])
        cancel = reverse(
            "participation:cancel", args=[token(registration, CANCEL_SALT)]
        )
        confirm = reverse(
            "participation:confirm", args=[token(registration, CONFIRM_SALT)]
        )
    return {
        "registration_url": absolute_url(event_page),
        "cancel_url": absolute_url(cancel),
        "confirm_url": absolute_url(confirm),
    }


def notify(registration: EventRegistration, promoted: bool = False) -> None:
    """The email for where the registration stands: confirm the address, the place
    (with the .ics and the join link), the waiting list, or the cancellation."""
    event = registration.event
    kind = {
        Status.UNCONFIRMED: "confirm_address",
        Status.CONFIRMED: "place",
        Status.WAITING: "waiting",
        Status.CANCELLED: "cancelled",
    }[registration.status]
    attachments = []
    if registration.status == Status.CONFIRMED:
        with override(registration.language):
            body = ical.calendar_for(
                [event], event.title, registration.language, join_link=True
            )
        attachments.append((f"{event.slug}.ics", body, "text/calendar"))
    send_in_language(
        registration.language,
        registration.email,
        f"participation/email/{kind}",
        {
            "registration": registration,
            "promoted": promoted,
            "event": event,
            "event_url": event.get_full_url(),
            "join_url": event.online_url if registration.has_place else "",
            **links(registration),
        },
        attachments=attachments,
    )
