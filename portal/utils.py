"""Small helpers every app uses: absolute links, pagination and visitor input."""

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.http import HttpRequest

from wagtail.images import get_image_model


def absolute_url(path: str) -> str:
    """An absolute link on the public origin (PORTAL_BASE_URL), whatever the request."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.PORTAL_BASE_URL}/{path.lstrip('/')}"


def index_url(page, request=None) -> str:
    """The URL of the page's parent (its section's index), from the page's own URL
    (Wagtail builds URLs from slugs) rather than a query for the parent."""
    url = page.get_url(request)
    if not url:  # a preview of a page not yet saved
        return page.get_parent().get_url(request)
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


def with_images(items: list, field: str = "hero_image") -> list:
    """`items` with the image in `field` loaded for each, renditions included, in
    two queries for all of them (one image and one rendition query each otherwise)."""
    ids = {getattr(item, f"{field}_id") for item in items} - {None}
    if ids:
        images = get_image_model().objects.prefetch_renditions().in_bulk(ids)
        for item in items:
            image_id = getattr(item, f"{field}_id")
            if image_id is not None:
                setattr(item, field, images.get(image_id))
    return items


def paginate(request: HttpRequest, items, per_page: int) -> PaginatorPage:
    """The requested page of `items`; a bad `page` value gives the first or last page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def slug_or_empty(value: str, max_length: int = 255) -> str:
    """A visitor's slug parameter when it could be a slug, else "": anything else
    (a NUL byte, which PostgreSQL refuses in a query; markup; a megabyte of text)
    never reaches the database."""
    if len(value) <= max_length and slug_unicode_re.fullmatch(value):
        return value
    return ""


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the entry that the last trusted
    proxy (PORTAL_PROXY_COUNT of them) appended to X-Forwarded-For."""
    count = settings.PORTAL_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
