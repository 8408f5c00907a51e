"""Applies the repo's demo translations through wagtail-localize, never as a fallback."""

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


class MissingDemoTranslation(Exception):
    """A source string has no entry in the language's demo translation file."""

    def __init__(self, language_code: str, strings: list[str]):
        self.language_code = language_code
        self.strings = strings
        listed = "\n  ".join(repr(text) for text in strings)
        super().__init__(
            f"{TRANSLATIONS_DIR / (language_code + '.json')} lacks {len(strings)} "
            f"string(s):\n  {listed}"
        )


@cache
def catalogue(language_code: str) -> dict[str, str]:
    """English source text → translated text, for one language."""
    path = TRANSLATIONS_DIR / f"{language_code}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def translate_object(instance: Page | TranslatableMixin, locale: Locale):
    """Create or update a page or snippet in `locale` from the demo catalogue: every
    string is stored as a manual StringTranslation, so the translation editor shows
    it as fully translated."""
    strings = catalogue(locale.language_code)
    with transaction.atomic():
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        segments = StringSegment.objects.filter(source=source).select_related("string")
        missing = [s.string.data for s in segments if not strings.get(s.string.data)]
        if missing:
            raise MissingDemoTranslation(locale.language_code, missing)
        for segment in segments:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context_id=segment.context_id,
                defaults={
                    "data": strings[segment.string.data],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "seed_demo",
                },
            )
        Translation.objects.get_or_create(source=source, target_locale=locale)
        translated, _created = source.create_or_update_translation(locale, publish=True)
    return translated
