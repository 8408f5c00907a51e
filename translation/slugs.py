"""The slug rule: a translated page's slug left in the source language is made from
its translated title.

wagtail-localize offers a page's slug as one more string to translate. A translator
who translates the title and the text but not the slug gets a page whose address
is still in the source language and which, by wagtail-localize's count, is not
fully translated. Here, instead:

- when wagtail-localize writes a translation whose slug string has no usable
  translation in the target language, the page's slug is made from its translated
  title (Django's slugify with Unicode kept, made unique among its siblings as
  Wagtail requires) — in the page and in the revision that goes live;
- a slug the translator did translate is kept as wagtail-localize wrote it;
- a page's slug string never counts as missing when completeness is measured;
- a slug that is synchronised rather than translated (section index pages:
  `SynchronizedField("slug")`) is not a string at all, so none of this applies
  and it keeps the source's slug.

Every part of the translation app that counts strings or writes slugs asks here.
"""

from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringSegment, TranslationLog, TranslationSource

# The context path wagtail-localize gives a page's slug among its strings.
SLUG_PATH = "slug"
TITLE_PATH = "title"
# Room left under the slug field's length for Wagtail's "-2" on a clash.
SLUG_SUFFIX_ROOM = 6


def page_slug_strings() -> Q:
    """StringSegment rows that are a page's slug (a snippet's slug is not made from
    anything, so it stays an ordinary string)."""
    return Q(
        context__path=SLUG_PATH,
        context__object__content_type__app_label=Page._meta.app_label,
        context__object__content_type__model=Page._meta.model_name,
    )


def counted_strings(segments: QuerySet) -> QuerySet:
    """The strings that must be translated for a translation to be complete: all
    but a page's slug, which is made from the title when left untranslated."""
    return segments.exclude(page_slug_strings())


def slug_left_untranslated(source: TranslationSource, locale: Locale | int) -> bool:
    """Whether the source is a page whose slug is a string with no usable
    translation in `locale`: wagtail-localize then writes the source's slug."""
    slug = (
        StringSegment.objects.filter(source=source)
        .filter(page_slug_strings())
        .annotate_translation(locale)
        .first()
    )
    return slug is not None and slug.translation is None


def title_slug(page: Page, title: str) -> str:
    """The slug made from `title` for `page`, free among its siblings; the page's own
    slug when the title gives none (punctuation only)."""
    max_length = Page._meta.get_field("slug").max_length - SLUG_SUFFIX_ROOM
    base = slugify(title, allow_unicode=True)[:max_length].strip("-")
    if not base:
        return page.slug
    return find_available_slug(page.get_parent(), base, ignore_page_id=page.pk)


def translated_title(source: TranslationSource, locale: Locale | int) -> str | None:
    """The title as the translator wrote it, None while it is untranslated."""
    return (
        StringSegment.objects.filter(source=source, context__path=TITLE_PATH)
        .annotate_translation(locale)
        .values_list("translation", flat=True)
        .first()
    )


def editor_notice(page: Page) -> str | None:
    """What the translation editor tells the translator of `page` about its slug,
    while the slug string is left untranslated: that the address is made from the
    translated title, and which address that is once the title is translated."""
    if page.alias_of_id:
        return None
    source = TranslationSource.objects.filter(
        object_id=page.translation_key,
        translations__target_locale_id=page.locale_id,
        translations__enabled=True,
    ).first()
    if source is None or not slug_left_untranslated(source, page.locale_id):
        return None
    title = translated_title(source, page.locale_id)
    if not title:
        return gettext(
            "The slug is not translated: when you publish, the page’s address is "
            "made from the translated title. Translate the slug only to choose a "
            "different address."
        )
    return gettext(
        "The slug is not translated: when you publish, the page’s address is made "
        "from the translated title (“%(slug)s”). Translate the slug only to choose a "
        "different address."
    ) % {"slug": title_slug(page, title)}


def give_title_slug(log: TranslationLog) -> None:
    """wagtail-localize just wrote `log.revision` of a translated page: if its slug
    string was left untranslated, give the page the slug made from its title.

    The revision is changed in place: it is the object wagtail-localize publishes
    once the transaction commits (and the one a scheduled publication reads back),
    so the page goes live with the title's slug. The page row is changed too,
    unless the revision is scheduled (the live page stays as it is until then),
    through the page object wagtail-localize saved (the revision's content_object):
    the slug change Wagtail queued for it then sees the final address, and no
    automatic redirect is made from the page's own address to itself. Page.save
    keeps url_path and the descendants' paths right."""
    revision: Revision | None = log.revision
    if revision is None or not slug_left_untranslated(log.source, log.locale_id):
        return
    page = revision.content_object
    if not isinstance(page, Page):
        return
    written = revision.content.get("slug")
    slug = title_slug(page, revision.content.get("title") or page.title)
    if slug == written:
        return
    revision.content["slug"] = slug
    revision.save(update_fields=["content"])
    if revision.approved_go_live_at is None and page.slug == written:
        page.slug = slug
        page.save(update_fields=["slug", "url_path"], clean=False)
