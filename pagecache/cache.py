"""The full-page cache: anonymous GETs of public pages, served from the shared cache.

An entry is one response for one URL (path and query), bandwidth mode and
language, stored gzipped with its ETag. Each entry records the version tokens of
the tags it depends on: the page that rendered it (a page's routes, such as an
index's feed or calendar, share their page's tag), its language and the whole
site. Invalidating a tag writes a new token to the shared cache (Redis or the
database cache), so every process stops serving the entries that depend on it; the
lookup reads the entry and the tokens in one round trip. Entries also expire after
PORTAL_PAGE_CACHE_TIMEOUT, which bounds how stale time-dependent listings
("upcoming events") and pages that mention another page without linking it get.

A cache that cannot be reached is logged and skipped: pages are then served
uncached, never an error.
"""

import gzip
import hashlib
import logging
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from wagtail.models import Page, ReferenceIndex

from core import versions
from core.bandwidth import bandwidth_mode
from core.utils import absolute_url
from core.versions import (
    SITE_TAG,
    TOKEN_TIMEOUT,
    VERSION_PREFIX,
    candidate_tags,
    invalidate_tags,
    language_tag,
    page_cache,
    page_tag,
    request_language,
)

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "pc:e:"
# Responses whose headers the cache keeps (the rest are set again on every answer).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")
# Paths outside the language prefixes that are the same for every visitor.
SHARED_PATHS = ("/sitemap.xml", "/robots.txt")


def is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GET or HEAD of a public URL: a visitor with a session (an editor)
    or a pending message always gets a fresh page."""
    if not settings.PORTAL_PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path_info
    return path in SHARED_PATHS or bool(request_language(path))


def entry_key(request: HttpRequest) -> str:
    """One site, whatever host or port a request came in on (the absolute links in
    a page come from PORTAL_BASE_URL)."""
    url = f"{settings.PORTAL_BASE_URL}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{ENTRY_PREFIX}{bandwidth_mode(request)}:{digest}"


def response_tag(request: HttpRequest) -> str:
    """The page that rendered the response (noted by a `before_serve_page` hook), or
    the path itself for a view outside the page tree (search, sitemap)."""
    state = versions.current.get()
    return page_tag((state and state.page_path) or request.path_info)


def is_storable(response: HttpResponse) -> bool:
    """A public 200 answer with nothing of the visitor's in it."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "Content-Encoding" in response:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = response.get("Vary", "").lower()
    return "cookie" not in vary and "*" not in vary


def accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def set_public_headers(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PORTAL_BROWSER_MAX_AGE,
        s_maxage=settings.PORTAL_CDN_MAX_AGE,
        stale_while_revalidate=settings.PORTAL_STALE_WHILE_REVALIDATE,
    )
    # The mode follows the Save-Data header (and the portal_bandwidth cookie, which
    # a CDN must add to its cache key: never Vary: Cookie).
    patch_vary_headers(response, ("Accept-Encoding", "Save-Data"))


def not_modified(request: HttpRequest, etag: str) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    return bool(if_none_match) and (
        if_none_match.strip() == "*" or etag in parse_etags(if_none_match)
    )


def answer(request: HttpRequest, entry: dict, response: HttpResponse | None = None):
    """The entry as a response (gzipped when the client takes it) or a 304. On a
    miss `response` is the one just rendered, which keeps its other headers."""
    if not_modified(request, entry["etag"]):
        response = HttpResponseNotModified()
    elif response is None:
        response = HttpResponse()
    if response.status_code == 200:
        if accepts_gzip(request):
            response.content = entry["body"]
            response["Content-Encoding"] = "gzip"
        else:
            response.content = gzip.decompress(entry["body"])
        response["Content-Length"] = str(len(response.content))
    for name, value in entry["headers"]:
        if response.status_code == 200 or name != "Content-Type":
            response[name] = value
    set_public_headers(response, entry["etag"])
    return response


