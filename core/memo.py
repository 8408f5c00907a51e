"""What every page asks for and seldom changes, kept in each process's memory.

Uncached rendering stays within a fixed, small number of queries because the
chrome around a page (the site, its locales, the menu, the page's languages) is
worked out once per process and reused until it changes. A memo's key carries the
page cache's version tokens (portal/cache.py): publishing writes new tokens to the
shared cache, so every process sees the change on its next request. The tokens a
request needs are read once, in the page cache's own lookup when it runs.
"""

import threading
import time
import uuid

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest

from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

from . import versions


class Memo:
    """A bounded dict whose entries expire: once full it starts again (what is used
    comes back at once). The expiry bounds what a missed invalidation could cost."""

    def __init__(self, size: int = 2000, seconds: int = 600):
        self.size = size
        self.seconds = seconds
        self.values: dict = {}
        self.lock = threading.Lock()

    def get(self, key, compute):
        found = self.values.get(key)
        if found is not None and found[0] > time.monotonic():
            return found[1]
        value = compute()
        with self.lock:
            if len(self.values) >= self.size:
                self.values.clear()
            self.values[key] = (time.monotonic() + self.seconds, value)
        return value

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


memo = Memo(size=10_000)
locales: dict[str, Locale] = {}
# The site token and the public request this thread serves (SiteMemoMiddleware).
current = threading.local()


def tokens(request: HttpRequest) -> dict[str, str | None]:
    """The version tokens of the request path's tags, read once per request."""
    found = getattr(request, "cache_tokens", None)
    if found is None:
        tags = versions.candidate_tags(request.path_info)
        try:
            values = versions.page_cache().get_many(
                [versions.VERSION_PREFIX + tag for tag in tags]
            )
        except Exception:
            request.cache_unreachable = True
            values = None
        found = {
            tag: None if values is None else values.get(versions.VERSION_PREFIX + tag)
            for tag in tags
        }
        request.cache_tokens = found
    return found


def token(request: HttpRequest, tag: str) -> str | None:
    """The tag's token, made when it has none yet; None when the cache is down (then
    nothing is memoised)."""
    found = tokens(request)
    if getattr(request, "cache_unreachable", False):
        return None
    if found.get(tag) is None:
        cache = versions.page_cache()
        try:
            cache.add(
                versions.VERSION_PREFIX + tag,
                uuid.uuid4().hex,
                timeout=versions.TOKEN_TIMEOUT,
            )
            found[tag] = cache.get(versions.VERSION_PREFIX + tag)
        except Exception:
            return None
    return found[tag]


def memoised(request: HttpRequest | None, key: tuple, tags: list[str], compute):
    """`compute()`, kept while the tokens of `tags` stay the same (never for a
    preview, whose page is a draft)."""
    if not settings.PORTAL_MEMO_ENABLED:
        return compute()
    if request is None or getattr(request, "is_preview", False):
        return compute()
    versions = tuple(token(request, tag) for tag in tags)
    if None in versions:
        return compute()
    return memo.get((*key, *versions), compute)


