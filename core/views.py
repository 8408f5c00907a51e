"""Serving pages, the language redirect at `/` and the bandwidth switch."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_from_request
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail import hooks
from wagtail.models import Site

from .bandwidth import BANDWIDTH_COOKIE, LOW, STANDARD
from .memo import localized_home
from .routing import route_below

BANDWIDTH_COOKIE_AGE = 365 * 24 * 60 * 60


def serve_page(request: HttpRequest, path: str) -> HttpResponse:
    """A page of the tree, as Wagtail's own `serve` view does it (the `on_serve_page`
    and `before_serve_page` hooks included), but routed from the language's home
    page and with the route kept in the memo (core/routing.py), rather than the
    site root fetched, localized and made specific anew for every request."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    home = localized_home(request, site)
    components = [part for part in path.split("/") if part]
    page, args, kwargs = route_below(home, request, components)

    def serve(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        serve = wrap(serve)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return serve(page, request, args, kwargs)


def root_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """`/` → `/<lang>/`: the language cookie, then Accept-Language, then the default."""
    language = get_language_from_request(request)
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"/{language}/" + (f"?{query}" if query else ""))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def local_path(value: str | None) -> str | None:
    """`value` when it is a path on this site (`/...`), else None: never another
    host (`//evil`, `/\\evil`, `https://...`), never a control character that
    would break the Location header."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return None
    return value


@never_cache
@require_safe
def bandwidth_switch(request: HttpRequest) -> HttpResponse:
    """The switch on every page: remembers the chosen mode in one named cookie (which
    the page cache keys on) and goes back to the page. A plain link, because cached
    pages carry no CSRF token; the choice is a preference, not a change of data."""
    home = f"/{get_language()}/"
    next_path = local_path(request.GET.get("next")) or home
    mode = request.GET.get("mode")
    if mode not in (LOW, STANDARD):
        return render(
            request,
            "core/bandwidth_invalid.html",
            {"next_path": next_path, "switch_next": next_path},
            status=400,
        )
    response = HttpResponseRedirect(next_path)
    response.set_cookie(
        BANDWIDTH_COOKIE,
        mode,
        max_age=BANDWIDTH_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    # Pages a browser keeps (max-age) would otherwise show the old mode for a while.
    response["Clear-Site-Data"] = '"cache"'
    return response
