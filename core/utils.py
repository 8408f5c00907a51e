"""Small helpers every app uses: absolute links, pagination and visitor input."""

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.db.models import Count, QuerySet, Window
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


def with_images(items: list, field: str = "hero_image") -> None:
    """Loads the image in `field` of each of `items`, renditions included, in two
    queries for all of them (one image and one rendition query each otherwise)."""
    ids = {getattr(item, f"{field}_id") for item in items} - {None}
    if ids:
        images = get_image_model().objects.prefetch_renditions().in_bulk(ids)
        for item in items:
            image_id = getattr(item, f"{field}_id")
            if image_id is not None:
                setattr(item, field, images.get(image_id))


def paginate(
    request: HttpRequest, items, per_page: int, total: int | None = None
) -> PaginatorPage:
    """The requested page of `items`; a bad `page` value gives the first or last page.
    A queryset's page brings its total along (a window count): one query, not two;
    a `total` known already (kept with other figures) spares the count."""
    paginator = Paginator(items, per_page)
    if total is not None:
        paginator.count = total
        return paginator.get_page(request.GET.get("page"))
    page = counted_page(paginator, request.GET.get("page"))
    return page if page is not None else paginator.get_page(request.GET.get("page"))


MAX_COUNTED_PAGE = 10_000


def counted_page(paginator: Paginator, number) -> PaginatorPage | None:
    """Page `number` of a queryset with the total counted in the same query, or None
    where that cannot be had (a page past the end, a DISTINCT or search queryset)."""
    items = paginator.object_list
    if not isinstance(items, QuerySet) or items.query.distinct:
        return None
    try:
        number = int(number or 1)
    except (TypeError, ValueError):
        number = 1  # as the paginator: not a number gives the first page
    if not 1 <= number <= MAX_COUNTED_PAGE:  # the paginator gives the last page
        return None
    bottom = (number - 1) * paginator.per_page
    rows = list(
        items.annotate(listing_total=Window(Count("pk")))[
            bottom : bottom + paginator.per_page
        ]
    )
    if not rows:
        if number > 1:
            return None  # past the end: the paginator finds the last page
        paginator.count = 0
    else:
        total = getattr(rows[0], "listing_total", None)
        if total is None:
            return None
        paginator.count = total
    return PaginatorPage(rows, number, paginator)


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
