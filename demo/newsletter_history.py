"""The demo newsletter's readers, and what each demo issue did when it went out: the
Send, SendWorker, Delivery and Click rows that the send engine and the click redirect
leave, written directly so that the seed stays fast and the history lies in the past
(the engine stamps every row with the time it runs). Made-up people, so only with
PORTAL_DEMO_PEOPLE, on a dev server."""

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from wagtail.models import Page

from demo.newsletter import ISSUES, issue_dates
from newsletter.models import (
    Click,
    Delivery,
    NewsletterIndexPage,
    NewsletterIssuePage,
    Send,
    SendWorker,
    Subscriber,
)

READERS_DOMAIN = "readers.demo.invalid"
READERS_PER_LANGUAGE = 6
MORE_SOURCE_READERS = 3
CONSENT = "A made-up reader of the demo site, created by seed_demo."
SENT_AFTER_PUBLISHING = dt.timedelta(hours=1)
BATCH_SECONDS = 4
# The share of delivered copies whose reader clicked, issue by issue: what the
# admin's chart of click rates across issues shows.
CLICK_RATES = [0.45, 0.35, 0.5]
CLICKS_PER_READER = [1, 1, 1, 2, 2, 3]
CLICKS_WITHIN = dt.timedelta(days=4)

# What happened to some readers, by (language position, reader number); positions
# wrap around when fewer languages are configured.
HARD_BOUNCE = "550 5.1.1 The email account that you tried to reach does not exist."
BOUNCED, UNSUBSCRIBED = Subscriber.Status.BOUNCED, Subscriber.Status.UNSUBSCRIBED
# reader → (how they left, the issue after which they did)
FATES = {
    (0, 2): (BOUNCED, 0),  # the first issue bounced (hard): never sent to again
    (1, 3): (UNSUBSCRIBED, 0),
    (0, 6): (UNSUBSCRIBED, 1),
}
LEFT_AFTER = {BOUNCED: dt.timedelta(hours=3), UNSUBSCRIBED: dt.timedelta(days=3)}
# (issue, reader)
SOFT_BOUNCES = {(1, (2, 1))}
# (issue, reader) → (attempts, SMTP answer) of a copy that was never delivered; no
# attempts: retried until the engine gave up.
FAILURES = {
    (1, (3, 2)): (1, "550 5.1.1 <{email}>: Recipient address rejected: User unknown"),
    (2, (3, 2)): (1, "550 5.1.1 <{email}>: Recipient address rejected: User unknown"),
    (2, (4, 4)): (None, "451 4.7.1 Greylisted, please try again later"),
}


@dataclass(frozen=True)
class Reader:
    """A demo subscriber as the history has them: when they joined, and whether and
    when they left the list."""

    key: tuple[int, int]
    email: str
    language: str
    joined: dt.datetime
    left: str = ""
    left_after: int | None = None
    left_at: dt.datetime | None = None
    # issue number → (attempts, SMTP answer); the issues that bounced softly
    failures: dict[int, tuple[int | None, str]] = field(default_factory=dict)
    soft_bounces: frozenset[int] = frozenset()

    def receives(self, started: dt.datetime) -> bool:
        """On the list (confirmed) when a send listed its recipients."""
        return self.joined < started and (
            self.left_at is None or self.left_at > started
        )


def demo_readers(starts: list[dt.datetime]) -> list[Reader]:
    """Six readers per language, three more in the source language; most were on the
    list before the first issue, and the last two of each language joined a little
    before the second and the third."""
    codes = [code for code, _name in settings.LANGUAGES]

    def here(key: tuple[int, int]) -> tuple[int, int]:
        return key[0] % len(codes), key[1]

    fates = {here(key): fate for key, fate in FATES.items()}
    failures: dict[tuple[int, int], dict] = {}
    for (issue, key), failure in FAILURES.items():
        failures.setdefault(here(key), {})[issue] = failure
    soft_bounces: dict[tuple[int, int], set[int]] = {}
    for issue, key in SOFT_BOUNCES:
        soft_bounces.setdefault(here(key), set()).add(issue)
    readers = []
    for position, code in enumerate(codes):
        count = READERS_PER_LANGUAGE + (MORE_SOURCE_READERS if position == 0 else 0)
        for number in range(1, count + 1):
            later = count - number
            if later < min(2, len(starts) - 1):
                joined = starts[-1 - later] - dt.timedelta(days=9 + 5 * later)
            else:
                joined = starts[0] - dt.timedelta(days=20 + 9 * number + 3 * position)
            left, after = fates.get((position, number), ("", None))
            readers.append(
                Reader(
                    key=(position, number),
                    email=f"reader-{code}-{number}@{READERS_DOMAIN}",
                    language=code,
                    joined=joined,
                    left=left,
                    left_after=after,
                    left_at=starts[after] + LEFT_AFTER[left] if left else None,
                    failures=failures.get((position, number), {}),
                    soft_bounces=frozenset(soft_bounces.get((position, number), ())),
                )
            )
    return readers


