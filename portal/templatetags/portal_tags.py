"""Template tags for the page chrome: language links, canonical and navigation."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext, override

from wagtail.models import Locale, Page, Site

from portal import cache as page_cache
from portal.bandwidth import bandwidth_mode
from portal.locales import is_rtl, language_codes, local_name
from portal.memo import localized_home, memoised
from portal.models import BasePage
from portal.translation.status import shown_in_place_of_translation
from portal.translations import real_translations
from portal.utils import absolute_url

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
        [page_cache.SITE_TAG, page_cache.page_tag(path)],
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
            canonical = page.get_canonical_url() + suffix
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


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[dict]:
    """The main navigation: the active language's home children marked "show in
    menus", as pk, title and url; kept in the memo until the language changes."""
    request = context.get("request")
    code = get_language()
    return memoised(
        request,
        ("menu", code),
        [page_cache.SITE_TAG, page_cache.language_tag(code)],
        lambda: list(menu_items(request)),
    )


def menu_items(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return
    try:
        home = localized_home(site.root_page)
    except Locale.DoesNotExist:
        return
    for page in home.get_children().live().public().in_menu():
        yield {"pk": page.pk, "title": page.title, "url": page.get_url(request)}


@register.simple_tag
def language_home(code: str | None = None) -> str:
    return _language_home(code or get_language())


@register.simple_tag
def json_ld(data: dict) -> str:
    """A `<script type="application/ld+json">` element, escaped like json_script."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    escaped = payload.translate(
        {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
    )
    safe_json = mark_safe(escaped)  # noqa: S308 - escaped above, as json_script does
    return format_html('<script type="application/ld+json">{}</script>', safe_json)


class MemoisedNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        request = context.get("request")
        page = context.get("page")
        if not (isinstance(page, Page) and page.pk and request is not None):
            return self.nodelist.render(context)
        if request.method != "GET" or request.GET:
            return self.nodelist.render(context)  # filters, pages of a listing
        path = page.get_url(request) or "/"
        return memoised(
            request,
            (
                "fragment",
                self.name,
                request.path,
                get_language(),
                bandwidth_mode(request),
            ),
            [page_cache.SITE_TAG, page_cache.page_tag(path)],
            lambda: self.nodelist.render(context),
        )


@register.tag
def memoised_fragment(parser, token):
    """`{% memoised_fragment %}...{% endmemoised_fragment %}`: what a page shows every
    visitor alike (its main content), rendered once per process, language and
    bandwidth mode, and again once the page or the site changes (the page cache's
    version tokens) or the memo entry expires. Not for listings with a query
    string, nor previews."""
    nodelist = parser.parse(("endmemoised_fragment",))
    parser.delete_first_token()
    origin = getattr(token, "origin", None) or getattr(parser, "origin", None)
    name = f"{getattr(origin, 'name', '')}:{token.position}"
    return MemoisedNode(nodelist, name)
