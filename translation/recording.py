"""Keeps TranslationState in step with wagtail-localize.

Every way wagtail-localize writes a translation (its editor's publish, its sync
view, `create_or_update_translation` called by our actions or the demo seed) ends
in one `TranslationLog`; every extraction of the source content saves the
`TranslationSource`. Listening to those two saves covers all paths without
patching wagtail-localize.
"""

from django.db.models import F

from wagtail.models import Page
from wagtail_localize.models import StringSegment, TranslationLog, TranslationSource

from translation.models import SourceRevision, TranslationState
from translation.slugs import counted_strings, give_title_slug


def is_page_source(source: TranslationSource) -> bool:
    model = source.specific_content_type.model_class()
    return model is not None and issubclass(model, Page)


def record_source_revision(source: TranslationSource) -> None:
    """The source content was just extracted from the page row, which holds the live
    revision's content (drafts live only in revisions): remember that revision."""
    if not is_page_source(source):
        return
    revision_id = (
        Page.objects.filter(
            translation_key=source.object_id, locale_id=source.locale_id
        )
        .values_list("live_revision_id", flat=True)
        .first()
    )
    SourceRevision.objects.update_or_create(
        source=source,
        defaults={"revision_id": revision_id, "recorded_at": source.last_updated_at},
    )


def snapshot_revision_id(source: TranslationSource) -> int | None:
    """The source revision a TranslationSource holds; for a source extracted before
    this was recorded, its page's live revision if nothing was published since."""
    recorded = SourceRevision.objects.filter(source=source).first()
    if recorded is not None:
        return recorded.revision_id
    page = (
        Page.objects.filter(
            translation_key=source.object_id, locale_id=source.locale_id
        )
        .only("live_revision_id", "last_published_at")
        .first()
    )
    if page is None or page.last_published_at is None:
        return None
    if page.last_published_at <= source.last_updated_at:
        return page.live_revision_id
    return None


def strings_complete(source: TranslationSource, locale_id: int) -> bool:
    """Whether every string of the source that counts (translation.slugs) has a
    usable translation in the locale, i.e. a translation made now falls back to the
    source nowhere."""
    segments = counted_strings(StringSegment.objects.filter(source=source))
    translated = (
        segments.filter(
            string__translations__locale_id=locale_id,
            string__translations__context_id=F("context_id"),
            string__translations__has_error=False,
        )
        .values("pk")
        .distinct()
        .count()
    )
    return translated >= segments.count()


def record_translation(log: TranslationLog) -> None:
    """wagtail-localize just wrote the translation of `log.source` into `log.locale`:
    a slug left untranslated is made from the title, then the state is recorded."""
    source = log.source
    if not is_page_source(source):
        return
    give_title_slug(log)
    TranslationState.objects.update_or_create(
        translation_key=source.object_id,
        locale_id=log.locale_id,
        defaults={
            "source_revision_id": snapshot_revision_id(source),
            "translation_revision_id": log.revision_id,
            "complete": strings_complete(source, log.locale_id),
            "translated_at": log.created_at,
        },
    )
