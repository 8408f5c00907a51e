"""Which copy of an issue each subscriber gets: their language's version (else the
default language's), with the items of their topics; and the same copy sent to an
editor as a test."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from core.locales import language_codes

from ..issue_versions import issue_versions, source_issue
from ..models import NewsletterIssuePage, Send, Subscriber
from ..models.issues import IssueContent
from ..rendering import RenderedIssue, base_domain, click_subscriber_part, render_issue


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
        """The copy for a subscriber of `language` who chose `topic_keys` (None:
        every topic); the default language when the issue has no such version."""
        page = self.versions.get(language) or self.versions[language_codes()[0]]
        if page.pk not in self._content:
            self._content[page.pk] = page.content()
        content = self._content[page.pk].for_topics(topic_keys)
        key = (page.pk, content.signature())
        if key not in self._rendered:
            self._rendered[key] = render_issue(page, content, self.send.pk)
        return self._rendered[key]


def topics_by_subscriber(subscriber_ids: Iterable[int]) -> dict[int, frozenset[UUID]]:
    """Each subscriber's chosen topics by translation_key, in one query per batch."""
    through = Subscriber.topics.through
    keys: dict[int, set[UUID]] = defaultdict(set)
    for subscriber_id, key in through.objects.filter(
        subscriber_id__in=list(subscriber_ids)
    ).values_list("subscriber_id", "topic__translation_key"):
        keys[subscriber_id].add(key)
    return {pk: frozenset(values) for pk, values in keys.items()}


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
        topics = topics_by_subscriber([subscriber.pk]).get(subscriber.pk)
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
