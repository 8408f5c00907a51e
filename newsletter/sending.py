"""Sending an issue to the list, reliably: never a second copy, nothing silently lost.

A Send is one issue with all its translations. Its recipients become Delivery rows
(one per subscriber, unique), which workers *claim* in small batches before sending
(`SKIP LOCKED` on PostgreSQL, a conditional UPDATE in an IMMEDIATE transaction on
SQLite), so the db_worker and `send_newsletter --wait` can run side by side. Each
batch re-checks that its subscribers are still confirmed, sends over one SMTP
connection and commits its outcome. A worker that dies leaves its claimed rows as
`sending`; they become `unknown` (never resent) when `--resume` runs or when the
sweeper sees the worker's heartbeat stop, and the rest of the send carries on.

The admin builds on: `recipients_by_language`, `start_send`, `send_test` and
`resume_send`; what a send achieved is in `reports`.
"""

import logging
import os
import smtplib
import socket
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import formatdate
from uuid import UUID

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import CharField, Count, F, Min, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from portal.locales import language_codes
from portal.staging import email_allowed

from .issue_versions import IssueNotPublished, issue_versions, source_issue
from .models import Delivery, NewsletterIssuePage, Send, SendWorker, Subscriber
from .models.issues import IssueContent
from .rendering import RenderedIssue, base_domain, click_subscriber_part, render_issue
from .reports import send_progress as send_progress  # home.attention imports it here

logger = logging.getLogger(__name__)


# --- Starting, resuming, progress ---------------------------------------------------


def start_send(issue: NewsletterIssuePage, *, enqueue: bool = True) -> Send:
    """The Send for this issue (created once per translation group) with the send
    task queued; starting an issue again queues a run that finds nothing new."""
    issue = source_issue(issue.translation_key)
    if not issue.live:
        raise IssueNotPublished(f"The issue {issue.title!r} is not published.")
    send, _created = Send.objects.get_or_create(
        translation_key=issue.translation_key, defaults={"issue": issue}
    )
    if enqueue:
        enqueue_send(send)
    return send


def enqueue_send(send: Send, run_after: datetime | None = None) -> None:
    """Queue the send task once the surrounding transaction commits."""
    from .tasks import send_issue_task

    def enqueue() -> None:
        task = send_issue_task
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=run_after)
        task.enqueue(send.pk)

    transaction.on_commit(enqueue)


def add_recipients(send: Send) -> int:
    """Delivery rows for every confirmed subscriber, once per send: a re-run or a
    resume never adds people who confirmed after the send began."""
    if send.recipients_added_at:
        return 0
    now = timezone.now()
    Send.objects.filter(pk=send.pk, started_at__isnull=True).update(
        started_at=now, status=Send.Status.SENDING
    )
    created = 0
    chunk: list[Delivery] = []
    subscribers = (
        Subscriber.objects.confirmed().order_by("pk").values_list("pk", "language")
    )
    for subscriber_id, language in subscribers.iterator(chunk_size=5000):
        chunk.append(
            Delivery(
                send_id=send.pk,
                subscriber_id=subscriber_id,
                language=language,
                next_attempt_at=now,
                created_at=now,
            )
        )
        if len(chunk) >= 5000:
            created += len(Delivery.objects.bulk_create(chunk, ignore_conflicts=True))
            chunk = []
    if chunk:
        created += len(Delivery.objects.bulk_create(chunk, ignore_conflicts=True))
    Send.objects.filter(pk=send.pk, recipients_added_at__isnull=True).update(
        recipients_added_at=timezone.now()
    )
    send.refresh_from_db()
    return created


def resume_send(send: Send) -> int:
    """Mark the in-flight deliveries of dead workers `unknown` (they may or may not
    have gone out, so they are never resent); returns how many."""
    dead = [worker.worker_id for worker in send.workers.all() if _is_dead(worker)]
    return _mark_unknown(send, dead)


def sweep_dead_workers() -> int:
    """For every unfinished send: workers with no heartbeat for
    NEWSLETTER_WORKER_STALE_SECONDS lose their in-flight deliveries to `unknown`,
    and the send is queued again to finish the rest."""
    stale = timezone.now() - timedelta(seconds=settings.NEWSLETTER_WORKER_STALE_SECONDS)
    marked = 0
    workers = SendWorker.objects.filter(
        stopped_at__isnull=True,
        heartbeat_at__lt=stale,
        send__finished_at__isnull=True,
    ).select_related("send")
    by_send: dict[int, list[str]] = defaultdict(list)
    sends: dict[int, Send] = {}
    for worker in workers:
        by_send[worker.send_id].append(worker.worker_id)
        sends[worker.send_id] = worker.send
    for send_id, worker_ids in by_send.items():
        count = _mark_unknown(sends[send_id], worker_ids)
        marked += count
        if send_has_queued(sends[send_id]):
            enqueue_send(sends[send_id])
        else:
            finish_if_done(sends[send_id])
    return marked


