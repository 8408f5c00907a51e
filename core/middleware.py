"""Language selection (Django's LocaleMiddleware, but an unknown prefix is a 404)
and the friendly 503 page when the database is unreachable."""

import logging
import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import is_valid_path
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    get_language,
    get_language_from_path,
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
