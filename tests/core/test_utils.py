"""Shared helpers: absolute links, pagination, the client address behind proxies."""

from django.test import RequestFactory

from wagtail.models import Page

import pytest

from core.utils import absolute_url, client_ip, paginate


def test_absolute_url_uses_the_public_origin(settings):
    settings.PORTAL_BASE_URL = "https://learn.example.net"
    assert absolute_url("/fr/stories/") == "https://learn.example.net/fr/stories/"
    assert absolute_url("fr/") == "https://learn.example.net/fr/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


@pytest.mark.parametrize(
    ("raw", "number"),
    [("2", 2), ("0", 5), ("-1", 5), ("99", 5), ("abc", 1), ("", 1), ("1e3", 1)],
)
def test_paginate_never_fails_on_a_bad_page_number(raw, number):
    request = RequestFactory().get("/", {"page": raw})
    page = paginate(request, list(range(45)), 10)
    assert page.number == number


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "number", "queries"),
    [("1", 1, 1), ("2", 2, 1), ("", 1, 1), ("abc", 1, 1), ("99", 3, 3), ("0", 3, 2)],
)
def test_a_page_of_a_queryset_counts_its_total_in_the_same_query(
    raw, number, queries, django_assert_num_queries
):
    pages = Page.objects.filter(depth__gt=1).order_by("pk")
    total = pages.count()
    request = RequestFactory().get("/", {"page": raw})
    with django_assert_num_queries(queries):
        page = paginate(request, pages, per_page=total // 3 + 1)
        rows = list(page)
    assert page.number == number
    assert page.paginator.count == total and page.paginator.num_pages == 3
    assert [p.pk for p in rows] == [p.pk for p in pages][
        (number - 1) * (total // 3 + 1) : number * (total // 3 + 1)
    ]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "203.0.113.9", "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(
    settings, proxies, forwarded, expected
):
    settings.PORTAL_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(request) == expected