def _is_dead(worker: SendWorker) -> bool:
    """Stopped, silent for too long, or a process of this machine that has gone."""
    if worker.stopped_at:
        return True
    stale = timedelta(seconds=settings.NEWSLETTER_WORKER_STALE_SECONDS)
    if worker.heartbeat_at < timezone.now() - stale:
        return True
    if worker.hostname == socket.gethostname():
        try:
            os.kill(worker.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def _mark_unknown(send: Send, worker_ids: list[str]) -> int:
    if not worker_ids:
        return 0
    with transaction.atomic():
        count = Delivery.objects.filter(
            send=send, status=Delivery.Status.SENDING, claimed_by__in=worker_ids
        ).update(
            status=Delivery.Status.UNKNOWN,
            smtp_response="The worker stopped while sending; not resent.",
        )
        SendWorker.objects.filter(
            send=send, worker_id__in=worker_ids, stopped_at__isnull=True
        ).update(stopped_at=timezone.now())
    if count:
        logger.warning("Send %s: %s deliveries marked unknown", send.pk, count)
    return count


def send_has_queued(send: Send) -> bool:
    return send.deliveries.filter(status=Delivery.Status.QUEUED).exists()


def finish_if_done(send: Send) -> bool:
    """Record the totals and finish the send once nothing is queued or in flight."""
    open_rows = send.deliveries.filter(
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if not send.recipients_added_at or open_rows.exists():
        return False
    counts = dict(
        send.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
    )
    updated = Send.objects.filter(pk=send.pk, finished_at__isnull=True).update(
        status=Send.Status.FINISHED,
        finished_at=timezone.now(),
        recipients_count=sum(counts.values()),
        sent_count=counts.get(Delivery.Status.SENT, 0),
        failed_count=counts.get(Delivery.Status.FAILED, 0),
        unknown_count=counts.get(Delivery.Status.UNKNOWN, 0),
        skipped_count=counts.get(Delivery.Status.SKIPPED, 0),
    )
    send.refresh_from_db()
    return bool(updated)


# --- The sending loop ---------------------------------------------------------------


@dataclass
class SendReport:
    """What one run of the sending loop did."""

    send_id: int
    counts: Counter = field(default_factory=Counter)
    by_language: dict[str, Counter] = field(
        default_factory=lambda: defaultdict(Counter)
    )

    def add(self, language: str, status: str) -> None:
        self.counts[status] += 1
        self.by_language[language][status] += 1


class IssueRenderer:
    """Renders each language's issue once, and once more per distinct set of
    topic-filtered items; everything else is string replacement per subscriber."""

    def __init__(self, send: Send):
        self.send = send
        self.versions = issue_versions(source_issue(send.translation_key))
        self._content: dict[int, IssueContent] = {}
        self._rendered: dict[tuple, RenderedIssue] = {}

    def for_subscriber(
        self, language: str, topic_keys: frozenset[UUID] | None
    ) -> RenderedIssue:
        page = self.versions.get(language) or self.versions[language_codes()[0]]
        if page.pk not in self._content:
            self._content[page.pk] = page.content()
        content = self._content[page.pk].for_topics(topic_keys)
        key = (page.pk, content.signature())
        if key not in self._rendered:
            self._rendered[key] = render_issue(page, content, self.send.pk)
        return self._rendered[key]


class RateLimiter:
    """At most `rate` messages a second (0: no limit), evenly spaced."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def run_send(
    send: Send,
    *,
    worker_id: str | None = None,
    wait_for_retries: bool = False,
    batch_size: int | None = None,
) -> SendReport:
    """Send every claimable delivery of `send` from this process; with
    `wait_for_retries`, stay until transient failures are retried or given up."""
    add_recipients(send)
    worker_id = worker_id or new_worker_id()
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    worker, _created = SendWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "send": send,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "heartbeat_at": timezone.now(),
            "stopped_at": None,
        },
    )
    report = SendReport(send_id=send.pk)
    renderer = IssueRenderer(send)
    limiter = RateLimiter(settings.NEWSLETTER_RATE_LIMIT)
    try:
        while True:
            ids = claim_batch(send, worker_id, batch_size)
            if ids:
                send_batch(send, ids, worker_id, renderer, limiter, report)
                SendWorker.objects.filter(pk=worker.pk).update(
                    heartbeat_at=timezone.now()
                )
                continue
            next_attempt = _next_retry(send)
            if next_attempt is None:
                break
            if not wait_for_retries:
                enqueue_send(send, run_after=next_attempt)
                break
            delay = (next_attempt - timezone.now()).total_seconds()
            if delay > 0:
                _sleep_with_heartbeat(worker, delay)
    finally:
        SendWorker.objects.filter(pk=worker.pk).update(
            stopped_at=timezone.now(), heartbeat_at=timezone.now()
        )
    finish_if_done(send)
    return report


def _sleep_with_heartbeat(worker: SendWorker, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 5.0))
        SendWorker.objects.filter(pk=worker.pk).update(heartbeat_at=timezone.now())


def _next_retry(send: Send) -> datetime | None:
    return send.deliveries.filter(status=Delivery.Status.QUEUED).aggregate(
        at=Min("next_attempt_at")
    )["at"]


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


TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, OSError)
SERVICE_CLOSING = 421  # RFC 5321 4.2.3: the server closes the connection after it
STAGING_SKIP = "Not sent: staging site, address not in PORTAL_EMAIL_ALLOWLIST."


def send_batch(
    send: Send,
    ids: list[int],
    worker_id: str,
    renderer: IssueRenderer,
    limiter: RateLimiter,
    report: SendReport,
) -> None:
    """Send one claimed batch over one SMTP connection and commit the outcomes."""
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
    topics = _topics_by_subscriber([row[2] for row in rows])
    domain = base_domain()
    date = formatdate()
    now = timezone.now()
    outcomes: list[Delivery] = []
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
            report.add(language, outcome.status)
            continue
        if not email_allowed(email):
            # A staging site: the mail backend would drop it; record it as skipped,
            # neither retried nor counted as a failure.
            outcome.status = Delivery.Status.SKIPPED
            outcome.smtp_response = STAGING_SKIP
            report.add(language, outcome.status)
            continue
        rendered = renderer.for_subscriber(language, topics.get(subscriber_id))
        outcome.language = rendered.language
        outcome.message_id = f"newsletter.{send.pk}.{pk}@{domain}"
        outcome.attempts = attempts + 1
        if not connected:
            connected = _open(connection)
        if not connected:
            _retry_later(outcome, "Could not connect to the mail server.")
            report.add(language, outcome.status)
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
        report.add(language, outcome.status)
    _close(connection)
    _record_outcomes(send, outcomes, domain)


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


def _open(connection) -> bool:
    try:
        connection.open()
    except TRANSIENT_ERRORS + (smtplib.SMTPException,) as error:
        logger.warning("Newsletter: cannot connect to the mail server: %s", error)
        _close(connection)
        return False
    return True


def _close(connection) -> None:
    try:
        connection.close()
    except (*TRANSIENT_ERRORS, smtplib.SMTPException):
        connection.connection = None


def _smtp_failure(outcome: Delivery, code: int, answer: bytes | str) -> None:
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


def _topics_by_subscriber(subscriber_ids: Iterable[int]) -> dict[int, frozenset[UUID]]:
    """Each subscriber's chosen topics by translation_key, in one query per batch."""
    through = Subscriber.topics.through
    keys: dict[int, set[UUID]] = defaultdict(set)
    for subscriber_id, key in through.objects.filter(
        subscriber_id__in=list(subscriber_ids)
    ).values_list("subscriber_id", "topic__translation_key"):
        keys[subscriber_id].add(key)
    return {pk: frozenset(values) for pk, values in keys.items()}


# --- A test send for the editor -----------------------------------------------------


def send_test(issue: NewsletterIssuePage, email: str) -> RenderedIssue:
    """Send the issue to one address now, as a subscriber of that address's language
    would get it (the issue's own language for someone not on the list); no Send or
    Delivery is recorded and the click links count nothing."""
    subscriber = Subscriber.objects.for_email(email).first()
    versions = issue_versions(issue)
    language = subscriber.language if subscriber else issue.locale.language_code
    page = versions.get(language, issue.specific)
    content = page.content()
    if subscriber:
        topics = _topics_by_subscriber([subscriber.pk]).get(subscriber.pk)
        content = content.for_topics(topics)
    rendered = render_issue(page, content, send_id=0)
    message = rendered.message_for(
        email=Subscriber.normalise_email(email),
        token=subscriber.token if subscriber else "test",
        click_part=click_subscriber_part(0, subscriber.pk if subscriber else 0),
        message_id=f"newsletter.test.{uuid.uuid4().hex}@{base_domain()}",
    )
    message.send()
    return rendered
