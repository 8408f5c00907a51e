"""The configured languages as Wagtail locales, and facts about each language."""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info

from wagtail.models import Locale


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def ensure_locales(using: str = "default") -> list[Locale]:
    """Create a Locale for each configured language; never delete one with content."""
    from django.db import connections

    if "wagtailcore_locale" not in connections[using].introspection.table_names():
        return []
    return [
        Locale.objects.using(using).get_or_create(language_code=code)[0]
        for code in language_codes()
    ]


def is_rtl(language_code: str) -> bool:
    return bool(LANG_INFO.get(language_code, {}).get("bidi", False))


def local_name(language_code: str) -> str:
    """The language's name in itself (Français, العربيّة), for the switcher."""
    name = get_language_info(language_code)["name_local"]
    return name[:1].upper() + name[1:]
