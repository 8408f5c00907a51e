"""Version tokens: one value per tag (a page's path, a language, the whole site) in
the shared cache, replaced whenever what the tag covers changes.

Everything kept for a while (the full-page cache's entries, each process's memos of
rendered fragments) records the tokens it was made under, and is reused only while
they are unchanged: publishing writes new tokens, so every process stops using what
depends on them on its next request.
"""

import logging
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

VERSION_PREFIX = "pc:v:"
SITE_TAG = "site"
# Tokens may expire or be evicted at any time without harm (see the middleware): an
# hour bounds how long the tokens of paths nobody serves (a visitor's made-up URL)
# stay in the cache.
TOKEN_TIMEOUT = 3600


def page_cache():
    return caches[settings.PORTAL_PAGE_CACHE_ALIAS]


def page_tag(path: str) -> str:
    return f"page:{path}"


def language_tag(code: str) -> str:
    return f"lang:{code}"


def request_language(path: str) -> str:
    return get_language_from_path(path) or ""


def candidate_tags(path: str) -> list[str]:
    """The tags an entry for `path` can depend on: the path and each of its prefixes
    (the page that rendered it is one of them), its language and the site."""
    tags = [SITE_TAG]
    code = request_language(path)
    if code:
        tags.append(language_tag(code))
    prefix = "/"
    for segment in path.strip("/").split("/"):
        if segment:
            prefix = f"{prefix}{segment}/"
            tags.append(page_tag(prefix))
    if not path.endswith("/"):
        tags.append(page_tag(path))
    return tags


def invalidate_tags(tags) -> None:
    """New tokens for `tags`: every process stops serving entries that depend on
    them. Errors are logged; entries then expire with PORTAL_PAGE_CACHE_TIMEOUT."""
    tags = set(tags)
    if not tags:
        return
    token = uuid.uuid4().hex
    try:
        page_cache().set_many(
            {VERSION_PREFIX + tag: token for tag in tags}, timeout=TOKEN_TIMEOUT
        )
    except Exception:
        logger.exception("page cache: could not invalidate %s", sorted(tags))


def read_tokens(tags: list[str]) -> tuple[str, ...] | None:
    """The tokens of `tags` outside a request (a task), made where a tag has none;
    None when the cache cannot be reached."""
    cache = page_cache()
    keys = [VERSION_PREFIX + tag for tag in tags]
    try:
        found = cache.get_many(keys)
        for key in keys:
            if found.get(key) is None:
                cache.add(key, uuid.uuid4().hex, timeout=TOKEN_TIMEOUT)
                found[key] = cache.get(key)
    except Exception:
        return None
    tokens = tuple(found[key] for key in keys)
    return None if None in tokens else tokens


class RequestVersions:
    """The tokens one request depends on, read from the shared cache at most once
    (the page cache's lookup reads them with its entry and hands them over)."""

    def __init__(self, path: str):
        self.path = path
        self.tokens: dict[str, str | None] | None = None
        self.unreachable = False
        # The page that rendered the response, when a page did (its routes, such as
        # a listing's feed, share its tag): set by a `before_serve_page` hook.
        self.page_path: str | None = None

    def remember(self, tokens: dict[str, str | None] | None) -> None:
        """Tokens already read for this request (the dict is shared: the tokens
        made while rendering land in it too); None: the cache was unreachable."""
        if tokens is None:
            self.unreachable = True
        self.tokens = tokens if tokens is not None else {}

    def token(self, tag: str) -> str | None:
        """The tag's token, made when it has none yet; None when the cache is down
        (then nothing may be kept)."""
        if self.tokens is None:
            tags = candidate_tags(self.path)
            try:
                values = page_cache().get_many([VERSION_PREFIX + t for t in tags])
            except Exception:
                values = None
            self.remember(
                None
                if values is None
                else {t: values.get(VERSION_PREFIX + t) for t in tags}
            )
        if self.unreachable:
            return None
        if self.tokens.get(tag) is None:
            cache = page_cache()
            try:
                cache.add(VERSION_PREFIX + tag, uuid.uuid4().hex, timeout=TOKEN_TIMEOUT)
                self.tokens[tag] = cache.get(VERSION_PREFIX + tag)
            except Exception:
                return None
        return self.tokens[tag]


# The versions of the request this thread or task is serving (VersionsMiddleware).
current: ContextVar[RequestVersions | None] = ContextVar("versions", default=None)


class VersionsMiddleware:
    """Starts each request's versions, before the page cache and anything that keeps
    what a request computes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reset = current.set(RequestVersions(request.path_info))
        try:
            return self.get_response(request)
        finally:
            current.reset(reset)
