"""Language selection (Django's LocaleMiddleware, but an unknown prefix is a 404),
and the request's Site handed to Wagtail from the memo."""

import logging
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import is_valid_path
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    get_language,
    get_language_from_path,
)

from . import memo
from .basics import site_basics

logger = logging.getLogger(__name__)

LANGUAGE_LIKE_PREFIX = re.compile(r"^/([a-z]{2}(?:[-_][a-zA-Z0-9]{2,8})?)(?:/|$)")


class PortalLocaleMiddleware(LocaleMiddleware):
    """Never redirect `/de/...` to `/en/de/...`: a prefix that looks like a language
    we do not ship answers 404 in the visitor's language instead. Nor redirect a
    404 from a view outside the prefixes (`/newsletter/...`) to `/en/...`."""

    def process_response(self, request, response):
        if response.status_code == 404 and self.keeps_not_found(request):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)

    def keeps_not_found(self, request) -> bool:
        """A 404 is not redirected under a language prefix when the path starts like
        a language we do not ship, or when a view outside the prefixes answered it
        (an unknown token in a link from an email)."""
        path = request.path_info
        if get_language_from_path(path):
            return False
        if LANGUAGE_LIKE_PREFIX.match(path):
            return True
        return is_valid_path(path, getattr(request, "urlconf", settings.ROOT_URLCONF))


class KnownSiteMiddleware:
    """Hands Wagtail the request's Site and the site root paths from the site's
    basics (core/basics.py), and the memo its locales and private sections: a
    process that has them makes no query for any of these, one that has just
    started makes one cache read instead of five queries.

    Nothing of Wagtail's is replaced: `Site.find_for_request` and
    `Page.get_url_parts` keep what they find on the request they were given
    (`_wagtail_site`, `_wagtail_cached_site_root_paths`, as their docstrings say), and
    this primes those two per-request caches before the view runs. Were Wagtail to
    rename them, it would look the values up itself, as slowly as before. Public
    paths only: the admin reads them fresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = site_basics(request)
        if found is not None:
            request._wagtail_site = found.site
            request._wagtail_cached_site_root_paths = found.root_paths
            memo.remember(found.locales, found.restricted)
        return self.get_response(request)
