"""The friendly 503 page when the database is unreachable."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import get_language_from_path, get_language_from_request

logger = logging.getLogger(__name__)

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
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
