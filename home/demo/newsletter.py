"""The demo newsletter: one issue (translated like every demo page) and, for
benchmarks, any number of confirmed subscribers spread over the languages."""

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page

from newsletter.models import (
    NewsletterIndexPage,
    NewsletterIssueFeaturedItem,
    NewsletterIssuePage,
    Subscriber,
)
from newsletter.models.subscribers import new_token

ISSUE = {
    "title": "Learning Commons newsletter: first issue",
    "slug": "first-issue",
    "subject": "New stories, events and recordings from the network",
    "preheader": "What communities learned this month, and where to meet them next.",
    "lead": (
        "<p>Welcome to the first issue of the Learning Commons newsletter. Each "
        "month we bring you the newest guide stories from member communities, the "
        "learning events you can join and the recordings of past seminars.</p>"
        "<p>Reply to this email if your community has a story to tell.</p>"
    ),
}
FEATURED_SLUGS = ["valley-learns-in-welsh", "recording-reading-circles"]

DEMO_DOMAIN = "subscribers.example.org"
CONSENT = "Demo subscriber created by seed_demo --subscribers."


def ensure_demo_issue(index: NewsletterIndexPage) -> NewsletterIssuePage:
    """The demo issue under the source-language newsletter index, with a featured
    story when the demo stories exist."""
    issue = (
        NewsletterIssuePage.objects.child_of(index).filter(slug=ISSUE["slug"]).first()
    )
    if issue:
        return issue
    featured = list(
        Page.objects.filter(slug__in=FEATURED_SLUGS, locale=index.locale).order_by(
            "path"
        )
    )
    issue = NewsletterIssuePage(
        **ISSUE,
        featured_items=[NewsletterIssueFeaturedItem(item=page) for page in featured],
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    return issue


def ensure_subscribers(count: int) -> int:
    """Demo addresses 1..count, confirmed, in the configured languages in turn; only
    the missing ones are created, in bulk."""
    languages = [code for code, _name in settings.LANGUAGES]
    emails = [f"reader{number}@{DEMO_DOMAIN}" for number in range(1, count + 1)]
    existing = set(
        Subscriber.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list(
            "email", flat=True
        )
    )
    now = timezone.now()
    missing = [
        Subscriber(
            email=email,
            language=languages[position % len(languages)],
            status=Subscriber.Status.CONFIRMED,
            token=new_token(),
            consent_text=CONSENT,
            consent_source="seed_demo",
            consented_at=now,
            confirmed_at=now,
            created_at=now,
        )
        for position, email in enumerate(emails)
        if email not in existing
    ]
    Subscriber.objects.bulk_create(missing, batch_size=2000, ignore_conflicts=True)
    return len(missing)
