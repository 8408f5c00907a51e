"""Staging safety: only the production site on its own host may be indexed, and a
site that is not the production origin emails only PORTAL_EMAIL_ALLOWLIST (through a
real SMTP server on loopback)."""

from io import StringIO

from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale

import pytest

from demo.newsletter import ISSUE
from newsletter.models import Delivery, NewsletterIssuePage, Send, Subscriber
from newsletter.sending import STAGING_SKIP

pytestmark = pytest.mark.django_db

PRODUCTION = "https://commons.example.org"
STAGING = "https://staging.commons.example.org"
ALLOWLIST = ["Team@Example.org", "@commons.example.org"]


@pytest.fixture
def wrapped_mail(mail, settings):
    """The site's own email backend, delivering to the test SMTP server."""
    settings.PORTAL_EMAIL_BACKEND = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "ops.mail.AllowlistEmailBackend"
    settings.PORTAL_PRODUCTION_URL = PRODUCTION
    settings.PORTAL_EMAIL_ALLOWLIST = ALLOWLIST
    return mail


@pytest.fixture
def staging(wrapped_mail, settings):
    settings.PORTAL_BASE_URL = STAGING
    return wrapped_mail


@pytest.fixture
def production(wrapped_mail, settings):
    settings.PORTAL_BASE_URL = PRODUCTION
    return wrapped_mail


# Indexing ----------------------------------------------------------------------------


def test_production_on_its_own_host_is_indexable(client, settings):
    settings.PORTAL_BASE_URL = settings.PORTAL_PRODUCTION_URL = PRODUCTION
    for host in ["commons.example.org", "COMMONS.example.org:443"]:
        page = client.get("/en/", HTTP_HOST=host)
        assert page.status_code == 200
        assert "X-Robots-Tag" not in page
        robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()
        assert "Disallow: /admin/" in robots.splitlines()
        assert "Disallow: /" not in robots.splitlines()


@pytest.mark.parametrize(
    "host", ["staging.commons.example.org", "203.0.113.4", "commons.example.org:8443"]
)
def test_any_other_host_of_production_answers_noindex(client, settings, host):
    settings.PORTAL_BASE_URL = settings.PORTAL_PRODUCTION_URL = PRODUCTION
    page = client.get("/en/", HTTP_HOST=host)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    robots = client.get("/robots.txt", HTTP_HOST=host)
    assert robots.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]
    assert robots["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in robots["Cache-Control"]


def test_a_staging_site_answers_noindex_on_every_host(client, settings):
    settings.PORTAL_BASE_URL = STAGING
    settings.PORTAL_PRODUCTION_URL = PRODUCTION
    for host in ["staging.commons.example.org", "commons.example.org"]:
        for path in ["/en/", "/fr/stories/", "/healthz", "/no/such/page/"]:
            response = client.get(path, HTTP_HOST=host)
            assert response["X-Robots-Tag"] == "noindex, nofollow", path
        robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()
        assert robots.splitlines() == ["User-agent: *", "Disallow: /"]


# Email -------------------------------------------------------------------------------


def test_staging_sends_only_to_the_allowlist(staging):
    message = EmailMessage(
        "Hello",
        "Body",
        to=["team@example.org", "Outsider <outsider@example.net>"],
        cc=["editor@COMMONS.example.org"],
        bcc=["someone@commons.example.org.evil.test", "nobody"],
    )
    assert message.send() == 1
    assert send_mail("Only outsiders", "Body", None, ["a@example.net"]) == 0
    received = staging.wait_for(1)
    assert len(received) == 1
    assert received[0]["Subject"] == "Hello"
    assert sorted(staging.received[0].rcpt_tos) == [
        "editor@COMMONS.example.org",
        "team@example.org",
    ]


def test_production_sends_to_everyone(production):
    message = EmailMessage(
        "Hello", "Body", to=["team@example.org", "outsider@example.net"]
    )
    assert message.send() == 1
    assert send_mail("Anyone", "Body", None, ["a@example.net"]) == 1
    staging_like = production.wait_for(2)
    assert [m["Subject"] for m in staging_like] == ["Hello", "Anyone"]
    assert sorted(production.received[0].rcpt_tos) == [
        "outsider@example.net",
        "team@example.org",
    ]


def test_the_confirmation_email_of_staging_reaches_only_the_allowlist(client, staging):
    for email in ["team@example.org", "visitor@example.net"]:
        response = client.post("/fr/subscribe/", {"email": email})
        assert response.status_code == 200
    received = staging.wait_for(1)
    assert [item.rcpt_tos for item in staging.received] == [["team@example.org"]]
    assert received[0]["To"] == "team@example.org"


def confirmed(email: str, language: str) -> Subscriber:
    now = timezone.now()
    return Subscriber.objects.create(
        email=email,
        language=language,
        status=Subscriber.Status.CONFIRMED,
        consent_text="I agree.",
        consented_at=now,
        confirmed_at=now,
    )


def send_wait() -> str:
    out = StringIO()
    call_command("send_newsletter", ISSUE["slug"], "--wait", stdout=out)
    return out.getvalue()


def test_a_staging_newsletter_skips_addresses_off_the_allowlist(staging):
    confirmed("team@example.org", "en")
    confirmed("editor@commons.example.org", "fr")
    outsider = confirmed("reader@example.net", "es")

    send_wait()

    staging.wait_for(2)
    recipients = sorted(rcpt for item in staging.received for rcpt in item.rcpt_tos)
    assert recipients == ["editor@commons.example.org", "team@example.org"]
    issue = NewsletterIssuePage.objects.get(
        slug=ISSUE["slug"], locale=Locale.get_default()
    )
    send = Send.objects.get(translation_key=issue.translation_key)
    skipped = send.deliveries.get(subscriber=outsider)
    assert skipped.status == Delivery.Status.SKIPPED
    assert skipped.smtp_response == STAGING_SKIP
    # Finished, not retried, and no failure counted.
    assert send.finished_at is not None
    assert (send.sent_count, send.failed_count, send.skipped_count) == (2, 0, 1)
    send_wait()
    assert len(staging.received) == 2
