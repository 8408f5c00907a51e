"""What members and visitors do with the network's events: their registrations,
with a place or on the waiting list, and whether they came."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventRegistration(models.Model):
    """One person's place at an event. The event is every language's page of it
    (its translation key): capacity and the waiting list are the event's, whichever
    language people register in; `event` is the page they registered on."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the address to be confirmed")
        CONFIRMED = "confirmed", _("Has a place")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = [Status.UNCONFIRMED, Status.CONFIRMED, Status.WAITING]

    event_key = models.UUIDField(_("event"), db_index=True, editable=False)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A member's registrations go with their account when they erase it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.UNCONFIRMED
    )
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # When the place (or the place on the waiting list) was taken: the waiting
    # list is served in this order.
    queued_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_address",
            )
        ]
        indexes = [models.Index(fields=["event_key", "status"])]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def has_place(self) -> bool:
        return self.status == self.Status.CONFIRMED
