"""The sitemap, robots.txt, the health check and search, as crawlers and visitors use them."""

import xml.etree.ElementTree as ET

from wagtail.models import Page

import pytest

from tests.conftest import LANGUAGES
from tests.helpers import run_django

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.mark.django_db
def test_sitemap_lists_every_live_page_in_every_language_with_alternates(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }
    live = Page.objects.live().filter(depth__gt=1)
    assert len(entries) == live.count() >= 26 * len(LANGUAGES)
    for page in live:
        assert f"https://commons.example.org{page.url}" in entries
    about = entries["https://commons.example.org/en/about/"]
    assert set(about) == set(LANGUAGES)
    assert about["ar"] == "https://commons.example.org/ar/hawl-al-shabaka/"
    for alternates in entries.values():
        for href in alternates.values():
            assert href in entries


@pytest.mark.django_db
def test_sitemap_leaves_out_unpublished_pages(client):
    Page.objects.get(url_path="/inicio/socios/").unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert "/es/socios/" not in body
    assert "/en/partners/" in body


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    # On the production host; tests/test_staging.py covers every other host.
    response = client.get("/robots.txt", HTTP_HOST="commons.example.org")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://commons.example.org/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.django_db
def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    result = run_django(
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(json.dumps([response.status_code, response.json()]))",
        "portal.settings.test",
        {"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        '[503, {"status": "unavailable", "database": "error"}]'
    )


@pytest.mark.django_db
def test_search_finds_pages_in_the_visitors_language_only(client):
    french = client.get("/fr/search/", {"q": "partenaires"})
    assert french.status_code == 200
    body = french.content.decode()
    assert 'href="/fr/partenaires/"' in body
    assert "/en/partners/" not in body.split("<main", 1)[1]
    english = client.get("/en/search/", {"q": "partners"}).content.decode()
    assert 'href="/en/partners/"' in english


@pytest.mark.django_db
def test_search_switcher_keeps_the_query(client):
    body = client.get("/en/search/", {"q": "learning"}).content.decode()
    assert 'href="/fr/search/?q=learning"' in body


@pytest.mark.django_db
def test_search_paginates(client):
    first = client.get("/en/search/", {"q": "learning"})
    results = first.context["results"]
    assert results.paginator.count > 1
    assert results.paginator.per_page == 10
    last = client.get("/en/search/", {"q": "learning", "page": "999"})
    assert last.status_code == 200
    assert last.context["results"].number == last.context["results"].paginator.num_pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(",
        "a AND OR NOT",
        "\x00",
        "' OR 1=1 --",
        "ü" * 5000,
        "<script>alert(1)</script>",
        "%",
        "\\",
    ],
)
def test_search_is_safe_with_any_input(client, query):
    response = client.get("/ar/search/", {"q": query, "page": "-3"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_empty_search_shows_the_form_without_results(client):
    response = client.get("/pt/search/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'name="q"' in response.content.decode()
