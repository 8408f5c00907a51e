"""Template tags for the page chrome: navigation, structured data and the main
content rendered once."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail import hooks
from wagtail.models import Locale, Page, Site

from core import versions
from core.bandwidth import bandwidth_mode
from core.memo import localized_home, memoised, private_q

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[dict]:
    """The main navigation: the active language's home children marked "show in
    menus", as pk, title and url; kept in the memo until the language changes."""
    request = context.get("request")
    code = get_language()
    return memoised(
        request,
        ("menu", code),
        [versions.SITE_TAG, versions.language_tag(code)],
        lambda: list(menu_items(request)),
    )


def menu_items(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return
    try:
        home = localized_home(request, site)
    except Locale.DoesNotExist:
        return
    for page in home.get_children().live().exclude(private_q()).in_menu():
        yield {"pk": page.pk, "title": page.title, "url": page.get_url(request)}


@register.simple_tag
def language_home(code: str | None = None) -> str:
    return f"/{code or get_language()}/"


@register.simple_tag(takes_context=True)
def page_extras(context, page) -> str:
    """What other apps add to a page (the `render_page_extras` hook: a function of
    the page and the request returning HTML, or "" for a page it does not serve).
    The same for every visitor: it is part of the page's cached content."""
    request = context.get("request")
    return mark_safe(  # noqa: S308 (each hook returns rendered, escaped HTML)
        "".join(
            render(page, request) for render in hooks.get_hooks("render_page_extras")
        )
    )


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
        if not getattr(page, "same_for_every_visitor", True):
            return self.nodelist.render(context)
        if request.method != "GET" or request.GET:
            return self.nodelist.render(context)  # filters, pages of a listing
        path = page.get_url(request) or "/"
        code = get_language()
        return memoised(
            request,
            ("fragment", self.name, request.path, code, bandwidth_mode(request)),
            # The language's tag too: the header's menu shows its home's children.
            [versions.SITE_TAG, versions.language_tag(code), versions.page_tag(path)],
            lambda: self.nodelist.render(context),
        )


@register.tag
def memoised_fragment(parser, token):
    """`{% memoised_fragment %}...{% endmemoised_fragment %}`: what a page shows every
    visitor alike (its header, main content and footer), rendered once per process,
    language and bandwidth mode, and again once the page, its language's menu or
    the site changes (the page cache's version tokens) or the memo entry expires.
    Not for listings with a query string, previews, or pages that depend on who
    looks (`same_for_every_visitor`)."""
    nodelist = parser.parse(("endmemoised_fragment",))
    parser.delete_first_token()
    return MemoisedNode(nodelist, _tag_name(parser, token))


class MemoisedForNode(template.Node):
    def __init__(self, nodelist, name: str, values: list):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context) -> str:
        request = context.get("request")
        values = tuple(value.resolve(context) for value in self.values)
        key = (
            "fragment-for",
            self.name,
            values,
            get_language(),
            bandwidth_mode(request),
        )
        return memoised(
            request, key, [versions.SITE_TAG], lambda: self.nodelist.render(context)
        )


@register.tag
def memoised_for(parser, token):
    """`{% memoised_for image.pk loading %}...{% endmemoised_for %}`: a fragment that
    depends only on the values named and on what is shown site wide (an image, its
    renditions), rendered once per process, language and bandwidth mode until the
    site token changes. A card's picture in a filtered listing, which the page's
    own memo does not cover, then costs no rendition lookup."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endmemoised_for",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits]
    return MemoisedForNode(nodelist, _tag_name(parser, token), values)


def _tag_name(parser, token) -> str:
    """Where a tag stands: its template and line (not `token.position`, which
    Django sets only in debug mode, so two tags of one template would share it)."""
    return f"{getattr(parser.origin, 'name', '')}:{token.lineno}"
