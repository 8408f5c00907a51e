"""The language redirect at `/` and the error pages."""

import sys

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request
from django.views import defaults

from .middleware import DATABASE_UNAVAILABLE, database_unavailable_response


def root_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """`/` → `/<lang>/`: the language cookie, then Accept-Language, then the default."""
    language = get_language_from_request(request)
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"/{language}/" + (f"?{query}" if query else ""))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, except that an unreachable database raised outside a view
    (a middleware's session, redirect or cache lookup) gets the friendly 503 page
    that DatabaseUnavailableMiddleware gives views."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable_response(request, error)
    return defaults.server_error(request)
