"""Small helpers every app uses: absolute links, pagination and visitor input."""

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.http import HttpRequest


def absolute_url(path: str) -> str:
    """An absolute link on the public origin (PORTAL_BASE_URL), whatever the request."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.PORTAL_BASE_URL}/{path.lstrip('/')}"


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
