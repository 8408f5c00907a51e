"""What a moderator should look at this week: work waiting for review and what goes
live or expires soon. Other apps add their own sections (`needs_attention_sections`)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, Revision, TaskState

SCHEDULE_WINDOW = dt.timedelta(days=7)


def awaiting_review(user) -> list[TaskState]:
    return list(
        TaskState.objects.reviewable_by(user)
        .select_related("revision", "revision__user", "workflow_state")
        .prefetch_related("revision__content_object")
        .order_by("started_at")[:20]
    )


def scheduled_this_week(now: dt.datetime | None = None) -> list[dict]:
    """Pages going live (approved, scheduled revisions) or expiring in the next days,
    in every language, soonest first."""
    now = now or timezone.now()
    until = now + SCHEDULE_WINDOW
    going_live = list(
        Revision.page_revisions.filter(
            approved_go_live_at__gte=now, approved_go_live_at__lt=until
        ).order_by("approved_go_live_at")
    )
    pages = {
        page.pk: page
        for page in Page.objects.filter(
            Q(pk__in=[int(r.object_id) for r in going_live])
            | Q(live=True, expire_at__gte=now, expire_at__lt=until)
        ).select_related("locale")
    }
    rows = [
        {"page": pages[int(r.object_id)], "when": r.approved_go_live_at, "live": True}
        for r in going_live
        if int(r.object_id) in pages
    ]
    rows += [
        {"page": page, "when": page.expire_at, "live": False}
        for page in pages.values()
        if page.expire_at and now <= page.expire_at < until and page.live
    ]
    return sorted(rows, key=lambda row: row["when"])