class PageCacheMiddleware:
    """Put it after WhiteNoise and before the session middleware: a hit is answered
    before anything else runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = entry_key(request)
        version_keys = {
            VERSION_PREFIX + t: t for t in candidate_tags(request.path_info)
        }
        try:
            found = page_cache().get_many([key, *version_keys])
        except Exception:
            logger.warning("page cache unreachable: serving uncached", exc_info=True)
            found = None
        # A tag without a token matches nothing: a token lost to eviction can never
        # bring back what it had invalidated.
        tokens = {tag: (found or {}).get(k) for k, tag in version_keys.items()}
        entry = (found or {}).get(key)
        if entry and all(
            token is not None and tokens.get(tag) == token
            for tag, token in entry["tags"]
        ):
            response = answer(request, entry)
            response["X-Page-Cache"] = "hit"
            return response

        # The memos (core/memo.py) use the same tokens, and record there the ones
        # they make while the page renders.
        if (state := versions.current.get()) is not None:
            state.remember(None if found is None else tokens)
        response = self.get_response(request)
        if not is_storable(response):
            return response
        code = request_language(request.path_info)
        depends = [SITE_TAG, response_tag(request)]
        if code:
            depends.append(language_tag(code))
        entry = {
            "body": gzip.compress(response.content, compresslevel=6, mtime=0),
            "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
            "headers": [(h, response[h]) for h in KEPT_HEADERS if h in response],
            "tags": [(tag, tokens.get(tag)) for tag in depends],
        }
        if found is not None and all(tag in tokens for tag in depends):
            self.store(key, entry)
        response = answer(request, entry, response)
        response["X-Page-Cache"] = "miss"
        return response

    def store(self, key: str, entry: dict) -> None:
        """Stores the entry with the tokens read before it was rendered. A tag that
        had none gets one now, unless another process made one meanwhile (perhaps an
        invalidation during the rendering): then the entry is not stored."""
        cache = page_cache()
        try:
            tags = []
            for tag, token in entry["tags"]:
                if token is None:
                    token = uuid.uuid4().hex
                    if not cache.add(
                        VERSION_PREFIX + tag, token, timeout=TOKEN_TIMEOUT
                    ):
                        return
                tags.append((tag, token))
            cache.set(key, {**entry, "tags": tags}, settings.PORTAL_PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.warning("page cache: could not store %s", key, exc_info=True)


# Invalidation ---------------------------------------------------------------------


def site_relative_url(page) -> str | None:
    """The page's path on the site (`/fr/stories/a-story/`), without a request."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def tags_showing(page) -> set[str]:
    """What shows `page`, in every language: the page and its routes, its parent
    listing (with the listing's feed and calendar), the language's home page and
    search, the pages that link to it, and the sitemap. A page in the menu shows on
    every page of its language."""
    tags = {page_tag("/sitemap.xml")}
    for translation in page.get_translations(inclusive=True).select_related("locale"):
        code = translation.locale.language_code
        for shown in (translation, translation.get_parent()):
            if shown is not None and (url := site_relative_url(shown)):
                tags.add(page_tag(url))
        tags.update({page_tag(f"/{code}/"), page_tag(f"/{code}/search/")})
        if translation.show_in_menus:
            tags.add(language_tag(code))
    referring_ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    for referring in Page.objects.filter(pk__in=list(referring_ids)):
        if url := site_relative_url(referring):
            tags.add(page_tag(url))
    return tags


def cdn_urls(tags) -> list[str]:
    """The absolute URLs a CDN in front keeps for `tags` (its query variants expire
    with PORTAL_CDN_MAX_AGE)."""
    return sorted(
        absolute_url(tag.removeprefix("page:"))
        for tag in tags
        if tag.startswith("page:")
    )


def invalidate(tags) -> None:
    """Drop what depends on `tags` here and, when one is configured, in the CDN."""
    invalidate_tags(tags)
    if settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        try:
            purge_urls_from_cache(cdn_urls(tags))
        except Exception:
            logger.exception("CDN purge failed")


def language_tags(pages) -> set[str]:
    """Every page of the languages `pages` are in: a move or a new slug changes the
    links to them and to their descendants everywhere."""
    codes = Page.objects.filter(pk__in=[p.pk for p in pages]).values_list(
        "locale__language_code", flat=True
    )
    return {language_tag(code) for code in codes}
