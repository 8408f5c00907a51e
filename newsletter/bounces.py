"""Bounce notifications from the mail relay or ESP, as JSON:

    {"email": "someone@example.org", "type": "hard" | "soft", "reason": "550 ..."}

or a list of such objects. A hard bounce marks the subscriber bounced (never sent to
again); a soft one is only noted on their latest delivery.
"""

from django.db import transaction
from django.utils import timezone

from .models import Delivery, Subscriber

BOUNCE_TYPES = ("hard", "soft")


class InvalidBounce(ValueError):
    """A notification that is not in the documented format."""


def parse_notifications(data: object) -> list[dict]:
    """The notifications in a decoded JSON document, checked."""
    items = data if isinstance(data, list) else [data]
    notifications = []
    for item in items:
        if not isinstance(item, dict):
            raise InvalidBounce("Each notification must be a JSON object.")
        email = item.get("email")
        kind = item.get("type")
        reason = item.get("reason", "")
        if not isinstance(email, str) or "@" not in email:
            raise InvalidBounce("Each notification needs an email address.")
        if kind not in BOUNCE_TYPES:
            raise InvalidBounce('"type" must be "hard" or "soft".')
        if not isinstance(reason, str):
            raise InvalidBounce('"reason" must be text.')
        notifications.append({"email": email, "type": kind, "reason": reason[:2000]})
    return notifications


def record_bounces(notifications: list[dict]) -> dict[str, int]:
    """Apply checked notifications; addresses not on the list are counted and
    ignored."""
    counts = {"hard": 0, "soft": 0, "unknown": 0}
    now = timezone.now()
    with transaction.atomic():
        for notification in notifications:
            subscriber = Subscriber.objects.for_email(notification["email"]).first()
            if subscriber is None:
                counts["unknown"] += 1
                continue
            counts[notification["type"]] += 1
            latest = (
                Delivery.objects.filter(
                    subscriber=subscriber, status=Delivery.Status.SENT
                )
                .order_by("-sent_at")
                .first()
            )
            if latest and latest.bounce != "hard":
                latest.bounce = notification["type"]
                latest.save(update_fields=["bounce"])
            if notification["type"] == "hard":
                Subscriber.objects.filter(pk=subscriber.pk).update(
                    status=Subscriber.Status.BOUNCED,
                    bounced_at=now,
                    bounce_reason=notification["reason"],
                    updated_at=now,
                )
    return counts
