"""Sending an issue through a real SMTP server (aiosmtpd on loopback, Django's SMTP
backend): each subscriber gets the issue in their language, with both parts and the
list headers; nobody gets two copies; failures are retried or recorded; clicks are
counted and never redirect off the site; bounces stop further sending."""

import json
import re
import time
from datetime import timedelta
from io import StringIO

from django.core import signing
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

import pytest

from core.models import Topic
from demo.newsletter import ISSUE, ensure_subscribers
from newsletter import issue_versions, reports, sending
from newsletter.models import (
    Click,
    Delivery,
    NewsletterIndexPage,
    NewsletterIssuePage,
    Send,
    SendWorker,
    Subscriber,
)
from newsletter.rendering import CLICK_SALT
from newsletter.retention import purge_old_records
from newsletter.sending import batches
from stories.models import StoryPage
from tests.stories.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

BASE = "https://commons.example.org"
CLICK_LINK = re.compile(re.escape(BASE) + r"/newsletter/c/[^/\s\"<>]+/")
FRENCH_SUBJECT = "Nouveaux récits, événements et enregistrements du réseau"
ARABIC_SUBJECT = "قصص وفعاليات وتسجيلات جديدة من الشبكة"


def subscriber(email: str, language: str, **fields) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        language=language,
        status=Subscriber.Status.CONFIRMED,
        consent_text="I agree.",
        consented_at=timezone.now(),
        confirmed_at=timezone.now(),
        **fields,
    )


def issue_in(language: str) -> NewsletterIssuePage:
    return NewsletterIssuePage.objects.get(
        translation_key=demo_issue().translation_key,
        locale__language_code=language,
    )


def demo_issue() -> NewsletterIssuePage:
    return NewsletterIssuePage.objects.get(
        slug=ISSUE["slug"], locale=Locale.get_default()
    )


def send_wait(reference: str = ISSUE["slug"], *extra: str) -> str:
    out = StringIO()
    call_command("send_newsletter", reference, "--wait", *extra, stdout=out)
    return out.getvalue()


def by_recipient(messages) -> dict[str, object]:
    return {message["To"]: message for message in messages}


def parts(message) -> tuple[str, str]:
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


def english_only_issue(slug: str = "english-only") -> NewsletterIssuePage:
    index = NewsletterIndexPage.objects.get(locale=Locale.get_default())
    issue = NewsletterIssuePage(
        title="An English-only issue",
        slug=slug,
        subject="Only in English this time",
        lead="<p>This issue has not been translated.</p>",
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    return issue


# Languages, parts and headers ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject", "direction"),
    [("fr", FRENCH_SUBJECT, "ltr"), ("ar", ARABIC_SUBJECT, "rtl")],
)
def test_the_issue_arrives_in_the_subscribers_language(
    mail, language, subject, direction
):
    reader = subscriber(f"reader-{language}@example.org", language)
    subscriber("reader-en@example.org", "en")

    output = send_wait()

    messages = by_recipient(mail.wait_for(2))
    assert len(mail.messages) == 2
    message = messages[reader.email]
    assert message["Subject"] == subject
    assert message["Content-Language"] == language
    text, html = parts(message)
    page = issue_in(language)
    lead_sentence = re.search(r"<p>(.*?)</p>", page.lead).group(1)
    assert lead_sentence in text
    assert lead_sentence in html
    assert f'lang="{language}" dir="{direction}"' in html
    # CSS inlined; only the media queries stay in a style element.
    assert ".item {" not in html and 'class="item" style="' in html
    assert "@media only screen" in html
    # Every link to the site goes through the click redirect on PORTAL_BASE_URL.
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(href.startswith(BASE) for href in hrefs)
    assert CLICK_LINK.search(text)
    # RFC 2369 / 8058 headers and the Message-ID the delivery remembers.
    unsubscribe = f"<{BASE}/newsletter/unsubscribe/{reader.token}/>"
    assert message["List-Unsubscribe"] == unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "newsletter.commons.example.org" in message["List-Id"]
    delivery = Delivery.objects.get(subscriber=reader)
    assert message["Message-ID"] == f"<{delivery.message_id}>"
    assert delivery.status == Delivery.Status.SENT
    assert delivery.language == language
    assert messages["reader-en@example.org"]["Subject"] == ISSUE["subject"]
    assert messages["reader-en@example.org"]["Content-Language"] == "en"
    assert re.search(rf"^{language}\s+1\s+0\s+0\s+0", output, re.M), output


