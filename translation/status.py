"""Which translations are up to date, out of date or missing, in bulk.

A translation is OUT OF DATE when its source has a live revision newer than the one
recorded in TranslationState; MISSING when the language has no live, complete
translation (no page, an alias, a draft, or strings still falling back to the
source); otherwise UP TO DATE. Computed in a fixed number of queries however many
pages and languages are asked about.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from core.models import page_types_by_section
from translation.completeness import incomplete_translations
from translation.models import TranslationState

UP_TO_DATE = "up-to-date"
OUT_OF_DATE = "out-of-date"
MISSING = "missing"
STATES = {
    UP_TO_DATE: _("Up to date"),
    OUT_OF_DATE: _("Out of date"),
    MISSING: _("Missing"),
}

# Why a translation is missing: each calls for a different fix.
ABSENT = "absent"
ALIAS = "alias"
DRAFT = "draft"
FALLBACK = "fallback"

OTHER = "other"


def sections() -> dict[str, str]:
    """Each section's key and label, from the page types that name one
    (`translation_section`), in the order the apps are installed; "Other" last."""
    found = {}
    for section, _model in page_types_by_section("translation_section"):
        found.setdefault(section.key, section.label)
    return {**found, OTHER: _("Other")}


@dataclass
class TranslationStatus:
    """One live source page in one target language."""

    source: Page
    locale: Locale
    section: str
    state: str
    reason: str = ""
    translation: Page | None = None
    # wagtail-localize's Translation record (the machine translator needs it)
    translation_record_id: int | None = None

    @property
    def fix(self) -> str:
        """The action that brings this translation up to date."""
        if self.state == OUT_OF_DATE:
            return "sync"
        if self.state == UP_TO_DATE:
            return "edit"
        if self.reason in {ABSENT, ALIAS}:
            return "translate"
        return "review"

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    @property
    def section_label(self) -> str:
        return sections()[self.section]

    @property
    def language(self) -> str:
        return language_name(self.locale.language_code)


@dataclass
class LanguageSummary:
    """How many live source pages one language has up to date, out of date, missing."""

    locale: Locale
    counts: dict[str, int] = field(default_factory=dict)
    can_translate: bool = False

    @property
    def name(self) -> str:
        return language_name(self.locale.language_code)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def bars(self) -> list[dict]:
        """One segment per state, as a share of the whole, for the bar chart."""
        total = self.total or 1
        offset = 0.0
        bars = []
        for state, label in STATES.items():
            count = self.counts.get(state, 0)
            width = 100 * count / total
            bars.append(
                {
                    "state": state,
                    "label": label,
                    "count": count,
                    "x": round(offset, 2),
                    "width": round(width, 2),
                }
            )
            offset += width
        return bars


def language_name(code: str) -> str:
    """The language's name in the admin user's language."""
    return str(get_language_info(code)["name_translated"])


def target_locales() -> list[Locale]:
    """Every configured language but the source, in the configured order."""
    codes = [code for code, _name in settings.LANGUAGES]
    default = settings.LANGUAGE_CODE
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(language_code__in=codes)
    }
    return [locales[code] for code in codes if code != default and code in locales]


def locales_user_translates(user, locales: Sequence[Locale]) -> list[Locale]:
    """The languages whose tree the user may edit (their language home page)."""
    homes = Page.objects.filter(depth=2, locale__in=locales)
    editable = {
        home.locale_id for home in homes if home.permissions_for_user(user).can_edit()
    }
    return [locale for locale in locales if locale.pk in editable]


def section_of(page: Page) -> str:
    section = getattr(page.specific_class, "translation_section", None)
    return section.key if section is not None else OTHER


def source_pages() -> QuerySet:
    """The live pages of the source language, the work translators have to do."""
    return (
        Page.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE, depth__gt=1)
        .filter(alias_of__isnull=True)
        .select_related("content_type", "locale")
        .order_by("path")
    )


def translation_statuses(locales: Sequence[Locale]) -> list[TranslationStatus]:
    """Every live source page in each of `locales`, in a fixed number of queries."""
    sources = list(source_pages())
    if not sources or not locales:
        return []
    keys = [page.translation_key for page in sources]
    locale_ids = [locale.pk for locale in locales]
    translations = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(
            translation_key__in=keys, locale_id__in=locale_ids
        )
    }
    states = {
        (state.translation_key, state.locale_id): state
        for state in TranslationState.objects.filter(
            translation_key__in=keys, locale_id__in=locale_ids
        )
    }
    records = {
        (key, locale_id): (record_id, enabled)
        for record_id, key, locale_id, enabled in Translation.objects.filter(
            source__object_id__in=keys, target_locale_id__in=locale_ids
        ).values_list("pk", "source__object_id", "target_locale_id", "enabled")
    }
    incomplete = incomplete_translations(keys)
    statuses = []
    for source in sources:
        section = section_of(source)
        for locale in locales:
            pair = (source.translation_key, locale.pk)
            record_id, synced = records.get(pair, (None, False))
            status = TranslationStatus(
                source=source,
                locale=locale,
                section=section,
                state=MISSING,
                translation=translations.get(pair),
                translation_record_id=record_id,
            )
            status.state, status.reason = judge(
                source,
                status.translation,
                states.get(pair),
                falls_back=pair in incomplete,
                synced=synced,
            )
            statuses.append(status)
    return statuses


def judge(
    source: Page,
    translation: Page | None,
    state: TranslationState | None,
    *,
    falls_back: bool,
    synced: bool,
) -> tuple[str, str]:
    """(state, reason) of one translation."""
    if translation is None:
        return MISSING, ABSENT
    if translation.alias_of_id:
        return MISSING, ALIAS
    if not translation.live:
        return MISSING, DRAFT
    if state is None:
        # Translated before states were recorded, or created directly in the
        # locale (the demo's --scale pages): judge by publication dates.
        if falls_back:
            return MISSING, FALLBACK
        if (
            translation.last_published_at
            and source.last_published_at
            and translation.last_published_at >= source.last_published_at
        ):
            return UP_TO_DATE, ""
        return OUT_OF_DATE, ""
    # A translation taken out of sync (edited by hand) no longer falls back.
    if synced and not state.complete:
        return MISSING, FALLBACK
    if state.source_revision_id is None or (
        source.live_revision_id and state.source_revision_id < source.live_revision_id
    ):
        return OUT_OF_DATE, ""
    if (
        state.translation_revision_id
        and (translation.live_revision_id or 0) < state.translation_revision_id
    ):
        # Synced, but the newer translation is still waiting to go live.
        return OUT_OF_DATE, ""
    return UP_TO_DATE, ""


def summarise(
    statuses: Sequence[TranslationStatus], locales: Sequence[Locale]
) -> list[LanguageSummary]:
    counts = Counter((status.locale.pk, status.state) for status in statuses)
    return [
        LanguageSummary(
            locale=locale,
            counts={state: counts.get((locale.pk, state), 0) for state in STATES},
        )
        for locale in locales
    ]


def shown_in_place_of_translation(page: Page, real: Sequence[Page]) -> Page | None:
    """The source page shown when `page` is an untranslated copy: an alias, or a
    translation whose strings still fall back to the source. `real` is the page's
    real translations (translation.completeness.real_translations), already fetched for
    the head, so an ordinary page costs no query here."""
    if page.alias_of_id:
        return page.alias_of
    if not page.live or any(translation.pk == page.pk for translation in real):
        return None
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return None
    state = TranslationState.objects.filter(
        translation_key=page.translation_key, locale_id=page.locale_id
    ).first()
    synced = Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).exists()
    if state is not None and (state.complete or not synced):
        # A complete translation of an older source: out of date, not a copy.
        return None
    if not synced:
        return None
    return (
        Page.objects.live()
        .filter(
            translation_key=page.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .select_related("locale")
        .first()
    )
