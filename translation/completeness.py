"""Which translations of a page are real: live, public, not aliases, fully translated.

wagtail-localize can publish a translation whose strings still fall back to the
source text; such a page must not be announced as a translation (hreflang, the
language switcher, the sitemap). A page's slug is the one string that never
counts: left untranslated, it is made from the title (translation.slugs).
Completeness is measured in bulk, in a fixed number of queries however many pages
are asked about.
"""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Count, Exists, F, OuterRef, Subquery

from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from core.locales import language_codes
from core.memo import private_q

from .models import TranslationState
from .slugs import counted_strings


def recorded_completeness(translation_key: str, locale_id: str) -> Subquery:
    """Whether the translation named by the outer query's `translation_key` and
    `locale_id` fields was complete when written (TranslationState), or NULL."""
    return Subquery(
        TranslationState.objects.filter(
            translation_key=OuterRef(translation_key), locale_id=OuterRef(locale_id)
        ).values("complete")[:1]
    )


def incomplete_translations(
    translation_keys: Iterable[UUID] | None = None,
) -> set[tuple[UUID, int]]:
    """(translation_key, locale_id) pairs whose wagtail-localize translation still
    lacks strings; `None` asks about every translated object.

    The strings of the source's latest snapshot decide, except where a page's
    TranslationState recorded how complete its live translation was when written:
    wagtail-localize shares one snapshot among all languages, so syncing Spanish to
    a new source would otherwise make the live French page look half-translated."""
    translations = Translation.objects.filter(enabled=True)
    if translation_keys is not None:
        translations = translations.filter(source__object_id__in=list(translation_keys))
    recorded = recorded_completeness("source__object_id", "target_locale_id")
    rows = list(
        translations.annotate(recorded=recorded).values_list(
            "source_id", "source__object_id", "target_locale_id", "recorded"
        )
    )
    # Counting strings is for translations written before TranslationState existed.
    unrecorded = {row[0] for row in rows if row[3] is None}
    totals, translated = (
        count_translated_strings(unrecorded) if unrecorded else ({}, {})
    )

    def is_incomplete(source_id: int, locale_id: int, recorded: bool | None) -> bool:
        if recorded is not None:
            return not recorded
        return translated.get((source_id, locale_id), 0) < totals.get(source_id, 0)

    return {
        (key, locale_id)
        for source_id, key, locale_id, recorded in rows
        if is_incomplete(source_id, locale_id, recorded)
    }


def count_translated_strings(source_ids: set[int]) -> tuple[dict, dict]:
    """Each source's number of strings that count (translation.slugs), and of those
    translated per language."""
    segments = counted_strings(StringSegment.objects.filter(source_id__in=source_ids))
    totals = dict(segments.values_list("source_id").annotate(n=Count("pk")))
    translated = {
        (source_id, locale_id): n
        for source_id, locale_id, n in segments.filter(
            string__translations__context_id=F("context_id"),
            string__translations__has_error=False,
        )
        .values_list("source_id", "string__translations__locale_id")
        .annotate(n=Count("pk", distinct=True))
    }
    return totals, translated


def real_translations(page: Page) -> list[Page]:
    """The page in each language where it is live, public, not an alias and complete,
    itself included, in the order of the configured languages: one query, unless a
    translation predates TranslationState and its strings must be counted."""
    candidates = list(
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .live()
        .exclude(private_q())
        .select_related("locale")
        .annotate(
            made_by_localize=Exists(
                Translation.objects.filter(
                    enabled=True,
                    source__object_id=OuterRef("translation_key"),
                    target_locale_id=OuterRef("locale_id"),
                )
            ),
            recorded=recorded_completeness("translation_key", "locale_id"),
        )
    )
    unrecorded = [c for c in candidates if c.made_by_localize and c.recorded is None]
    incomplete = (
        incomplete_translations([page.translation_key]) if unrecorded else set()
    )

    def is_complete(candidate: Page) -> bool:
        if not candidate.made_by_localize:
            return True
        if candidate.recorded is not None:
            return candidate.recorded
        return (candidate.translation_key, candidate.locale_id) not in incomplete

    order = {code: position for position, code in enumerate(language_codes())}
    pages = [
        candidate
        for candidate in candidates
        if is_complete(candidate) and candidate.locale.language_code in order
    ]
    return sorted(pages, key=lambda p: order[p.locale.language_code])
