"""What every page asks for and seldom changes, kept in each process's memory.

Uncached rendering stays within a small, fixed number of queries because what is
the same for every visitor (a language's home page, the menu, a page's languages,
its shared context and its rendered main content) is worked out once per process
and kept until it changes. A memo's key carries the version tokens of the request's
tags (core/versions.py): publishing writes new tokens to the shared cache, so every
process sees the change on its next request. Only the project's own functions are
memoised; nothing of Wagtail's or Django's is replaced.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, Subquery
from django.http import HttpRequest
from django.utils.translation import get_language

from wagtail.models import Locale, Page, PageViewRestriction, Site

from . import versions

logger = logging.getLogger(__name__)


class Memo:
    """A bounded dict whose entries expire: once full it starts again (what is used
    comes back at once). The expiry bounds what a missed invalidation could cost."""

    def __init__(self, size: int = 2000, seconds: int = 600):
        self.size = size
        self.seconds = seconds
        self.values: dict = {}
        self.lock = threading.Lock()

    def get(self, key, compute: Callable):
        found = self.values.get(key)
        if found is not None and found[0] > time.monotonic():
            return found[1]
        value = compute()
        with self.lock:
            if len(self.values) >= self.size:
                self.values.clear()
            self.values[key] = (time.monotonic() + self.seconds, value)
        return value

    def peek(self, key):
        """The value kept under `key` and not expired, or None."""
        found = self.values.get(key)
        if found is not None and found[0] > time.monotonic():
            return found[1]
        return None

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


memo = Memo(size=10_000)
# Locales are made by migrations and PORTAL_LANGUAGES, which a restart brings in.
locales: dict[str, Locale] = {}
# Private sections, kept this long when no request's site token bounds them.
RESTRICTIONS_SECONDS = 5
restrictions: dict = {}


def keeping_tokens(request: HttpRequest | None, tags: list[str]) -> tuple | None:
    """The request's tokens of `tags`, under which a value may be kept; None when
    nothing may be (memos off, outside a request, a preview, the cache down)."""
    state = versions.current.get()
    if not settings.PORTAL_MEMO_ENABLED or state is None:
        return None
    if request is not None and getattr(request, "is_preview", False):
        return None
    tokens = tuple(state.token(tag) for tag in tags)
    return None if None in tokens else tokens


def memoised(
    request: HttpRequest | None,
    key: tuple,
    tags: list[str],
    compute,
    shared: bool = False,
):
    """`compute()`, kept while the tokens of `tags` stay the same (never for a
    preview, whose page is a draft, nor outside a request). `shared`: what costs
    more than a cache read (an aggregate over every member) is also kept in the
    shared cache under those tokens, so one process computes it for all."""
    tokens = keeping_tokens(request, tags)
    if tokens is None:
        return compute()
    if shared:
        cache_key = "memo:" + ":".join(map(str, (*key, *tokens)))
        return memo.get(
            (*key, *tokens), lambda: through_shared_cache(cache_key, compute)
        )
    return memo.get((*key, *tokens), compute)


# What `revalidated` keeps is served stale while its refresh is queued; the flag that
# says one is queued lasts this long (a refresh lost with its worker is queued again
# after it), and the value itself this long (a site idle for a week computes afresh).
REFRESH_SECONDS = 300
REVALIDATED_SECONDS = 7 * 24 * 3600


def revalidated(
    request: HttpRequest | None, key: tuple, tags: list[str], compute, refresh
):
    """`compute()`, kept in the shared cache with the tokens of `tags` it was made
    under. When a token changes, the value kept is served while `refresh(tags)`
    queues its recomputation (`refresh_revalidated` in a task, once per change): the
    first visitor after a change never waits for an aggregate over every member.
    Nothing kept yet (or the cache down): computed at once. With tasks run at once
    (tests, the immediate backend) the refreshed value is the one served."""
    tokens = keeping_tokens(request, tags)
    if tokens is None:
        return compute()
    local_key = (*key, *tokens)
    found = memo.peek(local_key)
    if found is not None:
        return found
    cache_key = revalidated_key(key)
    kept = read_shared(cache_key)
    if kept is None:
        value = compute()
        write_shared(cache_key, (tokens, value), REVALIDATED_SECONDS)
        return memo.get(local_key, lambda: value)
    made_under, value = kept
    if made_under == tokens:
        return memo.get(local_key, lambda: value)
    refreshing = f"{cache_key}:refreshing:{':'.join(tokens)}"
    try:
        queue = cache.add(refreshing, 1, timeout=REFRESH_SECONDS)
    except Exception:
        queue = False
    if queue:
        refresh(tags)
        again = read_shared(cache_key)
        if again is not None and again[0] == tokens:
            return memo.get(local_key, lambda: again[1])
    return value


def refresh_revalidated(key: tuple, tags: list[str], compute) -> bool:
    """Recompute what `revalidated` keeps under `key` (in the background), recorded
    under the tokens read before computing: a change after that read makes it stale
    again. False when the tokens cannot be read (nothing is kept then)."""
    tokens = versions.read_tokens(tags)
    if tokens is None:
        return False
    write_shared(revalidated_key(key), (tokens, compute()), REVALIDATED_SECONDS)
    return True


def revalidated_key(key: tuple) -> str:
    return "memo:" + ":".join(map(str, key))


def read_shared(key: str):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("%s: the shared cache cannot be read", key)
        return None


def write_shared(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("%s: the shared cache cannot be written", key)


def through_shared_cache(key: str, compute, timeout: int = versions.TOKEN_TIMEOUT):
    """`compute()`, from the shared cache where a process has put it under `key`
    (which carries the version tokens); an unreachable cache only costs the work."""
    found = read_shared(key)
    if found is None:
        found = compute()
        write_shared(key, found, timeout)
    return found


def locale_for(language_code: str) -> Locale:
    """The Locale of a language, from every locale read once per process."""
    if not settings.PORTAL_MEMO_ENABLED:
        return Locale.objects.get(language_code=language_code)
    if not locales:
        locales.update(
            {locale.language_code: locale for locale in Locale.objects.all()}
        )
    try:
        return locales[language_code]
    except KeyError:
        return Locale.objects.get(language_code=language_code)


def active_locale() -> Locale:
    """The Locale of the active language (Locale.get_active, without a query each
    time)."""
    return locale_for(get_language() or settings.LANGUAGE_CODE)


def localized_home(request: HttpRequest | None, site: Site) -> Page:
    """The site's root page in the active language where it is live, else the root
    itself (a plain Page with its locale): one query, once per process and language
    until that home page or the site changes (publishing any page of a language
    changes its home's token: the home lists what is new)."""
    locale = active_locale()

    def find() -> Page:
        root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")
        pages = list(
            Page.objects.filter(
                Q(pk=site.root_page_id)
                | Q(translation_key=Subquery(root_key), locale=locale, live=True)
            ).select_related("locale")
        )
        root = next(page for page in pages if page.pk == site.root_page_id)
        if root.locale_id == locale.pk:
            return root
        return next((page for page in pages if page.pk != root.pk), root)

    return memoised(
        request,
        ("language-home", site.pk, site.root_page_id, locale.pk),
        [versions.SITE_TAG, versions.page_tag(f"/{locale.language_code}/")],
        find,
    )


def restricted_pages() -> list[Page]:
    """The pages with a view restriction (private sections): every listing and every
    page served asks. On a request they are kept until the site token changes (a
    restriction saved anywhere changes it); elsewhere for a few seconds."""

    def read() -> list[Page]:
        return [r.page for r in PageViewRestriction.objects.select_related("page")]

    if not settings.PORTAL_MEMO_ENABLED:
        return read()
    state = versions.current.get()
    site_token = state.token(versions.SITE_TAG) if state is not None else None
    key, read_at, pages = restrictions.get("pages", (None, float("-inf"), []))
    if site_token is not None:
        if key == site_token:
            return pages
    elif key is None and time.monotonic() - read_at < RESTRICTIONS_SECONDS:
        return pages
    pages = read()
    restrictions["pages"] = (site_token, time.monotonic(), pages)
    return pages


def remember(known_locales: dict[str, Locale], restricted: list[Page]) -> None:
    """What a request's site basics brought (core/basics.py): the locales, and the
    restricted pages under the request's site token."""
    if not locales:
        locales.update(known_locales)
    state = versions.current.get()
    site_token = state.token(versions.SITE_TAG) if state is not None else None
    if site_token is not None:
        restrictions["pages"] = (site_token, time.monotonic(), restricted)


def private_q() -> Q:
    """What `PageQuerySet.public()` excludes, from the kept restricted pages: use as
    `.exclude(private_q())` where a listing would call `.public()`."""
    q = Q()
    for page in restricted_pages():
        q |= Q(path__startswith=page.path)
    return q if q else Q(pk__in=[])


def clear() -> None:
    memo.clear()
    locales.clear()
    restrictions.clear()