def test_the_one_click_unsubscribe_link_in_the_headers_works(mail, settings):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "leave@commons.example.org"
    reader = subscriber("leaver@example.org", "fr")
    send_wait()
    header = mail.wait_for(1)[0]["List-Unsubscribe"]
    assert (
        f"<mailto:leave@commons.example.org?subject=unsubscribe%20{reader.token}>"
        in (header)
    )
    url = re.search(r"<(https://[^>]+)>", header).group(1)
    response = Client().post(url.removeprefix(BASE), {"List-Unsubscribe": "One-Click"})
    assert response.status_code in {200, 204}
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_without_a_translation_the_source_language_is_sent(mail):
    english_only_issue()
    subscriber("lectora@example.org", "es")
    send_wait("english-only")
    message = mail.wait_for(1)[0]
    assert message["Subject"] == "Only in English this time"
    assert message["Content-Language"] == "en"
    text, html = parts(message)
    assert "This issue has not been translated." in text
    assert 'lang="en"' in html
    # The new work is the English site's too: never a mixture.
    assert "/en/stories/" in " ".join(
        signing.loads(link.split("~")[0], salt=CLICK_SALT)["u"]
        for link in re.findall(r"/newsletter/c/([^/]+)/", text)
    )


def test_an_incomplete_translation_falls_back_to_the_source(
    mail, django_capture_on_commit_callbacks
):
    portuguese = Locale.objects.get(language_code="pt")
    StringTranslation.objects.filter(
        locale=portuguese, translation_of__data=ISSUE["subject"]
    ).delete()
    # Published in wagtail-localize's way, the missing string falls back to English.
    source = TranslationSource.objects.get(
        object_id=NewsletterIssuePage.objects.get(slug=ISSUE["slug"]).translation_key
    )
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(portuguese, publish=True, fallback=True)
    subscriber("leitora@example.org", "pt")
    send_wait()
    message = mail.wait_for(1)[0]
    assert message["Subject"] == ISSUE["subject"]
    assert message["Content-Language"] == "en"


def test_topics_keep_only_the_new_stories_on_those_topics(mail):
    literacy = Topic.objects.get(slug="adult-literacy", locale__language_code="fr")
    chosen = subscriber("lectrice@example.org", "fr")
    chosen.topics.add(literacy)
    subscriber("lecteur@example.org", "fr")
    french_stories = StoryPage.objects.live().filter(locale__language_code="fr")
    on_topic = french_stories.filter(
        story_topics__topic__translation_key=literacy.translation_key
    ).first()
    off_topic = french_stories.exclude(
        story_topics__topic__translation_key=literacy.translation_key
    ).first()
    assert on_topic and off_topic

    send_wait()

    messages = by_recipient(mail.wait_for(2))
    chosen_text = parts(messages["lectrice@example.org"])[0]
    other_text = parts(messages["lecteur@example.org"])[0]
    assert on_topic.title in chosen_text and on_topic.title in other_text
    assert off_topic.title not in chosen_text
    assert off_topic.title in other_text


# Never a second copy, nothing lost ---------------------------------------------------


