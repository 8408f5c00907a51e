"""Per-language translation actions: create, machine-translate, sync, publish and
schedule ONE page's translation into ONE language.

wagtail-localize's own "Translate this page" and "Sync translated pages" act on
every language at once behind one global permission; these act on one language
and are allowed to whoever may edit that language's tree.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.models import Locale, Page, Revision
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import (
    MissingRelatedObjectError,
    MissingTranslationError,
    RelatedObjectSegment,
    StringSegment,
    Translation,
    TranslationLog,
    TranslationSource,
)
from wagtail_localize.views.edit_translation import apply_machine_translation

from translation.models import SourceRevision
from translation.slugs import counted_strings, slug_left_untranslated


class TranslationActionError(Exception):
    """An action that cannot be carried out as asked; the message is for the user."""


class StringsMissing(TranslationActionError):
    """Publishing would fall back to the source for some strings."""


def check_permission(user, source: Page, locale: Locale, *, publish: bool = False):
    """The translation of `source` in `locale` (None if there is none yet), if the
    user may work on it: edit rights on that translation, or the right to add pages
    under the translated parent. Otherwise PermissionDenied."""
    if locale.pk == source.locale_id:
        raise PermissionDenied
    translation = source.get_translation_or_none(locale)
    if translation is not None:
        permissions = translation.permissions_for_user(user)
        allowed = permissions.can_publish() if publish else permissions.can_edit()
    else:
        parent = source.get_parent().get_translation_or_none(locale)
        allowed = parent is not None and (
            parent.permissions_for_user(user).can_publish_subpage()
            if publish
            else parent.permissions_for_user(user).can_add_subpage()
        )
    if not allowed:
        raise PermissionDenied
    return translation


def machine_translation_available() -> bool:
    """Whether a machine translator is configured (DeepL, LibreTranslate, ours)."""
    return get_machine_translator() is not None


def current_source(source: Page) -> TranslationSource:
    """wagtail-localize's snapshot of `source`, re-extracted if the page has been
    published since it was taken."""
    snapshot, created = TranslationSource.get_or_create_from_instance(source.specific)
    if not created:
        recorded = (
            SourceRevision.objects.filter(source=snapshot)
            .values_list("revision_id", flat=True)
            .first()
        )
        if recorded is None or recorded != source.live_revision_id:
            snapshot.update_from_db()
    return snapshot


def enable_translation(snapshot: TranslationSource, locale: Locale) -> Translation:
    """The Translation record that makes the translated page open in the editor."""
    record, _created = Translation.objects.get_or_create(
        source=snapshot, target_locale=locale, defaults={"enabled": True}
    )
    return record


def missing_strings(snapshot: TranslationSource, locale: Locale) -> int:
    """How many strings of the snapshot that count (translation.slugs) have no
    translation in `locale` yet."""
    return (
        counted_strings(StringSegment.objects.filter(source=snapshot))
        .annotate_translation(locale)
        .filter(translation__isnull=True)
        .count()
    )


def strings_missing_message(snapshot: TranslationSource, locale: Locale) -> str:
    count = missing_strings(snapshot, locale)
    return ngettext(
        "%(count)s string still needs translating before publishing.",
        "%(count)s strings still need translating before publishing.",
        count,
    ) % {"count": count}


@transaction.atomic
def start_translation(source: Page, locale: Locale, user) -> Page:
    """The translation of `source` in `locale`, created as a draft if it does not
    exist (or replacing an alias), for the translator to fill in the editor. The
    draft borrows the source text where strings are untranslated: it is never
    published here, so it never poses as a translation."""
    translation = check_permission(user, source, locale)
    snapshot = current_source(source)
    enable_translation(snapshot, locale)
    if translation is not None and not translation.alias_of_id:
        return translation
    translation, _created = snapshot.create_or_update_translation(
        locale, user=user, publish=False, fallback=True
    )
    return translation


@transaction.atomic
def machine_translate(source: Page, locale: Locale, user) -> bool:
    """Fill the untranslated strings through wagtail-localize's machine-translation
    path; False when nothing was left to translate."""
    translator = get_machine_translator()
    if translator is None:
        raise TranslationActionError(_("No machine translator is configured."))
    if not translator.can_translate(source.locale, locale):
        raise TranslationActionError(
            _("The machine translator cannot translate into this language.")
        )
    start_translation(source, locale, user)
    record = Translation.objects.get(
        source__object_id=source.translation_key,
        source__locale_id=source.locale_id,
        target_locale=locale,
    )
    return apply_machine_translation(record.pk, user, translator)


def carry_expiry(source: Page, translation: Page) -> None:
    """The translation expires with its source (the translation editor cannot set it)."""
    if translation.expire_at != source.expire_at:
        Page.objects.filter(pk=translation.pk).update(expire_at=source.expire_at)


def untranslated_related_object(snapshot: TranslationSource, locale: Locale):
    """The first snippet the content refers to that has no translation in `locale`,
    as wagtail-localize checks when it may not fall back."""
    for segment in RelatedObjectSegment.objects.filter(source=snapshot).select_related(
        "object"
    ):
        if not segment.object.has_translation(locale):
            return segment.object.get_instance(snapshot.locale)
    return None


def may_fall_back(snapshot: TranslationSource, locale: Locale) -> bool:
    """Whether the translation may be written with fallback: only when the one
    string left untranslated is the page's slug, which is then made from the title
    (translation.slugs); with anything else missing, StringsMissing."""
    if not slug_left_untranslated(snapshot, locale):
        return False
    if missing_strings(snapshot, locale):
        raise StringsMissing(strings_missing_message(snapshot, locale))
    related = untranslated_related_object(snapshot, locale)
    if related is not None:
        raise StringsMissing(not_translated_message(related))
    return True


def not_translated_message(related) -> str:
    return _("“%(object)s” is not translated into this language yet.") % {
        "object": related
    }


def publish_from(snapshot: TranslationSource, source: Page, locale: Locale, user):
    """Publish the translation with every string translated (the slug aside, which
    is made from the title): never a fallback."""
    translation = snapshot.get_translated_instance(locale)
    carry_expiry(source, translation)
    try:
        translation, _created = snapshot.create_or_update_translation(
            locale, user=user, publish=True, fallback=may_fall_back(snapshot, locale)
        )
    except MissingTranslationError as error:
        raise StringsMissing(strings_missing_message(snapshot, locale)) from error
    except MissingRelatedObjectError as error:
        raise StringsMissing(
            not_translated_message(error.segment.object.get_instance(snapshot.locale))
        ) from error
    return translation


def sync_translation(source: Page, locale: Locale, user) -> Page:
    """Bring the translation up to date with the source's live revision and publish
    it, in this language only. Raises StringsMissing when the source has new text
    that is not translated yet: the live translation is then left as it was, and
    the editor shows the new strings (the refreshed source is kept)."""
    translation = check_permission(user, source, locale, publish=True)
    if translation is None or translation.alias_of_id:
        raise TranslationActionError(_("There is no translation to sync yet."))
    with transaction.atomic():
        snapshot = current_source(source)
        record = enable_translation(snapshot, locale)
    if not record.enabled:
        raise TranslationActionError(
            _("This translation is edited by hand: edit it rather than sync it.")
        )
    with transaction.atomic():
        return publish_from(snapshot, source, locale, user)


@transaction.atomic
def publish_translation(source: Page, locale: Locale, user) -> Page:
    """Publish the translation as it stands in the editor, if nothing falls back."""
    translation = check_permission(user, source, locale, publish=True)
    if translation is None:
        raise TranslationActionError(_("There is no translation to publish yet."))
    snapshot, _created = TranslationSource.get_or_create_from_instance(source.specific)
    enable_translation(snapshot, locale)
    return publish_from(snapshot, source, locale, user)


def schedule_translation(
    source: Page, locale: Locale, user, go_live_at: datetime
) -> Revision:
    """Schedule the translation, synced from the source's live revision, to go live
    at `go_live_at` (the translation editor has no scheduling). The live
    translation, if any, stays as it is until then: wagtail-localize would write
    the page row straight away, so the revision is built from an unsaved
    translated instance instead."""
    translation = check_permission(user, source, locale, publish=True)
    if translation is None or translation.alias_of_id:
        raise TranslationActionError(_("There is no translation to schedule yet."))
    with transaction.atomic():
        snapshot = current_source(source)
        enable_translation(snapshot, locale)
    try:
        instance = snapshot.get_ephemeral_translated_instance(
            locale, fallback=may_fall_back(snapshot, locale)
        )
    except (MissingTranslationError, MissingRelatedObjectError) as error:
        raise StringsMissing(strings_missing_message(snapshot, locale)) from error
    with transaction.atomic():
        instance.go_live_at = go_live_at
        instance.expire_at = source.expire_at
        revision = instance.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        # As wagtail-localize logs its own translations: this records the state.
        TranslationLog.objects.create(source=snapshot, locale=locale, revision=revision)
    return revision
