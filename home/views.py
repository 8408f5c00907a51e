"""Site-wide views: search, health and readiness checks, robots.txt and the
multilingual sitemap."""

import re
from collections import defaultdict

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.models import Page

from core.memo import active_locale, private_q
from core.models import page_types_by_section
from core.utils import absolute_url, paginate
from ops.readiness import readiness
from ops.staging import is_indexable
from translation.completeness import incomplete_translations

SEARCH_MAX_LENGTH = 200
SEARCH_PER_PAGE = 10


def clean_query(raw: str) -> str:
    """Visitors may send anything: keep printable text, bounded in length."""
    printable = "".join(ch for ch in raw if ch.isprintable())
    return " ".join(printable.split())[:SEARCH_MAX_LENGTH]


def search_terms(query: str) -> str:
    """The words of a query, lower-cased: no quotes, wildcards or operators
    (AND, NEAR, `"`, `*`) reach the full-text engine, whose syntax errors would
    otherwise surface as server errors."""
    return " ".join(re.findall(r"\w+", query.lower()))


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """`/<lang>/search/?q=`: live pages of the visitor's language that match."""
    query = clean_query(request.GET.get("q", ""))
    search_types = {
        section.key: (section.label, model)
        for section, model in page_types_by_section("search_section")
    }
    content_type = request.GET.get("type", "")
    if content_type not in search_types:
        content_type = ""
    model = search_types[content_type][1] if content_type else Page
    results = None
    terms = search_terms(query)
    if terms:
        pages = (
            model.objects.live()
            .exclude(private_q())
            .filter(locale=active_locale(), depth__gt=1)
        )
        results = paginate(request, pages.search(terms), SEARCH_PER_PAGE)
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "results": results,
            "content_type": content_type,
            "search_types": [
                (key, label) for key, (label, _model) in search_types.items()
            ],
            "translate_path": True,
        },
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise; for load balancers and Docker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache, the worker's heartbeat and the task queue
    are all fine; 503 naming the failing checks otherwise (for orchestrators)."""
    checks = readiness()
    failing = [name for name, check in checks.items() if not check["ok"]]
    return JsonResponse(
        {"status": "unavailable" if failing else "ok", "failing": failing, **checks},
        status=503 if failing else 200,
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may index the production site only; any other host or site (staging)
    disallows everything."""
    if not is_indexable(request):
        response = HttpResponse(
            "User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8"
        )
        # An answer for this host only: no shared cache may give it to production's.
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Host"])
        return response
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/search/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Every live page in every language, each with its real translations as
    `xhtml:link` alternates (Wagtail's generator sees only the default site root)."""
    pages = list(
        Page.objects.live()
        .exclude(private_q())
        .filter(depth__gt=1, alias_of__isnull=True)
        .select_related("locale")
        .order_by("path")
    )
    incomplete = incomplete_translations()
    entries = [
        page
        for page in pages
        if (page.translation_key, page.locale_id) not in incomplete
        and page.get_url_parts(request) is not None
    ]
    groups: dict = defaultdict(list)
    for page in entries:
        page.absolute_url = absolute_url(page.get_url_parts(request)[2])
        groups[page.translation_key].append(page)
    urls = [
        {
            "loc": page.absolute_url,
            "lastmod": page.last_published_at,
            "alternates": [
                (alternate.locale.language_code, alternate.absolute_url)
                for alternate in groups[page.translation_key]
            ]
            if len(groups[page.translation_key]) > 1
            else [],
        }
        for page in entries
    ]
    return render(
        request, "home/sitemap.xml", {"urls": urls}, content_type="application/xml"
    )
