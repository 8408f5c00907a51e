"""The language redirect at `/` and the error pages."""

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request


def root_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """`/` → `/<lang>/`: the language cookie, then Accept-Language, then the default."""
    language = get_language_from_request(request)
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"/{language}/" + (f"?{query}" if query else ""))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
