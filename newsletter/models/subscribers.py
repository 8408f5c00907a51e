"""The people who receive the e-newsletter, and the record of their consent."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """An unguessable token for the links in every email (preferences, unsubscribe)."""
    return secrets.token_urlsafe(32)


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def for_email(self, email: str):
        return self.filter(email=Subscriber.normalise_email(email))


class Subscriber(models.Model):
    """One address on the list, in one language; confirmed only by double opt-in or
    by an import that carries its consent record."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")

    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(
        _("language"),
        max_length=16,
        choices=language_choices,
        help_text=_("Issues arrive in this language when a translation exists."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    topics = models.ManyToManyField(
        "core.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="+",
        help_text=_(
            "When chosen, the new work in each issue is limited to these topics "
            "(matched in every language)."
        ),
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_token, editable=False
    )

    # The consent record: what the person agreed to, where and when.
    consent_text = models.TextField(_("consent wording"), blank=True)
    consent_source = models.CharField(
        _("consent given on"),
        max_length=500,
        blank=True,
        help_text=_("The page or import the subscription came from."),
    )
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    confirmation_sent_at = models.DateTimeField(
        _("confirmation email sent at"), null=True, blank=True
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), null=True, blank=True)
    bounce_reason = models.TextField(_("bounce reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="unique_subscriber_email_case_insensitive"
            )
        ]
        indexes = [models.Index(fields=["status", "language"])]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.normalise_email(self.email)
        super().save(*args, **kwargs)

    @staticmethod
    def normalise_email(email: str) -> str:
        """Addresses are compared and stored in lower case, without outer spaces."""
        return email.strip().lower()
