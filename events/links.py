"""Absolute links to pages for feeds and calendars, one lookup of the site root
paths per request however many items a feed lists."""

from django.http import HttpRequest

from wagtail.models import Page

from portal.utils import absolute_url


def page_absolute_url(page: Page, request: HttpRequest | None) -> str:
    """The page's link on PORTAL_BASE_URL. Page.get_absolute_url() without a request
    looks up the site root paths for every page (a cache read, a query with the
    database cache); the request holds them for the whole feed."""
    parts = page.get_url_parts(request)
    return absolute_url(parts[2] if parts else "/")
