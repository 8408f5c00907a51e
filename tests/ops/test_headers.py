"""Security headers on every response: public pages, feeds, errors, redirects,
304s, static files and the admin, each with the policy of its URL."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

import pytest

from events.models import EventIndexPage, EventPage
from ops.security import SecurityHeadersMiddleware, parse_extra_sources
from stories.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_public_headers(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]
    assert_common_headers(response)


def assert_common_headers(response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in (
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "browsing-topics=()",
    ):
        assert feature in permissions


def public_urls() -> list[str]:
    story = StoryPage.objects.live().filter(locale__language_code="fr").first()
    stories = StoryIndexPage.objects.get(locale__language_code="en")
    events = EventIndexPage.objects.get(locale__language_code="ar")
    event = EventPage.objects.live().filter(locale__language_code="en").first()
    return [
        "/en/",
        "/ar/",
        story.url,
        "/es/search/?q=community",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/en/subscribe/",
        f"{stories.url}feed/",
        f"{events.url}ical/",
        f"{event.url}ical/",
    ]


def test_every_kind_of_public_response_carries_the_public_policy(client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_public_headers(response)


def test_not_found_and_redirects_carry_it_too(client):
    missing = client.get("/fr/no-such-page/")
    assert missing.status_code == 404
    assert_public_headers(missing)
    redirect = client.get("/", headers={"accept-language": "pt"})
    assert redirect.status_code == 302
    assert_public_headers(redirect)
    to_slash = client.get("/en/stories")
    assert to_slash.status_code == 301
    assert_public_headers(to_slash)


def test_a_not_modified_answer_keeps_the_headers(client):
    first = client.get("/static/css/portal.css")
    assert first.status_code == 200
    assert_public_headers(first)
    again = client.get(
        "/static/css/portal.css",
        headers={"if-modified-since": first.headers["Last-Modified"]},
    )
    assert again.status_code == 304
    assert (
        again.headers["Content-Security-Policy"]
        == first.headers["Content-Security-Policy"]
    )
    assert_common_headers(again)


def test_the_same_url_always_gets_the_same_policy(client):
    anonymous = client.get("/en/")
    user = get_user_model().objects.create_user("reader", password="pw-123456")
    signed_in = Client()
    signed_in.force_login(user)
    assert (
        signed_in.get("/en/").headers["Content-Security-Policy"]
        == anonymous.headers["Content-Security-Policy"]
    )
    low = client.get("/en/", headers={"save-data": "on"})
    assert (
        low.headers["Content-Security-Policy"]
        == anonymous.headers["Content-Security-Policy"]
    )


def test_the_admin_has_a_looser_policy_of_its_own(client):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    policy = directives(login)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'self'" in policy["frame-src"]
    assert policy["object-src"] == ["'none'"]
    assert_common_headers(login)
    user = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(user)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert (
        dashboard.headers["Content-Security-Policy"]
        == login.headers["Content-Security-Policy"]
    )


def test_hsts_and_secure_cookies_over_tls(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    secure = Client()
    response = secure.get("/admin/login/", secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    plain = Client().get("/en/")
    assert "Strict-Transport-Security" not in plain.headers


def test_language_cookie_is_httponly_and_same_site():
    assert settings.LANGUAGE_COOKIE_HTTPONLY is True
    assert settings.LANGUAGE_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_media_origin_and_extra_sources_join_the_policy(settings, client):
    settings.MEDIA_URL = "https://media.example.net/uploads/"
    settings.PORTAL_CSP_EXTRA_SOURCES = (
        "frame-src https://video.example.org; connect-src https://stats.example.org"
    )
    response = Client().get("/en/")
    policy = directives(response)
    assert "https://media.example.net" in policy["img-src"]
    assert "https://media.example.net" in policy["media-src"]
    assert "https://video.example.org" in policy["frame-src"]
    assert policy["connect-src"] == ["'self'", "https://stats.example.org"]
    assert policy["script-src"] == ["'self'", "https://media.example.net"]


def test_unknown_extra_directive_is_a_configuration_error(settings):
    with pytest.raises(ImproperlyConfigured, match="script-scr"):
        parse_extra_sources("script-scr https://cdn.example.org")
    settings.PORTAL_CSP_EXTRA_SOURCES = "img-src"
    with pytest.raises(ImproperlyConfigured, match="img-src lists no source"):
        SecurityHeadersMiddleware(lambda request: None)


def test_a_document_keeps_its_own_locked_down_policy(client):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.exclude(file="").first()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
