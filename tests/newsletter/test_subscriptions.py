"""Subscribing, confirming, preferences and unsubscribing, with a real SMTP server.

Every journey runs in a second language besides English (French, Arabic), and
every email goes through Django's SMTP backend to aiosmtpd on loopback.
"""

import json
import re
import time
from datetime import timedelta

from django.core import signing
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from wagtail.models import Page

import factory
import pytest

from core.blocks import SignupBlock
from core.models import Topic
from home.models import StandardPage
from newsletter import privacy, subscriptions
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

BASE = "https://commons.example.org"
CONFIRM_LINK = re.compile(re.escape(BASE) + r"(/newsletter/confirm/[^/\s\"<>]+/)")


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "fr"
    status = Subscriber.Status.CONFIRMED
    consent_text = "I agree."
    consented_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit lives in the cache: no test inherits another's attempts."""
    cache.clear()
    yield
    cache.clear()


def topics_in(language: str) -> list[Topic]:
    return list(Topic.objects.filter(locale__language_code=language).order_by("pk"))


def subscribe(client: Client, language: str, email: str, **fields):
    data = {"email": email, "source": f"/{language}/newsletter/", **fields}
    return client.post(f"/{language}/subscribe/", data)


def confirm_path(message) -> str:
    text = message.get_body(("plain",)).get_content()
    match = CONFIRM_LINK.search(text)
    assert match, text
    return match.group(1)


def privacy_url(language: str) -> str:
    return subscriptions.privacy_notice_url(language_code=language)


# The journey, in two languages -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "direction", "privacy_path"),
    [("fr", "ltr", "/fr/confidentialite/"), ("ar", "rtl", "/ar/al-khususiya/")],
)
def test_subscribe_confirm_in_the_visitors_language(
    client, mail, language, direction, privacy_path
):
    topic = topics_in(language)[0]
    response = subscribe(client, language, "Reader@Example.org", topics=[topic.pk])
    assert response.status_code == 200

    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == language
    assert list(subscriber.topics.all()) == [topic]
    assert subscriber.consent_source == f"{BASE}/{language}/newsletter/"
    with override(language):
        assert subscriber.consent_text == subscriptions.consent_wording()
    assert subscriber.consented_at is not None

    assert len(mail.messages) == 1
    message = mail.messages[0]
    assert message["To"] == "reader@example.org"
    assert message["Content-Language"] == language
    # A long non-ASCII subject is folded before its first encoded word; mail
    # readers unfold it, the parser here keeps the fold's space.
    with override(language):
        assert message["Subject"].strip() == gettext(
            "Please confirm your subscription to the %(site_name)s newsletter"
        ) % {"site_name": "Learning Commons"}
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert BASE + privacy_path in text
    assert BASE + privacy_path in html
    path = confirm_path(message)
    assert path in html

    # A mail scanner that follows the link confirms nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert page["Content-Language"] == language
    content = page.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in content
    assert '<form class="confirm-form" method="post">' in content
    assert privacy_path in content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    done = client.post(path)
    assert done.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert len(mail.messages) == 1


def test_the_subscribe_page_speaks_the_language_of_its_prefix(client):
    french = client.get("/fr/subscribe/")
    arabic = client.get("/ar/subscribe/")
    assert french.status_code == arabic.status_code == 200
    with override("fr"):
        assert gettext("Subscribe to the newsletter") in french.content.decode()
    with override("ar"):
        assert gettext("Subscribe to the newsletter") in arabic.content.decode()
    assert 'action="/ar/subscribe/"' in arabic.content.decode()
    assert 'dir="rtl"' in arabic.content.decode()


def test_newsletter_index_shows_the_form_with_local_topics_and_privacy_link(client):
    french = client.get("/fr/newsletter/").content.decode()
    english = client.get("/en/newsletter/").content.decode()
    assert 'action="/fr/subscribe/"' in french
    assert 'action="/en/subscribe/"' in english
    assert f"{BASE}/fr/confidentialite/" in french
    assert f"{BASE}/en/privacy/" in english
    french_topic, english_topic = topics_in("fr")[0], topics_in("en")[0]
    assert f'value="{french_topic.pk}"' in french
    assert f'value="{english_topic.pk}"' not in french
    with override("fr"):
        assert str(subscriptions.consent_wording()) in french


