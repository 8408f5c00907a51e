"""The server error page, which knows an unreachable database when it sees one."""

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from .unavailable import DATABASE_UNAVAILABLE, database_unavailable_response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, except that an unreachable database raised outside a view
    (a middleware's session, redirect or cache lookup) gets the friendly 503 page
    that DatabaseUnavailableMiddleware gives views."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable_response(request, error)
    return defaults.server_error(request)
