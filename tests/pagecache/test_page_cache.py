"""The full-page cache: what it keeps, for whom, and what publishing drops from it."""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.test import Client

from wagtail.models import Page

import pytest

from newsletter.models import Subscriber
from stories.models import StoryIndexPage, StoryPage
from tests.home.factories import member_of
from tests.stories.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = True
    settings.PORTAL_MEMO_ENABLED = True


def cache_status(client, path, **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return response.headers.get("X-Page-Cache", "none")


def story(slug="reading-circles-county-line", code="en") -> StoryPage:
    return StoryPage.objects.get(slug=slug, locale__language_code=code)


def publish(page, django_capture_on_commit_callbacks, **changes):
    for field, value in changes.items():
        setattr(page, field, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_a_page_is_rendered_once_then_served_from_the_cache(client):
    assert cache_status(client, "/en/stories/") == "miss"
    response = client.get("/en/stories/", headers={"Accept-Encoding": "gzip"})
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    plain = client.get("/en/stories/")
    assert plain["X-Page-Cache"] == "hit" and b"<html" in plain.content
    assert "Content-Encoding" not in plain


def test_headers_fit_a_cdn_and_conditional_get_answers_304(client, settings):
    first = client.get("/en/stories/")
    control = first["Cache-Control"]
    assert "public" in control
    assert f"max-age={settings.PORTAL_BROWSER_MAX_AGE}" in control
    assert f"s-maxage={settings.PORTAL_CDN_MAX_AGE}" in control
    assert f"stale-while-revalidate={settings.PORTAL_STALE_WHILE_REVALIDATE}" in control
    vary = first["Vary"]
    assert "Save-Data" in vary and "Accept-Encoding" in vary
    assert "Cookie" not in vary
    for response in (first, client.get("/en/stories/")):
        again = client.get("/en/stories/", headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304
        assert again.content == b""
    stale = client.get("/en/stories/", headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_each_bandwidth_mode_and_language_has_its_own_entry(client):
    assert cache_status(client, "/en/") == "miss"
    assert cache_status(client, "/en/", Save_Data="on") == "miss"
    assert cache_status(client, "/en/", Save_Data="on") == "hit"
    assert cache_status(client, "/fr/") == "miss"
    client.cookies["portal_bandwidth"] = "low"
    assert cache_status(client, "/en/") == "hit"  # the same mode as Save-Data
    client.cookies["portal_bandwidth"] = "standard"
    assert cache_status(client, "/en/", Save_Data="on") == "hit"  # the choice wins


def test_query_strings_are_separate_entries(client):
    assert cache_status(client, "/en/stories/?page=2") == "miss"
    assert cache_status(client, "/en/stories/") == "miss"
    assert cache_status(client, "/en/stories/?page=2") == "hit"


def test_signed_in_editors_and_pending_messages_get_fresh_pages(client):
    cache_status(client, "/en/stories/")
    client.force_login(member_of("Editors", "ed"))
    assert cache_status(client, "/en/stories/") == "none"
    visitor = Client()
    visitor.cookies["messages"] = "pending"
    assert cache_status(visitor, "/en/stories/") == "none"


def test_cached_pages_carry_nothing_of_the_visitor_and_their_form_works(client):
    page = story()
    page_path = page.get_url()
    client.get(page_path)
    cached = client.get(page_path)
    assert cached["X-Page-Cache"] == "hit"
    assert not cached.cookies
    assert b"csrfmiddlewaretoken" not in cached.content
    # Any visitor can subscribe from the cached page, without a CSRF cookie.
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post(
        "/en/subscribe/",
        {"email": "reader@example.org", "source": page_path, "website": ""},
    )
    assert response.status_code == 200
    assert Subscriber.objects.filter(email="reader@example.org").exists()


def test_publishing_drops_what_shows_the_page_and_nothing_else(
    client, django_capture_on_commit_callbacks
):
    page = story()
    sibling = story("fishers-study-visit")
    french_index = StoryIndexPage.objects.get(locale__language_code="fr")
    shown = [
        page.get_url(),
        "/en/stories/",
        "/en/stories/?page=2",
        "/en/stories/feed/",
        "/en/",
        "/en/search/?q=reading",
        french_index.get_url(),
        page.get_translation(french_index.locale).get_url(),
        "/sitemap.xml",
    ]
    elsewhere = [sibling.get_url(), "/en/events/", "/en/recordings/"]
    for path in shown + elsewhere:
        client.get(path)
    assert all(cache_status(client, path) == "hit" for path in shown + elsewhere)

    publish(page, django_capture_on_commit_callbacks, title="Reading circles, retold")

    for path in shown:
        assert cache_status(client, path) == "miss", path
    for path in elsewhere:
        assert cache_status(client, path) == "hit", path
    assert "Reading circles, retold" in client.get(page.get_url()).text
    assert "Reading circles, retold" in client.get("/en/stories/").text


def test_a_language_home_edit_shows_at_once_on_it_and_in_the_menu(
    client, django_capture_on_commit_callbacks
):
    """The home page in each language is memoised for routing and the menu; its
    publish changes what both show."""
    from home.models import HomePage

    french_home = HomePage.objects.get(locale__language_code="fr")
    about = french_home.get_children().live().in_menu().first().specific
    for path in ("/fr/", about.get_url()):
        client.get(path)
    publish(
        french_home, django_capture_on_commit_callbacks, hero_heading="Accueil, revu"
    )
    publish(about, django_capture_on_commit_callbacks, title="La page du menu, revue")
    assert "Accueil, revu" in client.get("/fr/").text
    assert "La page du menu, revue" in client.get("/fr/stories/").text


def test_unpublishing_and_deleting_drop_the_page(
    client, django_capture_on_commit_callbacks
):
    page = story()
    path = page.get_url()
    client.get(path)
    client.get("/en/stories/")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(path).status_code == 404
    assert page.title not in client.get("/en/stories/").text

    other = story("fishers-study-visit")
    other_path = other.get_url()
    client.get(other_path)
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert client.get(other_path).status_code == 404


def test_moving_a_page_drops_its_old_address(
    client, django_capture_on_commit_callbacks
):
    index = StoryIndexPage.objects.get(locale__language_code="en")
    page = StoryPageFactory(parent=index, title="A story on the move")
    old_path = page.get_url()
    about = Page.objects.get(slug="about", locale__language_code="en")
    client.get(old_path)
    assert cache_status(client, old_path) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        page.move(about, pos="last-child")
    page.refresh_from_db()
    # Not the cached page: Wagtail's automatic redirect to the new address.
    moved = client.get(old_path)
    assert moved.status_code == 301
    assert moved["Location"] == page.get_url()
    assert client.get(page.get_url()).status_code == 200


def test_a_snippet_change_drops_every_page(client, django_capture_on_commit_callbacks):
    from core.models import Topic

    client.get("/en/events/")
    topic = Topic.objects.filter(locale__language_code="en").first()
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert cache_status(client, "/en/events/") == "miss"


def test_an_unreachable_cache_serves_pages_uncached(client, settings):
    # Redis, as production configures it, with nothing listening on its port.
    unreachable = {
        "BACKEND": "ops.cache_backends.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {
        **settings.CACHES,
        "default": unreachable,
        "pages": {**unreachable, "KEY_PREFIX": "pages"},
    }
    for path in ("/en/", "/en/stories/", story().get_url(), "/sitemap.xml", "/fr/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") == "miss"
    assert cache_status(client, "/en/stories/") == "miss"  # never a hit


@pytest.fixture
def purging_proxy():
    """A real HTTP server on loopback that records the PURGE requests it gets."""
    purged = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", purged
    server.shutdown()


def test_a_cdn_in_front_is_purged_on_publish(
    settings, purging_proxy, django_capture_on_commit_callbacks
):
    location, purged = purging_proxy
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    }
    page = story()
    french = page.get_translation(
        StoryIndexPage.objects.get(locale__language_code="fr").locale
    )
    publish(page, django_capture_on_commit_callbacks, title="Reading circles again")
    for path in (
        page.get_url(),
        "/en/stories/",
        "/en/",
        "/sitemap.xml",
        french.get_url(),
    ):
        assert path in purged
    assert story("fishers-study-visit").get_url() not in purged
