"""Language selection (Django's LocaleMiddleware, but an unknown prefix is a 404)
and the friendly 503 page when the database is unreachable."""

import logging
import re

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.urls import is_valid_path
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_from_request,
)

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


DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# How long a visitor (or a crawler) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 120


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, every page answers a small 503 page in
    the visitor's language with `Retry-After`, rendered without the database,
    instead of a server error. Only connection failures (OperationalError,
    InterfaceError) count: any other DatabaseError is a bug and stays a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable_response(request, exception)
        return None


def database_unavailable_response(
    request: HttpRequest, exception: BaseException
) -> HttpResponse:
    """The 503 page: the language of the URL prefix, else the cookie or
    Accept-Language; no context processors, so nothing asks for the session, the
    user or the site settings (all in the database)."""
    logger.error("Database unavailable: %s", exception)
    language = get_language_from_path(request.path_info) or get_language_from_request(
        request
    )
    with translation.override(language):
        body = loader.render_to_string(
            "503.html",
            {
                "LANGUAGE_CODE": translation.get_language(),
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