class SiteMemoMiddleware:
    """Hands Wagtail the request's Site and the site root paths from the memo (a
    query and a cache read each otherwise). Public paths only: the admin reads
    them fresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        current.site_token = None
        current.request = None
        if settings.PORTAL_MEMO_ENABLED and versions.request_language(
            request.path_info
        ):
            current.site_token = token(request, versions.SITE_TAG)
            site_tag = [versions.SITE_TAG]
            host = request.get_host()
            request._wagtail_site = memoised(
                request, ("site", host), site_tag, lambda: site_for(request)
            )
            request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
            current.request = request
        try:
            return self.get_response(request)
        finally:
            current.site_token = None
            current.request = None


def get_site_root_paths():
    """Site.get_site_root_paths from the memo while a public request is served (kept
    until the site token changes): otherwise a cache read, a query with the database
    cache, for every link built without the request (feeds, structured data)."""
    site_token = getattr(current, "site_token", None)
    if not settings.PORTAL_MEMO_ENABLED or site_token is None:
        return original_get_site_root_paths()
    return memo.get(("root-paths", site_token), original_get_site_root_paths)


def site_for(request: HttpRequest) -> Site | None:
    """The request's Site, its root page typed (deferred, so no query): Wagtail's
    routing starts from the root page's `localized`, which is the home page's own
    (localized_home)."""
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific_deferred
    return site


def localized_home(root: Page) -> Page:
    """The site's root page in the active language where it is live, else the root
    itself, specific and whole: one query, once per process and language until that
    home page or the site changes. It is the home page's `localized`, so routing and
    the menu share it."""
    locale = Locale.get_active()

    def find() -> Page:
        pages = (root.specific_class or Page)._default_manager.select_related("locale")
        if root.locale_id != locale.pk:
            found = (
                pages.live()
                .filter(translation_key=root.translation_key, locale=locale)
                .first()
            )
            if found is not None:
                return found
        return pages.get(pk=root.pk)

    # Kept until the site or that home page changes (publishing any page of the
    # language changes its home's token: the home lists what is new).
    return memoised(
        getattr(current, "request", None),
        ("language-home", root.pk, locale.pk),
        [versions.SITE_TAG, versions.page_tag(f"/{locale.language_code}/")],
        find,
    )


def get_for_language(self: LocaleManager, language_code: str) -> Locale:
    """LocaleManager.get_for_language from every locale, read once per process:
    locales are made by migrations and `PORTAL_LANGUAGES`, which a restart brings in."""
    if not locales:
        locales.update(
            {locale.language_code: locale for locale in Locale.objects.all()}
        )
    try:
        return locales[language_code]
    except KeyError:
        return original_get_for_language(self, language_code)


# Private sections (view restrictions): every `.public()` query and every page
# served reads them. On a public request they are kept until the site token changes
# (a restriction saved anywhere changes it); elsewhere for a few seconds.
RESTRICTIONS_SECONDS = 5
restrictions: dict = {}


def restricted_pages() -> list[Page]:
    def read() -> list[Page]:
        return [r.page for r in PageViewRestriction.objects.select_related("page")]

    if not settings.PORTAL_MEMO_ENABLED:
        return read()
    site_token = getattr(current, "site_token", None)
    key, read_at, pages = restrictions.get("pages", (None, float("-inf"), []))
    if site_token is not None:
        if key == site_token:
            return pages
    elif key is None and time.monotonic() - read_at < RESTRICTIONS_SECONDS:
        return pages
    pages = read()
    restrictions["pages"] = (site_token, time.monotonic(), pages)
    return pages


def private_q(self: PageQuerySet) -> Q:
    """PageQuerySet.private_q from the memo of restricted pages."""
    q = Q()
    for page in restricted_pages():
        q |= self.descendant_of_q(page, inclusive=True)
    return q if q else Q(pk__in=[])


def image_key(image: AbstractImage, filters) -> tuple:
    """An image's renditions change with its file and focal point, nothing else."""
    specs = tuple(f if isinstance(f, str) else f.spec for f in filters)
    focal_point = (
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )
    return ("renditions", image.pk, image.file.name, focal_point, specs)


def get_renditions(self: AbstractImage, *filters):
    """AbstractImage.get_renditions, from the memo: a responsive image asks for a
    rendition per format and width, each a cache read and key computation."""
    if self.pk is None or not settings.PORTAL_MEMO_ENABLED:
        return original_get_renditions(self, *filters)
    return memo.get(
        image_key(self, filters), lambda: original_get_renditions(self, *filters)
    )


def get_rendition(self: AbstractImage, filter):
    if self.pk is None or not settings.PORTAL_MEMO_ENABLED:
        return original_get_rendition(self, filter)
    return memo.get(
        image_key(self, [filter]), lambda: original_get_rendition(self, filter)
    )


original_get_for_language = LocaleManager.get_for_language
original_get_site_root_paths = Site.get_site_root_paths
original_get_renditions = AbstractImage.get_renditions
original_get_rendition = AbstractImage.get_rendition


def install() -> None:
    LocaleManager.get_for_language = get_for_language
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    PageQuerySet.private_q = private_q
    AbstractImage.get_renditions = get_renditions
    AbstractImage.get_rendition = get_rendition


def clear() -> None:
    memo.clear()
    locales.clear()
    restrictions.clear()
