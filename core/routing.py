"""Page routing in two queries whatever the depth.

Wagtail routes a URL one level at a time, two queries a level (the child, then its
specific page). A language's home page instead finds every page on the path at
once by url_path and hands the rest of the path to the deepest one, or to the first
routable page whose own routes (a feed, a calendar) take it, as Wagtail would.
"""

from django.http import Http404
from django.urls import Resolver404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from . import versions
from .memo import memoised


def takes_route(page: Page, components: list[str]) -> bool:
    """Would this routable page answer `components` with one of its own routes?"""
    page_class = page.specific_class
    if page_class is None or not issubclass(page_class, RoutablePageMixin):
        return False
    try:
        page_class.get_resolver().resolve("/" + "".join(f"{c}/" for c in components))
    except Resolver404:
        return False
    return True


def route_below(root: Page, request, components: list[str]):
    """The RouteResult for `components` below `root` (the root itself when there
    are none). A path no page can have (a NUL byte, which PostgreSQL refuses) is
    not found.

    Kept in the memo until a page on the path is published, unpublished or moved
    (its version token changes: core/versions.py), so a page served again costs no
    query to find."""
    if any("\x00" in component for component in components):
        raise Http404
    path = request.path_info
    return memoised(
        request,
        ("route", root.pk, tuple(components)),
        versions.candidate_tags(path),
        lambda: find_route(root, request, components),
    )


def find_route(root: Page, request, components: list[str]):
    if not components:
        return specific_for_serving(root).route(request, [])
    return find_route_below(root, request, components)


def find_route_below(root: Page, request, components: list[str]):
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in components[:depth])
        for depth in range(1, len(components) + 1)
    ]
    found = {
        page.depth: page
        for page in Page.objects.filter(
            url_path__in=prefixes, path__startswith=root.path
        )
    }
    target, remaining = None, components
    for level in range(1, len(components) + 1):
        page = found.get(root.depth + level)
        if page is None:
            break
        target, remaining = page, components[level:]
        if remaining and takes_route(page, remaining):
            break
    if target is None:
        raise Http404
    return specific_for_serving(target).route(request, remaining)


def specific_for_serving(page: Page) -> Page:
    """The specific page with the foreign keys its template shows joined, in one
    query (`serve_select_related`: its locale, a story's guide and community...)."""
    model = page.specific_class
    if model is None:
        raise Http404
    related = getattr(model, "serve_select_related", ())
    return model._default_manager.select_related(*related).get(pk=page.pk)
