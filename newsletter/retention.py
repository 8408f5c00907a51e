"""How long delivery and click records are kept (personal data: who got and opened
what); the totals on each Send stay."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Click, Delivery


def purge_old_records(now: datetime | None = None) -> dict[str, int]:
    """Delete deliveries and clicks older than NEWSLETTER_DELIVERY_RETENTION_DAYS."""
    days = settings.NEWSLETTER_DELIVERY_RETENTION_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    clicks, _ = Click.objects.filter(first_clicked_at__lt=cutoff).delete()
    deliveries, _ = Delivery.objects.filter(created_at__lt=cutoff).delete()
    return {"deliveries": deliveries, "clicks": clicks}
