"""The demo newsletter: three past issues (translated like every demo page) and, for
benchmarks, any number of confirmed subscribers spread over the languages."""

import datetime as dt
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DemoIssue:
    """An issue of the demo archive, and when it went out: days before the demo site
    was first seeded, so that its date and its sends stay put on every rerun."""

    fields: dict
    featured: list[str]
    days_before_seed: int


ISSUES = [
    DemoIssue(ISSUE, ["valley-learns-in-welsh", "recording-everyday-welsh"], 63),
    DemoIssue(
        {
            "title": "Learning Commons newsletter: second issue",
            "slug": "second-issue",
            "subject": (
                "Reading circles, energy bills and a seminar on minority languages"
            ),
            "preheader": (
                "Two communities share what they learned, and a seminar you can join."
            ),
            "lead": (
                "<p>In this issue, neighbours explain how they learned to read their "
                "energy bills together, and the recording of our seminar on reading "
                "circles that choose their own books is online, with its "
                "transcript.</p>"
                "<p>Registration is open for our seminar on learning in a minority "
                "language, with interpretation into several languages.</p>"
            ),
        },
        [
            "neighbours-read-energy-bills",
            "recording-reading-circles",
            "seminar-minority-language",
        ],
        35,
    ),
    DemoIssue(
        {
            "title": "Learning Commons newsletter: third issue",
            "slug": "third-issue",
            "subject": "Keeping volunteers, and a mentoring ring for cooperatives",
            "preheader": (
                "A learning clinic on keeping volunteers, and what women's "
                "cooperatives learned from each other."
            ),
            "lead": (
                "<p>Many of you asked how other communities keep their volunteers for "
                "more than a year. Our next learning clinic works through that "
                "question with peers: bring your own experience.</p>"
                "<p>This issue also tells how women's cooperatives built a mentoring "
                "ring, and thanks everyone who replied to the first two issues with a "
                "story of their own.</p>"
            ),
        },
        ["clinic-keeping-volunteers", "mentoring-ring-cooperatives"],
        7,
    ),
]
# Published in the morning of the day it went out, and sent an hour later.
PUBLISHED_AT = dt.time(8, 0, tzinfo=dt.UTC)

DEMO_DOMAIN = "subscribers.example.org"
CONSENT = "Demo subscriber created by seed_demo --subscribers."


def ensure_demo_issues(index: NewsletterIndexPage) -> list[NewsletterIssuePage]:
    """The demo issues under the source-language newsletter index, oldest first, each
    with its featured stories, events and recordings."""
    existing = {
        issue.slug: issue
        for issue in NewsletterIssuePage.objects.child_of(index).filter(
            slug__in=[demo.fields["slug"] for demo in ISSUES]
        )
    }
    issues = []
    for demo in ISSUES:
        issue = existing.get(demo.fields["slug"])
        if issue is None:
            featured = {
                page.slug: page
                for page in Page.objects.filter(
                    slug__in=demo.featured, locale=index.locale
                )
            }
            issue = NewsletterIssuePage(
                **demo.fields,
                featured_items=[
                    NewsletterIssueFeaturedItem(item=featured[slug])
                    for slug in demo.featured
                    if slug in featured
                ],
            )
            index.add_child(instance=issue)
            issue.save_revision().publish()
        issues.append(issue)
    return issues


def issue_dates(index: NewsletterIndexPage) -> dict[str, dt.datetime]:
    """When each demo issue (by slug) was published: counted back from the day the
    demo site was first seeded (when its newsletter index was published)."""
    seeded = index.first_published_at or timezone.now()
    return {
        demo.fields["slug"]: dt.datetime.combine(
            seeded.date() - dt.timedelta(days=demo.days_before_seed), PUBLISHED_AT
        )
        for demo in ISSUES
    }


def date_demo_issues(index: NewsletterIndexPage) -> None:
    """Give each demo issue, in every language, the date it went out, so that the
    archive reads as a history; pages dated before are left as they are."""
    dates = issue_dates(index)
    issues = NewsletterIssuePage.objects.child_of(index).filter(slug__in=dates)
    for slug, key in issues.values_list("slug", "translation_key"):
        Page.objects.filter(
            translation_key=key, first_published_at__gt=dates[slug]
        ).update(first_published_at=dates[slug], last_published_at=dates[slug])


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
