"""What each issue achieved, for the admin and the command: progress while it sends,
who received it in which language, who came back to the site through it, and who
left after it."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Click, Delivery, Send, Subscriber


def send_progress(send: Send) -> dict:
    """Counts for a progress bar: total, sent, failed, unknown, skipped, remaining,
    and the share done (0-100)."""
    counts = dict(
        send.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
    )
    total = sum(counts.values())
    remaining = counts.get(Delivery.Status.QUEUED, 0) + counts.get(
        Delivery.Status.SENDING, 0
    )
    if not send.recipients_added_at and not total:
        total = send.recipients_count
    done = total - remaining
    return {
        "status": send.status,
        "total": total,
        "sent": counts.get(Delivery.Status.SENT, 0),
        "failed": counts.get(Delivery.Status.FAILED, 0),
        "unknown": counts.get(Delivery.Status.UNKNOWN, 0),
        "skipped": counts.get(Delivery.Status.SKIPPED, 0),
        "queued": counts.get(Delivery.Status.QUEUED, 0),
        "sending": counts.get(Delivery.Status.SENDING, 0),
        "remaining": remaining,
        "percent": round(100 * done / total) if total else 0,
        "finished": send.finished_at is not None,
    }


def summary_by_language(send: Send) -> dict[str, dict[str, int]]:
    """Delivery outcomes per subscriber language: {language: {status: count}}."""
    summary: dict[str, dict[str, int]] = {}
    rows = (
        send.deliveries.values_list("subscriber__language", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for language, status, n in rows:
        summary.setdefault(language, {})[status] = n
    return summary


def deliveries_needing_attention(send: Send) -> QuerySet[Delivery]:
    """Failed and unknown deliveries, for the admin's report."""
    return send.deliveries.filter(
        Q(status=Delivery.Status.FAILED) | Q(status=Delivery.Status.UNKNOWN)
    ).select_related("subscriber")


@dataclass
class SendReport:
    """One issue's send as the admin reports it: outcomes, clicks and departures."""

    send: Send
    by_language: dict[str, dict[str, int]]
    delivered: int
    failed: int
    unknown: int
    unique_clicks: int
    clickers: int
    unsubscribed_after: int
    links: list[tuple[str, int]]

    @property
    def click_rate(self) -> float:
        """The share of delivered copies whose reader clicked at least once (0-100)."""
        return round(100 * self.clickers / self.delivered, 1) if self.delivered else 0.0


def send_report(send: Send, next_send: Send | None = None) -> SendReport:
    """The report of `send`; departures are counted until `next_send` began."""
    by_language = summary_by_language(send)
    totals = {
        status: sum(counts.get(status, 0) for counts in by_language.values())
        for status in [
            Delivery.Status.SENT,
            Delivery.Status.FAILED,
            Delivery.Status.UNKNOWN,
        ]
    }
    clicks = Click.objects.filter(send=send)
    # Unsubscribes that follow this issue: its recipients who left before the next
    # issue went out.
    left = Subscriber.objects.filter(
        deliveries__send=send,
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at__gte=send.started_at or send.created_at,
    )
    if next_send and next_send.started_at:
        left = left.filter(unsubscribed_at__lt=next_send.started_at)
    return SendReport(
        send=send,
        by_language=by_language,
        delivered=totals[Delivery.Status.SENT] or send.sent_count,
        failed=totals[Delivery.Status.FAILED] or send.failed_count,
        unknown=totals[Delivery.Status.UNKNOWN] or send.unknown_count,
        unique_clicks=clicks.count(),
        clickers=clicks.values("subscriber").distinct().count(),
        unsubscribed_after=left.distinct().count(),
        links=list(
            clicks.values_list("link").annotate(n=Count("pk")).order_by("-n", "link")
        ),
    )


def click_rates() -> list[dict]:
    """Every issue sent, oldest first, with its click rate: for the chart across
    issues. Three queries, however many issues."""
    sends = list(
        Send.objects.filter(started_at__isnull=False)
        .select_related("issue")
        .order_by("started_at")
    )
    delivered = dict(
        Delivery.objects.filter(status=Delivery.Status.SENT)
        .values_list("send")
        .annotate(n=Count("pk"))
        .order_by()
    )
    clickers = dict(
        Click.objects.values_list("send")
        .annotate(n=Count("subscriber", distinct=True))
        .order_by()
    )
    rows = []
    for send in sends:
        sent = delivered.get(send.pk) or send.sent_count
        rate = round(100 * clickers.get(send.pk, 0) / sent, 1) if sent else 0.0
        rows.append({"send": send, "delivered": sent, "rate": rate})
    return rows
