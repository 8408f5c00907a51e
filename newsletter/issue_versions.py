"""Which issue, in which language: an issue named by id or slug, its source, and the
version each language's subscribers receive (never a mixture of languages)."""

from uuid import UUID

from django.db.models import Count

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from core.locales import language_codes
from translation.completeness import real_translations

from .models import NewsletterIssuePage, Subscriber


class IssueNotFound(ValueError):
    """No newsletter issue matches the page id or slug."""


class AmbiguousIssue(ValueError):
    """A slug names more than one issue (different translation groups)."""


class IssueNotPublished(ValueError):
    """Only a live issue can be sent."""


def resolve_issue(reference: str) -> NewsletterIssuePage:
    """An issue by page id (all digits) or slug, in any of its languages, returned in
    its source language; a slug shared by two issues is refused."""
    reference = reference.strip()
    if reference.isdigit():
        page = NewsletterIssuePage.objects.filter(pk=int(reference)).first()
        if page is None:
            raise IssueNotFound(f"No newsletter issue has the page id {reference}.")
        return source_issue(page.translation_key)
    keys = set(
        NewsletterIssuePage.objects.filter(slug=reference).values_list(
            "translation_key", flat=True
        )
    )
    if not keys:
        raise IssueNotFound(f"No newsletter issue has the slug {reference!r}.")
    if len(keys) > 1:
        ids = sorted(
            NewsletterIssuePage.objects.filter(slug=reference).values_list(
                "pk", flat=True
            )
        )
        raise AmbiguousIssue(
            f"The slug {reference!r} names {len(keys)} different issues "
            f"(page ids {', '.join(map(str, ids))}); give the page id instead."
        )
    return source_issue(keys.pop())


def source_issue(translation_key: UUID) -> NewsletterIssuePage:
    """The issue in the language it was written in (wagtail-localize's source), else
    in the default language, else any."""
    pages = {
        page.locale_id: page
        for page in NewsletterIssuePage.objects.filter(
            translation_key=translation_key, alias_of__isnull=True
        ).select_related("locale")
    }
    source = (
        TranslationSource.objects.filter(object_id=translation_key)
        .values_list("locale_id", flat=True)
        .first()
    )
    for locale_id in (source, Locale.get_default().pk):
        if locale_id in pages:
            return pages[locale_id]
    if not pages:
        raise IssueNotFound(f"No newsletter issue has the key {translation_key}.")
    return next(iter(pages.values()))


def issue_versions(issue: NewsletterIssuePage) -> dict[str, NewsletterIssuePage]:
    """For every configured language, the issue a subscriber of that language gets:
    the live, complete translation, else the source issue (never a mixture)."""
    source = source_issue(issue.translation_key)
    real = {
        page.locale.language_code: page.specific for page in real_translations(source)
    }
    fallback = real.get(source.locale.language_code, source)
    return {code: real.get(code, fallback) for code in language_codes()}


def recipients_by_language(issue: NewsletterIssuePage) -> list[dict]:
    """How many confirmed subscribers each language has and which language's issue
    they would receive (for the confirmation before sending)."""
    versions = issue_versions(issue)
    counts = dict(
        Subscriber.objects.confirmed()
        .values_list("language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {
            "language": code,
            "count": counts.get(code, 0),
            "issue_language": versions[code].locale.language_code,
            "issue": versions[code],
        }
        for code in language_codes()
    ]
