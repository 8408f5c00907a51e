"""Sending one batch: claim queued deliveries for this worker, re-check that each
subscriber is still confirmed, render their copy, send over one SMTP connection at
the allowed rate, and commit the outcomes together."""

import logging
import smtplib
import time
from collections import defaultdict
from datetime import datetime, timedelta
from email.utils import formatdate
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from ops.staging import email_allowed

from ..models import Delivery, Send, Subscriber
from ..rendering import RenderedIssue, base_domain, click_subscriber_part
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


class ClaimedDelivery(NamedTuple):
    """A delivery this worker claimed, with what sending it needs of the subscriber."""

    pk: int
    attempts: int
    subscriber_id: int
    email: str
    subscriber_status: str
    language: str
    token: str


def send_batch(
    send: Send,
    ids: list[int],
    worker_id: str,
    renderer: IssueRenderer,
    limiter: RateLimiter,
) -> list[tuple[str, str]]:
    """Send one claimed batch over one SMTP connection and commit the outcomes;
    returns each delivery's subscriber language and status, for the run's tally."""
    deliveries = _claimed_deliveries(ids, worker_id)
    topics = topics_by_subscriber([delivery.subscriber_id for delivery in deliveries])
    domain = base_domain()
    date = formatdate()
    now = timezone.now()
    connection = BatchConnection(limiter)
    outcomes: list[Delivery] = []
    for delivery in deliveries:
        outcome = _outcome_for(delivery, worker_id, now)
        outcomes.append(outcome)
        if reason := _reason_not_to_send(delivery):
            outcome.status = Delivery.Status.SKIPPED
            outcome.smtp_response = reason
            continue
        copy = renderer.for_subscriber(
            delivery.language, topics.get(delivery.subscriber_id)
        )
        message = _addressed(copy, send, delivery, outcome, domain, date)
        if connection.ensure_open():
            connection.send(message, outcome)
        else:
            _retry_later(outcome, "Could not connect to the mail server.")
    connection.close()
    _record_outcomes(send, outcomes, domain)
    return [
        (delivery.language, outcome.status)
        for delivery, outcome in zip(deliveries, outcomes, strict=True)
    ]


def _claimed_deliveries(ids: list[int], worker_id: str) -> list[ClaimedDelivery]:
    """The batch's deliveries still held by this worker, with their subscribers as
    they are now (one query)."""
    rows = (
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
    return [ClaimedDelivery(*row) for row in rows]


def _outcome_for(delivery: ClaimedDelivery, worker_id: str, now: datetime) -> Delivery:
    """The row's fields as they will be saved, taken as sent until found otherwise."""
    return Delivery(
        pk=delivery.pk,
        attempts=delivery.attempts,
        language=delivery.language,
        status=Delivery.Status.SENT,
        smtp_response="",
        sent_at=None,
        message_id="",
        next_attempt_at=now,
        claimed_by=worker_id,
    )


def _reason_not_to_send(delivery: ClaimedDelivery) -> str:
    """Why this copy must not go out now (empty when it may): the subscriber left
    or bounced after the send began, or this site may not email the address."""
    if delivery.subscriber_status != Subscriber.Status.CONFIRMED:
        return f"Not sent: the subscriber is {delivery.subscriber_status}."
    if not email_allowed(delivery.email):
        # A staging site: the mail backend would drop it; record it as skipped,
        # neither retried nor counted as a failure.
        return STAGING_SKIP
    return ""


def _addressed(
    copy: RenderedIssue,
    send: Send,
    delivery: ClaimedDelivery,
    outcome: Delivery,
    domain: str,
    date: str,
) -> EmailMessage:
    """The copy as this subscriber's message; from here on the attempt counts,
    whether or not the server can be reached."""
    outcome.language = copy.language
    outcome.message_id = f"newsletter.{send.pk}.{delivery.pk}@{domain}"
    outcome.attempts = delivery.attempts + 1
    return copy.message_for(
        email=delivery.email,
        token=delivery.token,
        click_part=click_subscriber_part(send.pk, delivery.subscriber_id),
        message_id=outcome.message_id,
        date=date,
    )


class BatchConnection:
    """One SMTP connection for a batch, paced by the run's rate limit, and opened
    again for the next message after the server hangs up."""

    def __init__(self, limiter: RateLimiter):
        self.limiter = limiter
        self.backend = get_connection()
        self.is_open = self._open()

    def ensure_open(self) -> bool:
        """Reconnect if the last message lost the connection; False when the server
        cannot be reached (the message then waits for a retry)."""
        if not self.is_open:
            self.is_open = self._open()
        return self.is_open

    def send(self, message: EmailMessage, outcome: Delivery) -> None:
        """Send one message and record the server's answer on `outcome`."""
        self.limiter.wait()
        code = None
        try:
            self.backend.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = next(iter(error.recipients.values()))
            _smtp_failure(outcome, code, answer)
        except smtplib.SMTPResponseException as error:
            code = error.smtp_code
            _smtp_failure(outcome, code, error.smtp_error)
        except (*TRANSIENT_ERRORS, smtplib.SMTPException) as error:
            _retry_later(outcome, f"{type(error).__name__}: {error}")
            self.close()
        if code == SERVICE_CLOSING:
            # The server hangs up after a 421: reconnect for the next message
            # rather than charge it an attempt on a dead connection.
            self.close()

    def close(self) -> None:
        """Hang up, forgetting a connection that is already broken."""
        try:
            self.backend.close()
        except (*TRANSIENT_ERRORS, smtplib.SMTPException):
            self.backend.connection = None
        self.is_open = False

    def _open(self) -> bool:
        """Connect, or log why not: a batch that cannot connect is retried later."""
        try:
            self.backend.open()
        except TRANSIENT_ERRORS + (smtplib.SMTPException,) as error:
            logger.warning("Newsletter: cannot connect to the mail server: %s", error)
            self.close()
            return False
        return True


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