@transaction.atomic
def ensure_newsletter_history(index: NewsletterIndexPage) -> tuple[int, int]:
    """The demo readers and a finished send of each demo issue that has none; returns
    how many readers and sends there are."""
    dates = issue_dates(index)
    issues = {
        issue.slug: issue
        for issue in NewsletterIssuePage.objects.child_of(index).filter(slug__in=dates)
    }
    starts = [dates[demo.fields["slug"]] + SENT_AFTER_PUBLISHING for demo in ISSUES]
    readers = demo_readers(starts)
    subscribers = ensure_readers(readers)
    sent = set(
        Send.objects.filter(
            translation_key__in=[issue.translation_key for issue in issues.values()]
        ).values_list("translation_key", flat=True)
    )
    for number, demo in enumerate(ISSUES):
        issue = issues.get(demo.fields["slug"])
        if issue is not None and issue.translation_key not in sent:
            record_send(issue, number, starts[number], readers, subscribers)
            sent.add(issue.translation_key)
    return len(readers), len(sent)


def ensure_readers(readers: list[Reader]) -> dict[str, int]:
    """The readers as confirmed subscribers, or as they are after leaving; the
    missing ones created in bulk. Returns their ids by address."""
    existing = set(
        Subscriber.objects.filter(
            email__in=[reader.email for reader in readers]
        ).values_list("email", flat=True)
    )
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=reader.email,
                language=reader.language,
                status=reader.left or Subscriber.Status.CONFIRMED,
                consent_text=CONSENT,
                consent_source="seed_demo",
                consented_at=reader.joined,
                confirmation_sent_at=reader.joined,
                confirmed_at=reader.joined + dt.timedelta(minutes=12),
                created_at=reader.joined,
                unsubscribed_at=reader.left_at if reader.left == UNSUBSCRIBED else None,
                bounced_at=reader.left_at if reader.left == BOUNCED else None,
                bounce_reason=HARD_BOUNCE if reader.left == BOUNCED else "",
            )
            for reader in readers
            if reader.email not in existing
        ]
    )
    return dict(
        Subscriber.objects.filter(
            email__in=[reader.email for reader in readers]
        ).values_list("email", "pk")
    )


