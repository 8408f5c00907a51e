"""Language selection: Django's LocaleMiddleware, but an unknown prefix is a 404."""

import re

from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_path

LANGUAGE_LIKE_PREFIX = re.compile(r"^/([a-z]{2}(?:[-_][a-zA-Z0-9]{2,8})?)(?:/|$)")


class PortalLocaleMiddleware(LocaleMiddleware):
    """Never redirect `/de/...` to `/en/de/...`: a prefix that looks like a language
    we do not ship answers 404 in the visitor's language instead."""

    def process_response(self, request, response):
        path = request.path_info
        if (
            response.status_code == 404
            and LANGUAGE_LIKE_PREFIX.match(path)
            and not get_language_from_path(path)
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
