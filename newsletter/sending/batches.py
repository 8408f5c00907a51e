"""Sending one batch: claim queued deliveries for this worker, re-check that each
subscriber is still confirmed, render their copy, send over one SMTP connection at
the allowed rate, and commit the outcomes together."""

import logging
import smtplib
import time
from collections import defaultdict
from datetime import timedelta
from email.utils import formatdate

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from portal.staging import email_allowed

from ..models import Delivery, Send, Subscriber
from ..rendering import base_domain, click_subscriber_part
from .copies import IssueRenderer, topics_by_subscriber

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, OSError)
SERVICE_CLOSING = 421  # RFC 5321 4.2.3: the server closes the connection after it
STAGING_SKIP = "Not sent: staging site, address not in PORTAL_EMAIL_ALLOWLIST."


class RateLimiter:
    """At most `rate` messages a second (0: no limit), evenly spaced."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        """Sleep until the next message may go."""
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def claim_batch(send: Send, worker_id: str, size: int) -> list[int]:
    """Mark up to `size` queued deliveries as being sent by this worker, and return
    them; no other worker can claim the same rows."""
    now = timezone.now()
    with transaction.atomic():
        candidates = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(send=send, status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        ids = list(candidates)
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SENDING, claimed_by=worker_id, claimed_at=now
        )
        return list(
            Delivery.objects.filter(
                pk__in=ids, status=Delivery.Status.SENDING, claimed_by=worker_id
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def send_batch(
    send: Send,
    ids: list[int],
    worker_id: str,
    renderer: IssueRenderer,
    limiter: RateLimiter,
) -> list[tuple[str, str]]:
    """Send one claimed batch over one SMTP connection and commit the outcomes;
    returns each delivery's subscriber language and status, for the run's tally."""
    rows = list(
        Delivery.objects.filter(pk__in=ids, claimed_by=worker_id)
        .order_by("pk")
        .values_list(
            "pk",
            "attempts",
            "subscriber_id",
            "subscriber__email",
            "subscriber__status",
            "subscriber__language",
            "subscriber__token",
        )
    )
    topics = topics_by_subscriber([row[2] for row in rows])
    domain = base_domain()
    date = formatdate()
    now = timezone.now()
    outcomes: list[Delivery] = []
    tallied: list[tuple[str, str]] = []
    connection = get_connection()
    connected = _open(connection)
    for pk, attempts, subscriber_id, email, status, language, token in rows:
        outcome = Delivery(
            pk=pk,
            attempts=attempts,
            language=language,
            status=Delivery.Status.SENT,
            smtp_response="",
            sent_at=None,
            message_id="",
            next_attempt_at=now,
            claimed_by=worker_id,
        )
        outcomes.append(outcome)
        if status != Subscriber.Status.CONFIRMED:
            outcome.status = Delivery.Status.SKIPPED
            outcome.smtp_response = f"Not sent: the subscriber is {status}."
            tallied.append((language, outcome.status))
            continue
        if not email_allowed(email):
            # A staging site: the mail backend would drop it; record it as skipped,
            # neither retried nor counted as a failure.
            outcome.status = Delivery.Status.SKIPPED
            outcome.smtp_response = STAGING_SKIP
            tallied.append((language, outcome.status))
            continue
        rendered = renderer.for_subscriber(language, topics.get(subscriber_id))
        outcome.language = rendered.language
        outcome.message_id = f"newsletter.{send.pk}.{pk}@{domain}"
        outcome.attempts = attempts + 1
        if not connected:
            connected = _open(connection)
        if not connected:
            _retry_later(outcome, "Could not connect to the mail server.")
            tallied.append((language, outcome.status))
            continue
        message = rendered.message_for(
            email=email,
            token=token,
            click_part=click_subscriber_part(send.pk, subscriber_id),
            message_id=outcome.message_id,
            date=date,
        )
        limiter.wait()
        code = None
        try:
            connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = next(iter(error.recipients.values()))
            _smtp_failure(outcome, code, answer)
        except smtplib.SMTPResponseException as error:
            code = error.smtp_code
            _smtp_failure(outcome, code, error.smtp_error)
        except (*TRANSIENT_ERRORS, smtplib.SMTPException) as error:
            _retry_later(outcome, f"{type(error).__name__}: {error}")
            _close(connection)
            connected = False
        if code == SERVICE_CLOSING:
            # The server hangs up after a 421: reconnect for the next message
            # rather than charge it an attempt on a dead connection.
            _close(connection)
            connected = False
        tallied.append((language, outcome.status))
    _close(connection)
    _record_outcomes(send, outcomes, domain)
    return tallied


def _record_outcomes(send: Send, outcomes: list[Delivery], domain: str) -> None:
    """Commit a batch's outcomes. Sent copies differ only by language (and a
    Message-ID derived from the row): one UPDATE per language, where bulk_update's
    CASE per row and field would cost more than the SMTP work itself."""
    sent: dict[str, list[int]] = defaultdict(list)
    others = []
    for outcome in outcomes:
        if outcome.status == Delivery.Status.SENT:
            sent[outcome.language].append(outcome.pk)
        else:
            others.append(outcome)
    finished = timezone.now()
    with transaction.atomic():
        for language, pks in sent.items():
            Delivery.objects.filter(pk__in=pks).update(
                status=Delivery.Status.SENT,
                attempts=F("attempts") + 1,
                language=language,
                smtp_response="250",
                sent_at=finished,
                message_id=Concat(
                    Value(f"newsletter.{send.pk}."),
                    Cast("pk", CharField()),
                    Value(f"@{domain}"),
                ),
            )
        if others:
            Delivery.objects.bulk_update(
                others,
                [
                    "status",
                    "attempts",
                    "language",
                    "smtp_response",
                    "sent_at",
                    "message_id",
                    "next_attempt_at",
                    "claimed_by",
                ],
            )


def _open(connection: BaseEmailBackend) -> bool:
    """Connect, or log why not: a batch that cannot connect is retried later."""
    try:
        connection.open()
    except TRANSIENT_ERRORS + (smtplib.SMTPException,) as error:
        logger.warning("Newsletter: cannot connect to the mail server: %s", error)
        _close(connection)
        return False
    return True


def _close(connection: BaseEmailBackend) -> None:
    """Hang up, forgetting a connection that is already broken."""
    try:
        connection.close()
    except (*TRANSIENT_ERRORS, smtplib.SMTPException):
        connection.connection = None


def _smtp_failure(outcome: Delivery, code: int, answer: bytes | str) -> None:
    """A 4xx answer is retried later, a 5xx one fails the delivery."""
    text = answer.decode(errors="replace") if isinstance(answer, bytes) else answer
    response = f"{code} {text}".strip()
    if 400 <= code < 500:
        _retry_later(outcome, response)
    else:
        outcome.status = Delivery.Status.FAILED
        outcome.smtp_response = response


def _retry_later(outcome: Delivery, response: str) -> None:
    """Back to the queue with exponential backoff, or failed after the last attempt."""
    outcome.smtp_response = response
    if outcome.attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        outcome.status = Delivery.Status.FAILED
        return
    backoff = settings.NEWSLETTER_RETRY_BACKOFF_SECONDS * 2 ** max(
        outcome.attempts - 1, 0
    )
    outcome.status = Delivery.Status.QUEUED
    outcome.claimed_by = ""
    outcome.next_attempt_at = timezone.now() + timedelta(seconds=backoff)