def test_someone_who_unsubscribes_before_their_batch_is_skipped(
    mail, settings, monkeypatch
):
    settings.NEWSLETTER_BATCH_SIZE = 1
    subscriber("first@example.org", "fr")
    leaving = subscriber("leaving@example.org", "ar")
    claim = batches.claim_batch
    calls = []

    def claim_then_unsubscribe(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            Subscriber.objects.filter(pk=leaving.pk).update(
                status=Subscriber.Status.UNSUBSCRIBED
            )
        return claim(*args, **kwargs)

    monkeypatch.setattr(batches, "claim_batch", claim_then_unsubscribe)
    send_wait()

    assert [m["To"] for m in mail.messages] == ["first@example.org"]
    assert Delivery.objects.get(subscriber=leaving).status == Delivery.Status.SKIPPED
    send = Send.objects.get(translation_key=demo_issue().translation_key)
    assert send.finished_at and send.sent_count == 1 and send.skipped_count == 1


def test_sending_again_sends_nothing_new(mail):
    subscriber("once@example.org", "fr")
    send_wait()
    mail.wait_for(1)
    subscriber("late@example.org", "en")  # confirmed after the issue went out
    output = send_wait(str(issue_in("ar").pk))
    time.sleep(0.2)
    assert len(mail.messages) == 1
    assert "this run sent 0" in output
    assert Delivery.objects.count() == 1


def test_transient_errors_are_retried_and_permanent_ones_fail(mail, settings):
    settings.NEWSLETTER_RETRY_BACKOFF_SECONDS = 0
    subscriber("busy@example.org", "fr")
    subscriber("gone@example.org", "ar")
    subscriber("fine@example.org", "en")
    answers = {"busy@example.org": ["451 4.7.1 Greylisted, try again"]}

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address == "gone@example.org":
            return "550 5.1.1 No such mailbox"
        if answers.get(address):
            return answers[address].pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    mail.handler.handle_RCPT = handle_RCPT
    try:
        send_wait()
    finally:
        del mail.handler.handle_RCPT

    assert sorted(m["To"] for m in mail.messages) == [
        "busy@example.org",
        "fine@example.org",
    ]
    busy = Delivery.objects.get(subscriber__email="busy@example.org")
    assert busy.status == Delivery.Status.SENT and busy.attempts == 2
    gone = Delivery.objects.get(subscriber__email="gone@example.org")
    assert gone.status == Delivery.Status.FAILED
    assert gone.smtp_response.startswith("550")


def test_transient_errors_give_up_after_the_last_attempt(mail, settings):
    settings.NEWSLETTER_RETRY_BACKOFF_SECONDS = 0
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    subscriber("always-busy@example.org", "fr")
    mail.refuse_next(5, "421 4.3.2 Service not available")
    send_wait()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert delivery.smtp_response.startswith("421")
    assert mail.messages == []


def test_a_refused_connection_leaves_the_deliveries_queued_for_later(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    reader = subscriber("patient@example.org", "fr")
    send = sending.start_send(demo_issue())
    sending.run_send(send)
    delivery = Delivery.objects.get(subscriber=reader)
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=30)
    assert not Send.objects.get(pk=send.pk).finished_at


def test_claims_never_overlap():
    for number in range(5):
        subscriber(f"claim{number}@example.org", "fr")
    send = sending.start_send(demo_issue())
    sending.add_recipients(send)
    first = sending.claim_batch(send, "worker-a", 3)
    second = sending.claim_batch(send, "worker-b", 3)
    assert len(first) == 3 and len(second) == 2
    assert not set(first) & set(second)
    assert sending.claim_batch(send, "worker-c", 3) == []


def test_a_dead_workers_deliveries_become_unknown_and_the_rest_is_sent(mail):
    readers = [subscriber(f"resume{n}@example.org", "fr") for n in range(4)]
    send = sending.start_send(demo_issue())
    sending.add_recipients(send)
    SendWorker.objects.create(
        worker_id="dead-worker",
        send=send,
        hostname="elsewhere",
        pid=1,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    in_flight = sending.claim_batch(send, "dead-worker", 2)

    output = send_wait(ISSUE["slug"], "--resume")

    assert "2 deliveries were in flight" in output
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert {statuses[pk] for pk in in_flight} == {Delivery.Status.UNKNOWN}
    received = sorted(m["To"] for m in mail.wait_for(2))
    expected = sorted(
        r.email
        for r in readers
        if Delivery.objects.get(subscriber=r).pk not in in_flight
    )
    assert received == expected
    send.refresh_from_db()
    assert send.finished_at and send.unknown_count == 2 and send.sent_count == 2


def test_the_sweeper_notices_a_silent_worker(settings):
    settings.NEWSLETTER_WORKER_STALE_SECONDS = 60
    subscriber("swept@example.org", "fr")
    send = sending.start_send(demo_issue())
    sending.add_recipients(send)
    worker = SendWorker.objects.create(
        worker_id="silent", send=send, hostname="elsewhere", pid=1
    )
    sending.claim_batch(send, "silent", 10)
    assert sending.sweep_dead_workers().marked == 0  # heartbeat still fresh
    SendWorker.objects.filter(pk=worker.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=61)
    )
    assert sending.sweep_dead_workers().marked == 1
    assert Delivery.objects.get().status == Delivery.Status.UNKNOWN
    assert Send.objects.get(pk=send.pk).finished_at


def test_the_rate_limit_spaces_messages(mail, settings):
    settings.NEWSLETTER_RATE_LIMIT = 20
    for number in range(5):
        subscriber(f"paced{number}@example.org", "fr")
    started = time.monotonic()
    send_wait()
    assert time.monotonic() - started >= 0.2
    assert len(mail.wait_for(5)) == 5


# The command and the task ----------------------------------------------------------


def test_the_command_finds_the_issue_by_id_or_slug_in_any_language():
    french = issue_in("fr")
    assert issue_versions.resolve_issue(str(french.pk)).pk == demo_issue().pk
    assert issue_versions.resolve_issue(french.slug).pk == demo_issue().pk
    with pytest.raises(CommandError, match="No newsletter issue"):
        call_command("send_newsletter", "no-such-issue")
    with pytest.raises(CommandError, match="No newsletter issue"):
        call_command("send_newsletter", "999999")


def test_a_slug_shared_by_two_issues_is_an_error():
    french_index = NewsletterIndexPage.objects.get(locale__language_code="fr")
    other = NewsletterIssuePage(
        title="Un autre numéro", slug=ISSUE["slug"], subject="Autre"
    )
    french_index.add_child(instance=other)
    other.save_revision().publish()
    with pytest.raises(CommandError, match="names 2 different issues"):
        call_command("send_newsletter", ISSUE["slug"], "--wait")
    assert not Send.objects.exists()


def test_an_unpublished_issue_is_not_sent():
    issue = english_only_issue("draft-issue")
    issue.unpublish()
    with pytest.raises(CommandError, match="not published"):
        call_command("send_newsletter", "draft-issue")


def test_without_wait_the_send_is_queued_for_the_worker(
    mail, django_capture_on_commit_callbacks
):
    subscriber("queued@example.org", "ar")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_newsletter", ISSUE["slug"], stdout=out)
    assert "queued for the worker" in out.getvalue()
    # Tests run tasks at once (ImmediateBackend): the task has sent it.
    assert mail.wait_for(1)[0]["Subject"] == ARABIC_SUBJECT
    assert Send.objects.get().finished_at


def test_a_test_send_goes_to_one_address_without_a_record(mail):
    subscriber("editor@example.org", "fr")
    sending.send_test(demo_issue(), "Editor@example.org")
    message = mail.wait_for(1)[0]
    assert message["To"] == "editor@example.org"
    assert message["Subject"] == FRENCH_SUBJECT
    assert not Send.objects.exists() and not Delivery.objects.exists()


def test_progress_and_recipients_by_language():
    subscriber("p1@example.org", "fr")
    subscriber("p2@example.org", "fr")
    subscriber("p3@example.org", "ar")
    english_only = english_only_issue()
    rows = {
        row["language"]: row
        for row in issue_versions.recipients_by_language(english_only)
    }
    assert rows["fr"]["count"] == 2 and rows["fr"]["issue_language"] == "en"
    rows = {
        row["language"]: row
        for row in issue_versions.recipients_by_language(demo_issue())
    }
    assert rows["ar"]["count"] == 1 and rows["ar"]["issue_language"] == "ar"
    send = sending.start_send(demo_issue())
    sending.add_recipients(send)
    progress = reports.send_progress(send)
    assert progress["total"] == 3 and progress["remaining"] == 3
    assert progress["percent"] == 0


# Coming back: click tracking ---------------------------------------------------------


def click_links(message) -> list[str]:
    return [link.removeprefix(BASE) for link in CLICK_LINK.findall(parts(message)[0])]


def test_clicks_are_counted_once_per_subscriber_and_link(mail):
    reader = subscriber("clicker@example.org", "fr")
    send_wait()
    links = click_links(mail.wait_for(1)[0])
    client = Client()
    first = client.get(links[0])
    assert first.status_code == 302
    assert first["Location"].startswith(BASE + "/fr/")
    assert (
        "utm_campaign=" in first["Location"] and "utm_medium=email" in first["Location"]
    )
    client.get(links[0])
    client.get(links[-1])
    clicks = Click.objects.filter(subscriber=reader)
    assert clicks.count() == 2
    assert all("utm_" not in click.link for click in clicks)


def test_click_links_never_lead_off_the_site(mail):
    reader = subscriber("careful@example.org", "fr")
    send_wait()
    link = click_links(mail.wait_for(1)[0])[0]
    signed = link.removeprefix("/newsletter/c/").removesuffix("/")
    link_part, subscriber_part = signed.split("~")
    send = Send.objects.get()
    client = Client()
    for target in ["https://evil.example/", "//evil.example/", BASE + ".evil.example/"]:
        forged = signing.dumps({"s": send.pk, "u": target}, salt=CLICK_SALT)
        response = client.get(f"/newsletter/c/{forged}~{subscriber_part}/")
        assert response.status_code == 400
        assert "Location" not in response
    tampered = link_part[:-3] + ("AAA" if link_part[-3:] != "AAA" else "BBB")
    assert client.get(f"/newsletter/c/{tampered}~{subscriber_part}/").status_code == 400
    other = subscriber_part.replace(f".{reader.pk}:", f".{reader.pk + 1}:")
    assert client.get(f"/newsletter/c/{link_part}~{other}/").status_code == 400
    assert not Click.objects.exists()


# Bounces and retention ---------------------------------------------------------------


def test_a_hard_bounce_stops_further_sending(mail, settings):
    settings.NEWSLETTER_BOUNCE_SECRET = "s3cret"
    bounced = subscriber("bouncy@example.org", "fr")
    soft = subscriber("full@example.org", "ar")
    body = json.dumps(
        [
            {"email": "Bouncy@example.org", "type": "hard", "reason": "550 no user"},
            {"email": "full@example.org", "type": "soft", "reason": "452 mailbox full"},
        ]
    )
    client = Client()
    refused = client.post(
        "/newsletter/bounces/",
        body,
        content_type="application/json",
        headers={"X-Newsletter-Secret": "wrong"},
    )
    assert refused.status_code == 403
    response = client.post(
        "/newsletter/bounces/",
        body,
        content_type="application/json",
        headers={"X-Newsletter-Secret": "s3cret"},
    )
    assert response.json() == {"hard": 1, "soft": 1, "unknown": 0}
    bounced.refresh_from_db()
    assert bounced.status == Subscriber.Status.BOUNCED
    assert bounced.bounce_reason == "550 no user" and bounced.bounced_at
    soft.refresh_from_db()
    assert soft.status == Subscriber.Status.CONFIRMED
    bad = client.post(
        "/newsletter/bounces/",
        '{"email": "x@example.org", "type": "maybe"}',
        content_type="application/json",
        headers={"X-Newsletter-Secret": "s3cret"},
    )
    assert bad.status_code == 400

    send_wait()
    assert [m["To"] for m in mail.wait_for(1)] == ["full@example.org"]


def test_bounces_from_a_file(tmp_path):
    reader = subscriber("filed@example.org", "pt")
    path = tmp_path / "bounces.json"
    path.write_text(
        '{"email": "filed@example.org", "type": "hard", "reason": "gone"}\n'
    )
    out = StringIO()
    call_command("process_bounces", str(path), stdout=out)
    assert "hard: 1" in out.getvalue()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.BOUNCED
    path.write_text("not json")
    with pytest.raises(CommandError):
        call_command("process_bounces", str(path))


def test_old_deliveries_and_clicks_are_purged(settings):
    settings.NEWSLETTER_DELIVERY_RETENTION_DAYS = 30
    reader = subscriber("old@example.org", "fr")
    recent = subscriber("recent@example.org", "ar")
    send = Send.objects.create(translation_key=demo_issue().translation_key)
    long_ago = timezone.now() - timedelta(days=31)
    Delivery.objects.create(
        send=send, subscriber=reader, language="fr", created_at=long_ago
    )
    Delivery.objects.create(send=send, subscriber=recent, language="ar")
    Click.objects.create(
        send=send, subscriber=reader, link="/fr/", first_clicked_at=long_ago
    )
    assert purge_old_records() == {"deliveries": 1, "clicks": 1}
    assert list(Delivery.objects.values_list("subscriber__email", flat=True)) == [
        "recent@example.org"
    ]


def test_demo_subscribers_are_made_in_bulk_and_once():
    assert ensure_subscribers(50) == 50
    assert ensure_subscribers(50) == 0
    demo = Subscriber.objects.confirmed().filter(
        email__endswith="@subscribers.example.org"
    )
    counts = dict(demo.values_list("language").annotate(n=Count("pk")).order_by())
    assert counts == {"en": 10, "fr": 10, "es": 10, "pt": 10, "ar": 10}
    assert demo.values("token").distinct().count() == 50


def test_new_work_published_since_the_previous_issue(mail):
    previous = english_only_issue("previous-issue")
    Send.objects.create(
        translation_key=previous.translation_key,
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    index = (
        StoryPage.objects.live()
        .filter(locale=Locale.get_default())
        .first()
        .get_parent()
    )
    fresh = StoryPageFactory(parent=index, title="A story after the last issue")
    fresh.save_revision().publish()
    content = demo_issue().content()
    titles = [item.title for item in content.new_stories]
    assert titles == ["A story after the last issue"] and fresh.live
    french = issue_in("fr").content()
    assert french.new_stories == []  # not published in French since
