"""The language switcher, hreflang alternates and canonical link of every page."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info, gettext, override

from wagtail.models import Page

from core import versions
from core.locales import is_rtl, language_codes, local_name
from core.memo import memoised
from core.models import BasePage
from core.utils import absolute_url

from ..completeness import real_translations
from ..status import shown_in_place_of_translation

register = template.Library()


def _language_home(code: str) -> str:
    return f"/{code}/"


@register.simple_tag(takes_context=True)
def page_languages(context) -> dict:
    """Everything the head and the language switcher need: the page in each language
    where a live, complete translation exists, otherwise that language's home;
    hreflang alternates; the canonical link. Kept in the memo until one of the
    page's translations is published or unpublished. A view below the page (a
    recording's `transcript/`) sets `language_route_suffix` so that every link
    points at that view of each translation."""
    request = context.get("request")
    page = context.get("page")
    suffix = context.get("language_route_suffix") or ""
    if not (isinstance(page, Page) and page.pk and request is not None):
        return languages_of(request, page, context.get("translate_path"), suffix)
    path = page.get_url(request) or "/"
    return memoised(
        request,
        ("languages", page.pk, get_language(), suffix),
        [versions.SITE_TAG, versions.page_tag(path)],
        lambda: languages_of(request, page, False, suffix),
    )


def languages_of(request, page, translate_path: bool, suffix: str = "") -> dict:
    current = get_language()
    same_page: dict[str, str] = {}
    canonical = None

    untranslated = None
    if isinstance(page, Page) and page.pk:
        translations = real_translations(page)
        for translation in translations:
            parts = translation.get_url_parts(request)
            if parts:
                same_page[translation.locale.language_code] = parts[2] + suffix
        if isinstance(page, BasePage):
            canonical = page.get_canonical_url(request) + suffix
        else:
            canonical = absolute_url(page.get_url(request) or "/") + suffix
        shown = shown_in_place_of_translation(page, translations)
        if shown is not None:
            untranslated = untranslated_copy(shown, request, suffix)
            canonical = absolute_url(untranslated["url"])
    elif request is not None and request.resolver_match and translate_path:
        for code in language_codes():
            same_page[code] = translate_url(request.get_full_path(), code)
        canonical = absolute_url(same_page.get(current, request.path))

    switcher = []
    for code in language_codes():
        is_same = code in same_page
        name = local_name(code)
        if not is_same:
            with override(code):
                name = gettext("%(language)s (home page)") % {"language": name}
        switcher.append(
            {
                "code": code,
                "name": name,
                "url": same_page.get(code, _language_home(code)),
                "current": code == current,
                "same_page": is_same,
                "dir": "rtl" if is_rtl(code) else "ltr",
            }
        )

    alternates = [
        {"code": code, "url": absolute_url(path)} for code, path in same_page.items()
    ]
    default = settings.LANGUAGE_CODE
    if alternates:
        x_default = same_page.get(default) or next(iter(same_page.values()))
        alternates.append({"code": "x-default", "url": absolute_url(x_default)})
    return {
        "switcher": switcher,
        "alternates": alternates,
        "canonical": canonical,
        "untranslated": untranslated,
    }


def untranslated_copy(source: Page, request, suffix: str = "") -> dict:
    """What the notice on an untranslated copy needs: the source it shows, in the
    visitor's words, and the language of the content actually shown."""
    code = source.locale.language_code
    current = get_language()
    source_url = source.get_url(request)
    return {
        "url": source_url + suffix if source_url else "/",
        "lang": code,
        "dir": "rtl" if is_rtl(code) else "ltr",
        "visitor_dir": "rtl" if is_rtl(current) else "ltr",
        "message": gettext(
            "This page is not yet available in %(language)s; "
            "here is the %(source_language)s version."
        )
        % {
            "language": get_language_info(current)["name_translated"],
            "source_language": get_language_info(code)["name_translated"],
        },
        "link": gettext("Read the %(source_language)s page")
        % {"source_language": get_language_info(code)["name_translated"]},
    }
