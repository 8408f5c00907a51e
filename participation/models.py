"""What members and visitors do with the network's events: their registrations,
with a place or on the waiting list, and whether they came; the Learning Ambassadors
and the clinics they propose; the certificates of participation and of hosting."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models.events import FORMATS


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


class Ambassador(models.Model):
    """A member a coordinator made a Learning Ambassador: they may propose clinics."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="ambassador",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appointed_at = models.DateTimeField(_("appointed"), auto_now_add=True)

    class Meta:
        verbose_name = _("Learning Ambassador")
        verbose_name_plural = _("Learning Ambassadors")

    def __str__(self) -> str:
        return str(self.member)


class ClinicProposal(models.Model):
    """A learning clinic an ambassador would host, waiting for a coordinator: an
    accepted one becomes a draft event page in its language (`event`)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        CHANGES = "changes", _("Changes asked for")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class Support(models.TextChoices):
        TRANSLATION = "translation", _("Translation or interpretation")
        CONNECTIVITY = "connectivity", _("Connectivity (data, a venue with internet)")
        STIPEND = "stipend", _("A stipend for the time it takes")
        DESIGN = "design", _("Design of slides or handouts")
        CHILDCARE = "childcare", _("Childcare")
        OTHER = "other", _("Something else")

    OPEN = [Status.SUBMITTED, Status.CHANGES]

    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=160)
    outcomes = models.TextField(_("what participants will learn"), max_length=2000)
    skills = models.ManyToManyField(
        "members.Skill", verbose_name=_("skills"), related_name="+", blank=True
    )
    language = models.CharField(
        _("language it is held in"), max_length=8, choices=settings.LANGUAGES
    )
    # Language codes (Django's list) that need interpretation.
    interpretation = models.JSONField(
        _("languages that need interpretation"), default=list, blank=True
    )
    format = models.CharField(_("format"), max_length=16, choices=FORMATS)
    place = models.CharField(_("place"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    # Possible start times, ISO 8601 in UTC, soonest first.
    dates = models.JSONField(_("possible dates"), default=list)
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    # Support keys (Support) asked for.
    support = models.JSONField(_("support needed"), default=list, blank=True)
    stipend_amount = models.DecimalField(
        _("stipend amount"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    stipend_currency = models.CharField(_("stipend currency"), max_length=3, blank=True)
    support_note = models.TextField(_("about the support"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # What the coordinator wrote with their last decision: changes asked or why not.
    reason = models.TextField(_("message to the ambassador"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("clinic proposal")
        verbose_name_plural = _("clinic proposals")
        ordering = ["submitted_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.title


def certificate_code() -> str:
    """Twelve characters no one guesses (72 random bits), easy to read aloud."""
    return secrets.token_urlsafe(9)


class Certificate(models.Model):
    """A certificate of participation (from a registration marked as attended) or
    of hosting (from an accepted clinic proposal), with what it says kept as it
    was issued: its public verification page shows the same whatever the event's
    page becomes."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Participation")
        HOSTING = "hosting", _("Hosting")

    code = models.CharField(
        _("code"), max_length=16, unique=True, default=certificate_code, editable=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    registration = models.OneToOneField(
        EventRegistration,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    proposal = models.OneToOneField(
        ClinicProposal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    name = models.CharField(_("name"), max_length=120)
    event_title = models.CharField(_("event"), max_length=255)
    held_at = models.DateTimeField(_("held"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    host = models.CharField(_("organiser"), max_length=160)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.name}: {self.event_title}"


class Recognition(models.Model):
    """A barnstar a coordinator awards a member, with a citation in words, shown on
    the member's page."""

    class Kind(models.TextChoices):
        PEER_LEARNING = "peer_learning", _("Peer learning barnstar")
        AMBASSADOR = "ambassador", _("Ambassador's barnstar")
        TRANSLATION = "translation", _("Translation barnstar")
        STORY = "story", _("Storyteller's barnstar")

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    kind = models.CharField(_("barnstar"), max_length=16, choices=Kind.choices)
    citation = models.TextField(_("citation"), max_length=600)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    awarded_at = models.DateTimeField(_("awarded"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-awarded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member}"