def test_signup_block_renders_the_form_in_the_active_language():
    request = RequestFactory().get("/ar/about/")
    block = SignupBlock()
    with override("ar"):
        html = block.render(
            block.to_python({"heading": "", "text": ""}), {"request": request}
        )
    assert 'action="/ar/subscribe/"' in html
    assert f"{BASE}/ar/al-khususiya/" in html
    assert f'value="{topics_in("ar")[0].pk}"' in html
    assert f'value="{topics_in("en")[0].pk}"' not in html
    assert 'name="website"' in html


# No enumeration, throttling, honeypot, rate limit --------------------------------


def test_the_answer_is_the_same_whoever_owns_the_address(client, mail):
    long_ago = timezone.now() - timedelta(hours=1)
    SubscriberFactory(email="confirmed@example.org", confirmed_at=long_ago)
    SubscriberFactory(
        email="pending@example.org",
        status=Subscriber.Status.PENDING,
        confirmation_sent_at=long_ago,
    )
    SubscriberFactory(
        email="just-asked@example.org",
        status=Subscriber.Status.PENDING,
        confirmation_sent_at=timezone.now(),
    )
    SubscriberFactory(
        email="left@example.org",
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=long_ago,
    )
    responses = [
        subscribe(client, "fr", email)
        for email in [
            "new@example.org",
            "confirmed@example.org",
            "pending@example.org",
            "just-asked@example.org",
            "left@example.org",
        ]
    ]
    assert {response.status_code for response in responses} == {200}
    assert len({response.content for response in responses}) == 1
    recipients = sorted(message["To"] for message in mail.messages)
    assert recipients == ["left@example.org", "new@example.org", "pending@example.org"]
    assert Subscriber.objects.get(email="confirmed@example.org").status == "confirmed"
    assert Subscriber.objects.get(email="left@example.org").status == "pending"


def test_a_pending_address_gets_the_confirmation_again_at_most_every_few_minutes(
    client, mail
):
    subscribe(client, "fr", "twice@example.org")
    subscribe(client, "fr", "twice@example.org")
    assert len(mail.messages) == 1

    Subscriber.objects.filter(email="twice@example.org").update(
        confirmation_sent_at=timezone.now() - timedelta(minutes=6)
    )
    subscribe(client, "es", "twice@example.org")
    assert len(mail.messages) == 2
    assert mail.messages[1]["Content-Language"] == "es"
    assert Subscriber.objects.get(email="twice@example.org").language == "es"
    # The link in either email confirms.
    client.post(confirm_path(mail.messages[0]))
    assert Subscriber.objects.get(email="twice@example.org").status == "confirmed"