def record_send(
    issue: NewsletterIssuePage,
    number: int,
    started: dt.datetime,
    readers: list[Reader],
    subscribers: dict[str, int],
) -> Send:
    """One issue's send as the engine finishes it: every reader on the list got a
    Delivery in their language, sent in one batch, with a few refused or retried
    until given up, and the clicks that came back in the days after."""
    send = Send.objects.create(
        translation_key=issue.translation_key,
        issue=issue,
        status=Send.Status.FINISHED,
        created_at=started - dt.timedelta(seconds=3),
        started_at=started,
        recipients_added_at=started + dt.timedelta(milliseconds=400),
    )
    # The first run of the send task, then one run per retry, each its own worker.
    runs, workers = [started], [worker_id(1)]
    claimed = started + dt.timedelta(seconds=1)
    done = started + dt.timedelta(seconds=BATCH_SECONDS)
    sent: list[tuple[Reader, Delivery]] = []
    recipients = [reader for reader in readers if reader.receives(started)]
    for reader in sorted(recipients, key=lambda reader: subscribers[reader.email]):
        delivery = Delivery(
            send=send,
            subscriber_id=subscribers[reader.email],
            language=reader.language,
            status=Delivery.Status.SENT,
            attempts=1,
            next_attempt_at=started,
            smtp_response="250",
            claimed_by=workers[0],
            claimed_at=claimed,
            sent_at=done,
            created_at=started,
        )
        if number in reader.soft_bounces:
            delivery.bounce = "soft"
        if reader.left == BOUNCED and reader.left_after == number:
            delivery.bounce = "hard"
        failure = reader.failures.get(number)
        if failure:
            attempts, answer = failure
            attempts = attempts or settings.NEWSLETTER_MAX_ATTEMPTS
            delivery.status = Delivery.Status.FAILED
            delivery.attempts = attempts
            delivery.smtp_response = answer.format(email=reader.email)
            delivery.sent_at = None
            while len(runs) < attempts:
                backoff = settings.NEWSLETTER_RETRY_BACKOFF_SECONDS * 2 ** (
                    len(runs) - 1
                )
                runs.append(runs[-1] + dt.timedelta(seconds=backoff))
                workers.append(worker_id(len(runs)))
            last_try = runs[attempts - 1] + dt.timedelta(seconds=1)
            delivery.claimed_by = workers[attempts - 1]
            delivery.claimed_at = delivery.next_attempt_at = last_try
        sent.append((reader, delivery))
    deliveries = [delivery for _reader, delivery in sent]
    Delivery.objects.bulk_create(deliveries)
    # Every copy was tried, so each has the Message-ID the engine makes from its id.
    domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    send.deliveries.update(
        message_id=Concat(
            Value(f"newsletter.{send.pk}."),
            Cast("pk", CharField()),
            Value(f"@{domain}"),
        )
    )
    SendWorker.objects.bulk_create(
        SendWorker(
            worker_id=worker,
            send=send,
            hostname="demo-worker",
            pid=1000 + position + 1,
            started_at=run,
            heartbeat_at=run + dt.timedelta(seconds=BATCH_SECONDS),
            stopped_at=run + dt.timedelta(seconds=BATCH_SECONDS),
        )
        for position, (worker, run) in enumerate(zip(workers, runs, strict=True))
    )
    failed = sum(1 for d in deliveries if d.status == Delivery.Status.FAILED)
    send.finished_at = runs[-1] + dt.timedelta(seconds=BATCH_SECONDS)
    send.recipients_count = len(deliveries)
    send.sent_count = len(deliveries) - failed
    send.failed_count = failed
    send.save()
    Click.objects.bulk_create(clicks(send, number, sent))
    return send


def worker_id(run: int) -> str:
    """As the engine names a worker: host, process id, and a random part."""
    return f"demo-worker-{1000 + run}-{uuid.uuid4().hex[:8]}"


def clicks(send: Send, number: int, sent: list[tuple[Reader, Delivery]]) -> list[Click]:
    """First clicks on the issue's links (its picks, its web version, the home page)
    in each reader's language, from a share of the delivered copies; the same on
    every seed (a random generator seeded per reader and issue)."""
    links = issue_links(send.issue)
    now = timezone.now()
    rows = []
    for reader, delivery in sent:
        if delivery.status != Delivery.Status.SENT or delivery.bounce == "hard":
            continue
        chance = random.Random(f"{send.issue.slug}/{reader.email}")  # noqa: S311 (made-up data)
        if chance.random() >= CLICK_RATES[number % len(CLICK_RATES)]:
            continue
        choices = links.get(reader.language, [])
        count = min(chance.choice(CLICKS_PER_READER), len(choices))
        for link in chance.sample(choices, count):
            at = delivery.sent_at + CLICKS_WITHIN * chance.random()
            rows.append(
                Click(
                    send=send,
                    subscriber_id=delivery.subscriber_id,
                    link=link,
                    first_clicked_at=min(at, now),
                )
            )
    return rows


def issue_links(issue: NewsletterIssuePage) -> dict[str, list[str]]:
    """The links each language's copy of the issue carried, as the click report
    records them: absolute, without the campaign parameters."""
    picks = issue.featured_items.values_list("item__translation_key", flat=True)
    pages = (
        Page.objects.live()
        .filter(
            translation_key__in=[*picks, issue.translation_key],
            alias_of__isnull=True,
        )
        .select_related("locale")
    )
    links: dict[str, list[str]] = {}
    for page in pages:
        code = page.locale.language_code
        parts = page.get_url_parts()
        if parts:
            links.setdefault(code, []).append(
                f"{settings.PORTAL_BASE_URL}/{parts[2].lstrip('/')}"
            )
    for code, found in links.items():
        found.sort()
        found.append(f"{settings.PORTAL_BASE_URL}/{code}/")
    return links
