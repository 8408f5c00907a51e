"""A Send from start to finish: created once per issue, its recipients added once,
and its totals recorded once nothing is left to send."""

from django.db.models import Count
from django.utils import timezone

from ..issue_versions import IssueNotPublished, source_issue
from ..models import Delivery, NewsletterIssuePage, Send, Subscriber


def start_send(issue: NewsletterIssuePage) -> Send:
    """The Send for this issue, created once per translation group, for the caller to
    queue or run; starting an issue again returns the same Send, whose run finds
    nothing new."""
    issue = source_issue(issue.translation_key)
    if not issue.live:
        raise IssueNotPublished(f"The issue {issue.title!r} is not published.")
    send, _created = Send.objects.get_or_create(
        translation_key=issue.translation_key, defaults={"issue": issue}
    )
    return send


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
