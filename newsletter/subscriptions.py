"""Subscriber services: subscribe with double opt-in, confirm, change preferences,
unsubscribe, and what privacy asks of us (retention, a person's data)."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Q, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from wagtail.models import Page

from django_tasks import task

from core.basics import site_identity
from core.emails import send_in_language
from core.utils import absolute_url

from .models import Subscriber

logger = logging.getLogger(__name__)

PRIVACY_SLUG = "privacy"
CONFIRM_SALT = "newsletter.confirm"


def confirm_max_age() -> timedelta:
    """How long a confirmation link stays valid."""
    return timedelta(days=settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS)


def resend_interval() -> timedelta:
    """The least time between two confirmation emails to one pending address."""
    return timedelta(seconds=settings.NEWSLETTER_CONFIRM_RESEND_SECONDS)


def pending_retention() -> timedelta:
    """How long an unconfirmed address is kept after its last confirmation email."""
    return timedelta(days=settings.NEWSLETTER_PENDING_RETENTION_DAYS)


def shipped_language(code: str | None) -> str:
    """`code` when it is a shipped language, else the default language."""
    codes = {language for language, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def consent_wording() -> str:
    """What a person agrees to by subscribing, in the active language; shown next to
    every subscribe button and stored with the subscription as it was shown."""
    return gettext(
        "By subscribing, I agree to receive the %(site_name)s newsletter by "
        "email, about once a month, in my language. My address is used for "
        "nothing else. I can change my preferences or unsubscribe at any time "
        "with the link in every email."
    ) % {"site_name": site_identity().name}


# Privacy notice ------------------------------------------------------------


def privacy_page(language_code: str | None = None) -> Page | None:
    """The live privacy notice in `language_code` (default: the active language),
    else in the default language; `None` when there is none. One query.

    The notice is the StandardPage whose slug is "privacy" in the default language;
    its translations may have translated slugs, so they are found through its
    translation key."""
    standard_page = apps.get_model("home", "StandardPage")
    code = shipped_language(language_code or get_language())
    default = settings.LANGUAGE_CODE
    source_keys = standard_page.objects.filter(
        locale__language_code=default, slug=PRIVACY_SLUG
    ).values("translation_key")
    return (
        standard_page.objects.live()
        .filter(
            Q(translation_key__in=source_keys)
            | Q(slug=PRIVACY_SLUG, locale__language_code=code),
            locale__language_code__in={code, default},
        )
        .annotate(
            preference=Case(
                When(locale__language_code=code, then=Value(0)), default=Value(1)
            )
        )
        .order_by("preference", "depth")
        .defer_streamfields()
        .first()
    )


def privacy_notice_url(
    request: HttpRequest | None = None, language_code: str | None = None
) -> str:
    """The absolute link to the privacy notice; looked up once per request and
    language. Without a notice, the language's home page (never a broken link)."""
    code = shipped_language(language_code or get_language())
    cache: dict[str, str] = {}
    if request is not None:
        cache = request.__dict__.setdefault("_newsletter_privacy_urls", {})
        if code in cache:
            return cache[code]
    page = privacy_page(code)
    parts = page.get_url_parts(request) if page is not None else None
    url = absolute_url(parts[2] if parts else f"/{code}/")
    cache[code] = url
    return url


# Links in emails -------------------------------------------------------------


def confirm_url(subscriber: Subscriber) -> str:
    """The double opt-in link: signed with a timestamp, so it expires."""
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscriber.token)
    return absolute_url(reverse("newsletter:confirm", args=[signed]))


def preferences_url(subscriber: Subscriber) -> str:
    """The subscriber's own preferences page, reached by their token alone."""
    return absolute_url(reverse("newsletter:preferences", args=[subscriber.token]))


def unsubscribe_url(subscriber: Subscriber) -> str:
    """The one-click unsubscribe page, reached by the subscriber's token alone."""
    return absolute_url(reverse("newsletter:unsubscribe", args=[subscriber.token]))


