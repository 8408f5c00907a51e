"""The site's name, tagline, contact address and social links come from the site
identity setting, in the visitor's language where the tagline is translated, and a
change shows on the next request, cached pages included."""

from django.test import RequestFactory
from django.utils.translation import override

from wagtail.models import Site

import pytest

from core.basics import site_identity
from core.models import SiteIdentity, SiteTagline
from newsletter import subscriptions
from ops.views import server_error
from tests.newsletter.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db


def identity_setting() -> SiteIdentity:
    return SiteIdentity.objects.get(site=Site.objects.get(is_default_site=True))


def save(setting, django_capture_on_commit_callbacks, **changes):
    for field, value in changes.items():
        setattr(setting, field, value)
    with django_capture_on_commit_callbacks(execute=True):
        setting.save()


@pytest.mark.parametrize("code", ["en", "fr", "es", "pt", "ar"])
def test_every_page_shows_the_name_and_the_tagline_in_its_language(client, code):
    setting = identity_setting()
    tagline = SiteTagline.objects.get(
        translation_key=setting.tagline.translation_key, locale__language_code=code
    )
    content = client.get(f"/{code}/").content.decode()
    assert f" · {setting.name}</title>" in content
    assert f'">{setting.name}</a>' in content
    assert tagline.tagline in content
    assert tagline.description in content
    if code != "en":
        assert setting.tagline.tagline not in content
    assert f'href="mailto:{setting.contact_email}"' in content
    for link in setting.social_links:
        assert f'<a href="{link.value["url"]}" rel="me">' in content


def test_a_change_shows_on_the_next_request_even_from_the_page_cache(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE_ENABLED = True
    settings.PORTAL_MEMO_ENABLED = True
    client.get("/fr/")
    assert client.get("/fr/").headers["X-Page-Cache"] == "hit"

    save(identity_setting(), django_capture_on_commit_callbacks, name="Commons Atlas")
    response = client.get("/fr/")
    assert response.headers["X-Page-Cache"] != "hit"
    assert " · Commons Atlas</title>" in response.content.decode()

    tagline = SiteTagline.objects.get(
        translation_key=identity_setting().tagline.translation_key,
        locale__language_code="fr",
    )
    tagline.tagline = "Apprendre entre voisins"
    with django_capture_on_commit_callbacks(execute=True):
        tagline.save()
    assert "Apprendre entre voisins" in client.get("/fr/").content.decode()


def test_without_a_setting_the_name_comes_from_settings(client, settings):
    SiteIdentity.objects.all().delete()
    settings.WAGTAIL_SITE_NAME = "Commons Fallback"
    content = client.get("/en/stories/").content.decode()
    assert " · Commons Fallback</title>" in content
    assert 'class="site-footer__tagline"' not in content
    assert "site-footer__links" not in content


def test_a_deleted_tagline_leaves_the_name(client):
    SiteTagline.objects.all().delete()
    setting = identity_setting()
    assert setting.tagline is None
    response = client.get("/ar/")
    assert response.status_code == 200
    assert 'class="site-footer__tagline"' not in response.content.decode()
    assert f" · {setting.name}</title>" in response.content.decode()


def test_feeds_and_emails_carry_the_name(
    client, mail, django_capture_on_commit_callbacks
):
    save(identity_setting(), django_capture_on_commit_callbacks, name="Commons Atlas")
    feed = client.get("/en/stories/feed/").content.decode()
    assert "· Commons Atlas</title>" in feed

    assert subscribe(client, "pt", "leitora@example.org").status_code == 200
    message = mail.messages[0]
    assert "Commons Atlas" in message["Subject"]
    assert "Learning Commons" not in message.get_body(("plain",)).get_content()
    with override("pt"):
        assert "Commons Atlas" in subscriptions.consent_wording()


def test_without_a_request_the_default_sites_identity(settings):
    assert site_identity().name == identity_setting().name


def test_the_error_page_names_the_site_without_the_database(settings):
    settings.WAGTAIL_SITE_NAME = "Commons Offline"
    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    assert "Server error · Commons Offline" in response.content.decode()
