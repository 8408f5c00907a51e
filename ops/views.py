"""The server error page, which knows an unreachable database when it sees one."""

import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

from .unavailable import DATABASE_UNAVAILABLE, database_unavailable_response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, except that an unreachable database raised outside a view
    (a middleware's session, redirect or cache lookup) gets the friendly 503 page
    that DatabaseUnavailableMiddleware gives views."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable_response(request, error)
    # As Django's own view: no context processors (the error may be theirs), the
    # site's name from settings (the database may be what failed).
    body = loader.render_to_string(
        "500.html", {"site_name": settings.WAGTAIL_SITE_NAME}
    )
    return HttpResponseServerError(body)
