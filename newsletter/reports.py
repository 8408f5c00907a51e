"""What each issue achieved: who received it in which language, who came back to the
site through it, and who left after it."""

from dataclasses import dataclass

from django.db.models import Count

from .models import Click, Delivery, Send, Subscriber
from .sending import summary_by_language


@dataclass
class SendReport:
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
