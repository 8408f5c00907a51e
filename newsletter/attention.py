"""Where the next newsletter issue stands, for the moderators' "Needs attention"
panel on the admin dashboard."""

from wagtail.models import Locale

from .models import NewsletterIssuePage, Send
from .reports import send_progress


def next_issue() -> dict | None:
    """The newest issue in the default language not yet fully sent, and its state."""
    sent = Send.objects.filter(finished_at__isnull=False).values("translation_key")
    issue = (
        NewsletterIssuePage.objects.filter(
            alias_of__isnull=True, locale=Locale.get_default()
        )
        .exclude(translation_key__in=sent)
        .select_related("locale")
        .order_by("-latest_revision_created_at")
        .first()
    )
    if issue is None:
        return None
    send = Send.objects.filter(translation_key=issue.translation_key).first()
    return {
        "issue": issue,
        "send": send,
        "progress": send_progress(send) if send else None,
    }