class ConfirmLinkError(Exception):
    """A confirmation link that is tampered with, expired, or no longer anyone's."""

    def __init__(self, expired: bool = False):
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def subscriber_for_confirm_link(signed: str) -> Subscriber:
    """The subscriber a confirmation link was made for; raises ConfirmLinkError."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        token = signer.unsign(signed, max_age=confirm_max_age())
    except signing.SignatureExpired:
        raise ConfirmLinkError(expired=True) from None
    except signing.BadSignature:
        raise ConfirmLinkError() from None
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise ConfirmLinkError()
    return subscriber


# Subscribing -----------------------------------------------------------------


class Outcome(Enum):
    """What a subscribe request did; never shown to the visitor (no enumeration)."""

    CONFIRMATION_SENT = "confirmation_sent"
    CONFIRMATION_RESENT = "confirmation_resent"
    THROTTLED = "throttled"
    ALREADY_CONFIRMED = "already_confirmed"


@dataclass(frozen=True)
class Consent:
    """The consent record of one subscribe request."""

    text: str
    source: str
    at: datetime

    def record_on(self, subscriber: Subscriber) -> None:
        subscriber.consent_text = self.text
        subscriber.consent_source = self.source[:500]
        subscriber.consented_at = self.at


def subscribe(
    email: str,
    language: str,
    topics: Iterable[models.Model] = (),
    consent: Consent | None = None,
) -> Outcome:
    """Start (or restart) a double opt-in for `email`; the confirmation email is
    queued in the same transaction. A confirmed address is left as it is."""
    email = Subscriber.normalise_email(email)
    language = shipped_language(language)
    consent = consent or Consent(text="", source="", at=timezone.now())
    topics = list(topics)
    try:
        with transaction.atomic():
            return _subscribe(email, language, topics, consent)
    except IntegrityError:
        # Another request created the same address at the same moment: this one
        # is then a repeat of it.
        with transaction.atomic():
            return _subscribe(email, language, topics, consent)


def _subscribe(
    email: str, language: str, topics: list[models.Model], consent: Consent
) -> Outcome:
    """One attempt at `subscribe`, inside its transaction, the address row locked."""
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().for_email(email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
        return Outcome.ALREADY_CONFIRMED
    if subscriber is None:
        subscriber = Subscriber(email=email)
        outcome = Outcome.CONFIRMATION_SENT
    elif subscriber.status == Subscriber.Status.PENDING:
        sent = subscriber.confirmation_sent_at
        if sent is not None and now - sent < resend_interval():
            return Outcome.THROTTLED
        outcome = Outcome.CONFIRMATION_RESENT
    else:
        outcome = Outcome.CONFIRMATION_SENT
    subscriber.status = Subscriber.Status.PENDING
    subscriber.language = language
    consent.record_on(subscriber)
    subscriber.confirmed_at = None
    subscriber.confirmation_sent_at = now
    subscriber.save()
    subscriber.topics.set(topics)
    send_confirmation_task.enqueue(subscriber.pk)
    return outcome


def subscribe_verified(
    email: str, language: str, topics: Iterable[models.Model], consent: Consent
) -> Subscriber:
    """A signed-in member's own address, already verified by their account: the
    subscription is confirmed at once, with no confirmation email. One address is
    one subscriber: an existing row (pending, unsubscribed) becomes confirmed; a
    confirmed one keeps its record and takes the new language and topics."""
    email = Subscriber.normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().for_email(email).first()
        if subscriber is None:
            subscriber = Subscriber(email=email)
        if subscriber.status != Subscriber.Status.CONFIRMED:
            subscriber.status = Subscriber.Status.CONFIRMED
            consent.record_on(subscriber)
            subscriber.confirmed_at = now
            subscriber.unsubscribed_at = None
        subscriber.language = shipped_language(language)
        subscriber.save()
        subscriber.topics.set(list(topics))
    return subscriber


def send_confirmation(subscriber: Subscriber) -> None:
    """The double opt-in email, in the subscriber's language, HTML and plain text."""
    send_in_language(
        subscriber.language,
        subscriber.email,
        "newsletter/email/confirm",
        {
            "subscriber": subscriber,
            "confirm_url": confirm_url(subscriber),
            "privacy_url": privacy_notice_url(language_code=subscriber.language),
            "valid_days": confirm_max_age().days,
        },
    )


@task()
def send_confirmation_task(subscriber_id: int) -> bool:
    """Send the confirmation email if the subscriber still waits for it. On failure
    the send time is cleared, so that asking again is not throttled."""
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.PENDING
    ).first()
    if subscriber is None:
        return False
    try:
        send_confirmation(subscriber)
    except Exception:
        Subscriber.objects.filter(pk=subscriber_id).update(confirmation_sent_at=None)
        logger.exception("Confirmation email to subscriber %s failed", subscriber_id)
        raise
    return True


def confirm(subscriber: Subscriber) -> bool:
    """Confirm a pending subscription; True when the subscriber is confirmed after it
    (already confirmed included), False when it is unsubscribed or bounced."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return True
        if subscriber.status != Subscriber.Status.PENDING:
            return False
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
    return True


def update_preferences(
    subscriber: Subscriber, language: str, topics: Iterable[models.Model]
) -> None:
    """Change the language and topics together, so no issue sees half a change."""
    with transaction.atomic():
        subscriber.language = shipped_language(language)
        subscriber.save(update_fields=["language", "updated_at"])
        subscriber.topics.set(list(topics))


def unsubscribe(subscriber: Subscriber) -> None:
    """Honoured at once; the first unsubscription time is kept."""
    now = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now, updated_at=now)
    subscriber.refresh_from_db()


# Privacy: retention (a person's data: newsletter/privacy.py) ------------------


def purge_expired(now: datetime | None = None) -> int:
    """Delete pending subscriptions not confirmed within the retention period
    (counted from the last confirmation email); returns how many were deleted."""
    cutoff = (now or timezone.now()) - pending_retention()
    expired = Subscriber.objects.filter(status=Subscriber.Status.PENDING).filter(
        Q(confirmation_sent_at__lt=cutoff)
        | Q(confirmation_sent_at__isnull=True, created_at__lt=cutoff)
    )
    _total, per_model = expired.delete()
    return per_model.get(Subscriber._meta.label, 0)


@task()
def purge_expired_task() -> int:
    """The daily retention of pending subscriptions, for the scheduler."""
    return purge_expired()