def test_a_refused_confirmation_email_is_no_error_and_can_be_asked_again(client, mail):
    mail.refuse_next(1, "451 4.3.0 Mailbox busy, try again later")
    response = subscribe(client, "pt", "busy@example.org")
    assert response.status_code == 200
    assert mail.messages == []
    subscriber = Subscriber.objects.get(email="busy@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmation_sent_at is None

    subscribe(client, "pt", "busy@example.org")
    assert [message["To"] for message in mail.messages] == ["busy@example.org"]
    assert mail.messages[0]["Content-Language"] == "pt"


def test_the_honeypot_is_accepted_silently_and_stores_nothing(client, mail):
    normal = subscribe(client, "fr", "person@example.org")
    mail.clear()
    bot = subscribe(client, "fr", "bot@example.org", website="http://spam.example")
    assert bot.status_code == 200
    assert bot.content == normal.content
    assert not Subscriber.objects.filter(email="bot@example.org").exists()
    assert mail.messages == []


def test_subscribe_attempts_are_limited_per_client_address(client, mail):
    address = {"REMOTE_ADDR": "203.0.113.7"}
    for number in range(5):
        response = client.post(
            "/fr/subscribe/",
            {"email": f"burst{number}@example.org"},
            # Spoofed forwarding headers are not trusted (PORTAL_PROXY_COUNT = 0).
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
            **address,
        )
        assert response.status_code == 200
    limited = client.post("/ar/subscribe/", {"email": "burst5@example.org"}, **address)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert 'dir="rtl"' in limited.content.decode()
    assert not Subscriber.objects.filter(email="burst5@example.org").exists()
    assert len(mail.messages) == 5

    other = client.post(
        "/fr/subscribe/", {"email": "else@example.org"}, REMOTE_ADDR="203.0.113.8"
    )
    assert other.status_code == 200


def test_behind_two_proxies_the_limit_counts_the_address_they_saw(
    client, mail, settings
):
    """PORTAL_PROXY_COUNT=2: the CDN appends the visitor's address and the load
    balancer the CDN's; what the visitor puts to the left of them is not trusted."""
    settings.PORTAL_PROXY_COUNT = 2
    balancer = {"REMOTE_ADDR": "10.0.0.2"}

    def post(number: int, forwarded: str):
        return client.post(
            "/fr/subscribe/",
            {"email": f"proxied{number}@example.org"},
            HTTP_X_FORWARDED_FOR=forwarded,
            **balancer,
        )

    for number in range(5):
        # A different spoofed entry each time, before the two the proxies added.
        spoofed = f"198.51.100.{number}, 203.0.113.7, 192.0.2.50"
        assert post(number, spoofed).status_code == 200
    assert post(5, "203.0.113.7, 192.0.2.50").status_code == 429
    assert post(6, "198.51.100.99, 203.0.113.7, 192.0.2.50").status_code == 429
    # Another visitor behind the same CDN node and load balancer is counted apart.
    assert post(7, "203.0.113.8, 192.0.2.50").status_code == 200
    assert len(mail.messages) == 6


# Malformed and hostile input -----------------------------------------------------


HOSTILE_FORMS = [
    pytest.param({}, id="no-fields"),
    pytest.param({"email": ""}, id="empty"),
    pytest.param({"email": "   "}, id="spaces"),
    pytest.param({"email": "not-an-address"}, id="no-at"),
    pytest.param({"email": "someone@localhost-only"}, id="no-dot"),
    pytest.param({"email": "a" * 100_000 + "@example.org"}, id="huge"),
    pytest.param({"email": "nul\x00byte@example.org"}, id="nul-byte"),
    pytest.param({"email": "x@example.org\r\nBcc: victim@example.org"}, id="header"),
    pytest.param({"email": "<script>alert(1)</script>@example.org"}, id="markup"),
    pytest.param({"email": "ünïcødé@例え.jp"}, id="unicode-local-part"),
    pytest.param({"email": "\u202eevil@example.org"}, id="bidi-override"),
    pytest.param({"email": "' OR 1=1 --@example.org"}, id="sql"),
    pytest.param({"email": "ok@example.org", "topics": "abc"}, id="topic-word"),
    pytest.param({"email": "ok@example.org", "topics": "-1"}, id="topic-negative"),
    pytest.param({"email": "ok@example.org", "topics": "9" * 40}, id="topic-overflow"),
    pytest.param({"email": "ok@example.org", "topics": "1 OR 1=1"}, id="topic-sql"),
    pytest.param({"email": "ok@example.org", "topics": "\x00"}, id="topic-nul"),
]


@pytest.mark.parametrize("data", HOSTILE_FORMS)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_malformed_input_is_refused_clearly_and_stores_nothing(
    client, mail, language, data
):
    before = Subscriber.objects.count()
    response = client.post(f"/{language}/subscribe/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    assert f'action="/{language}/subscribe/"' in content
    assert "<script>alert" not in content
    assert Subscriber.objects.count() == before
    assert mail.messages == []


def test_a_topic_from_another_language_is_refused(client, mail):
    english_topic = topics_in("en")[0]
    response = subscribe(client, "fr", "ok@example.org", topics=[english_topic.pk])
    assert response.status_code == 400
    assert not Subscriber.objects.filter(email="ok@example.org").exists()
    assert mail.messages == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"email=%ff%fe%00", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/octet-stream"),
        (b'{"email": "json@example.org"}', "application/json"),
        (b"email=" + b"a" * 3_000_000, "application/x-www-form-urlencoded"),
        (b"--broken\r\n", "multipart/form-data; boundary=broken"),
    ],
    ids=["bad-utf8", "binary", "json", "too-big", "broken-multipart"],
)
def test_raw_bodies_never_cause_a_server_error(client, mail, body, content_type):
    response = client.generic("POST", "/fr/subscribe/", body, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert Subscriber.objects.count() == 0
    assert mail.messages == []


def test_other_methods_are_not_errors(client):
    assert client.get("/fr/subscribe/").status_code == 200
    assert client.head("/fr/subscribe/").status_code == 200
    assert client.put("/fr/subscribe/", "email=x@example.org").status_code == 405


def test_the_recorded_source_is_only_a_local_path(client, mail):
    subscribe(client, "fr", "source@example.org", source="javascript:alert(1)")
    subscriber = Subscriber.objects.get(email="source@example.org")
    assert subscriber.consent_source == f"{BASE}/fr/subscribe/"


# Confirmation links -----------------------------------------------------------------


class OldSigner(signing.TimestampSigner):
    """Signs as if eight days ago: a genuine link that has expired."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)


def test_an_expired_confirmation_link_changes_nothing(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, language="ar")
    signed = OldSigner(salt=subscriptions.CONFIRM_SALT).sign(subscriber.token)
    path = reverse("newsletter:confirm", args=[signed])
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert b"confirm-form" not in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.parametrize(
    "tamper",
    [
        lambda signed: signed[:-1] + ("A" if signed[-1] != "A" else "B"),
        lambda signed: "x" + signed,
        lambda signed: signed.split(":")[0],
        lambda signed: "not-a-signed-value",
        lambda signed: "%00%ff",
    ],
    ids=["signature", "token", "unsigned", "garbage", "bytes"],
)
def test_a_tampered_confirmation_link_changes_nothing(client, tamper):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, language="fr")
    signed = signing.TimestampSigner(salt=subscriptions.CONFIRM_SALT).sign(
        subscriber.token
    )
    path = f"/newsletter/confirm/{tamper(signed)}/"
    assert client.post(path).status_code == 400
    assert client.get(path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_a_confirmation_link_does_not_resubscribe_someone_who_left(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED, language="fr")
    path = subscriptions.confirm_url(subscriber).removeprefix(BASE)
    assert client.post(path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


# Preferences and unsubscribing ---------------------------------------------------------


def test_preferences_change_language_and_topics(client):
    french_topic = topics_in("fr")[0]
    subscriber = SubscriberFactory(language="fr")
    subscriber.topics.set([french_topic])
    path = reverse("newsletter:preferences", args=[subscriber.token])

    page = client.get(path)
    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="fr" dir="ltr">' in content
    assert re.search(rf'value="{french_topic.pk}"[^>]*checked', content)

    # The form lists the topics in the page's language; they stand for the same
    # topics in every language.
    chosen = topics_in("fr")[1:3]
    saved = client.post(
        path, {"language": "ar", "topics": [topic.pk for topic in chosen]}
    )
    assert saved.status_code == 200
    content = saved.content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert saved["Content-Language"] == "ar"
    subscriber.refresh_from_db()
    assert subscriber.language == "ar"
    assert set(subscriber.topics.all()) == set(chosen)
    assert subscriber.status == Subscriber.Status.CONFIRMED
    arabic = {topic.translation_key: topic.pk for topic in topics_in("ar")}
    checked = {int(pk) for pk in re.findall(r'value="(\d+)"[^>]*checked', content)}
    assert checked == {arabic[topic.translation_key] for topic in chosen}


@pytest.mark.parametrize(
    "data",
    [{"language": "xx"}, {"language": ""}, {"language": "es", "topics": "english"}],
    ids=["unknown-language", "no-language", "bad-topic"],
)
def test_preferences_refuse_bad_input_and_change_nothing(client, data):
    subscriber = SubscriberFactory(language="fr")
    if data.get("topics") == "english":
        data = {**data, "topics": topics_in("en")[0].pk}
    response = client.post(
        reverse("newsletter:preferences", args=[subscriber.token]), data
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.language == "fr"
    assert not subscriber.topics.exists()


def test_one_click_unsubscribe_works_without_a_csrf_token():
    subscriber = SubscriberFactory(language="ar")
    path = reverse("newsletter:unsubscribe", args=[subscriber.token])
    mail_client = Client(enforce_csrf_checks=True)

    page = mail_client.get(path)
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    response = mail_client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    first = subscriber.unsubscribed_at

    mail_client.post(path, "List-Unsubscribe=One-Click", content_type="text/plain")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == first


def test_other_forms_still_need_their_csrf_token():
    subscriber = SubscriberFactory(language="fr")
    strict = Client(enforce_csrf_checks=True)
    path = reverse("newsletter:preferences", args=[subscriber.token])
    assert strict.post(path, {"language": "es"}).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.language == "fr"


def test_an_unsubscribed_person_gets_nothing_more(client, mail):
    subscribe(client, "fr", "leaving@example.org")
    client.post(confirm_path(mail.messages[0]))
    subscriber = Subscriber.objects.get(email="leaving@example.org")
    Client(enforce_csrf_checks=True).post(
        reverse("newsletter:unsubscribe", args=[subscriber.token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert not Subscriber.objects.confirmed().filter(pk=subscriber.pk).exists()


@pytest.mark.parametrize("name", ["preferences", "unsubscribe"])
@pytest.mark.parametrize("token", ["unknown-token", "x" * 500, "%00", "é"])
def test_unknown_tokens_are_not_found(client, name, token):
    SubscriberFactory(language="fr")
    path = f"/newsletter/{name}/{token}/"
    assert client.get(path).status_code == 404
    assert client.post(path, {"language": "fr"}).status_code == 404


# Privacy: the notice, retention, a person's data ------------------------------------------


def test_the_privacy_notice_is_found_in_the_language_or_the_default(
    django_assert_num_queries,
):
    with django_assert_num_queries(1):
        french = subscriptions.privacy_page("fr")
    assert french.locale.language_code == "fr"
    assert french.slug == "confidentialite"

    portuguese = subscriptions.privacy_page("pt")
    Page.objects.filter(pk=portuguese.pk).update(live=False)
    fallback = subscriptions.privacy_page("pt")
    assert fallback.locale.language_code == "en"
    assert fallback.slug == "privacy"


def test_the_privacy_link_is_looked_up_once_per_request(django_assert_num_queries):
    request = RequestFactory().get("/fr/")
    first = subscriptions.privacy_notice_url(request, "fr")
    with django_assert_num_queries(0):
        assert subscriptions.privacy_notice_url(request, "fr") == first
    assert first == f"{BASE}/fr/confidentialite/"


def test_every_language_has_a_privacy_notice_with_content():
    pages = StandardPage.objects.live().filter(
        translation_key=StandardPage.objects.get(
            locale__language_code="en", slug="privacy"
        ).translation_key
    )
    assert sorted(page.locale.language_code for page in pages) == sorted(
        ["en", "fr", "es", "pt", "ar"]
    )
    french = pages.get(locale__language_code="fr")
    assert "30" in str(french.body)
    assert french.title == "Politique de confidentialité"


def test_unconfirmed_subscriptions_are_purged_after_the_retention_period(settings):
    old = timezone.now() - timedelta(days=40)
    expired = SubscriberFactory(
        status="pending", language="fr", created_at=old, confirmation_sent_at=old
    )
    never_sent = SubscriberFactory(status="pending", language="ar", created_at=old)
    asked_again = SubscriberFactory(
        status="pending",
        language="ar",
        created_at=old,
        confirmation_sent_at=timezone.now() - timedelta(days=2),
    )
    confirmed = SubscriberFactory(status="confirmed", created_at=old)
    left = SubscriberFactory(status="unsubscribed", created_at=old)

    assert subscriptions.purge_expired() == 2
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert expired.pk not in remaining
    assert never_sent.pk not in remaining
    assert {asked_again.pk, confirmed.pk, left.pk} <= remaining

    settings.NEWSLETTER_PENDING_RETENTION_DAYS = 1
    result = subscriptions.purge_expired_task.enqueue()
    assert result.return_value == 1
    assert not Subscriber.objects.filter(pk=asked_again.pk).exists()
    assert Subscriber.objects.filter(pk__in=[confirmed.pk, left.pk]).count() == 2


def test_a_persons_data_is_exported_and_deleted():
    subscriber = SubscriberFactory(
        email="person@example.org",
        language="pt",
        consent_text="Concordo.",
        consent_source=f"{BASE}/pt/newsletter/",
    )
    topics = [topics_in("pt")[0], topics_in("en")[1]]
    subscriber.topics.set(topics)

    data = json.loads(privacy.export_subscriber_json(subscriber))
    assert data["email"] == "person@example.org"
    assert data["language"] == "pt"
    assert data["status"] == "confirmed"
    assert data["consent_text"] == "Concordo."
    assert data["consent_source"] == f"{BASE}/pt/newsletter/"
    assert data["token"] == subscriber.token
    assert sorted((t["slug"], t["language"]) for t in data["topics"]) == sorted(
        (topic.slug, topic.locale.language_code) for topic in topics
    )
    assert isinstance(data["related"], dict)

    privacy.delete_subscriber(subscriber)
    assert not Subscriber.objects.filter(email="person@example.org").exists()
    assert Topic.objects.filter(pk__in=[topic.pk for topic in topics]).count() == 2
