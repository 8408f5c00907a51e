"""The demo newsletter's history: readers, and sends with their deliveries and clicks
as the send engine and the click redirect leave them, shown by the admin's reports;
only with PORTAL_DEMO_PEOPLE (a dev server)."""

import re
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Locale

import pytest

from demo.newsletter import ISSUES
from demo.newsletter_history import READERS_DOMAIN, ensure_newsletter_history
from home.roles import MODERATORS
from newsletter.models import (
    Click,
    Delivery,
    NewsletterIndexPage,
    NewsletterIssuePage,
    Send,
    Subscriber,
)
from tests.home.factories import member_of


def source_index() -> NewsletterIndexPage:
    return NewsletterIndexPage.objects.get(locale=Locale.get_default())


@pytest.fixture
def history(db):
    return ensure_newsletter_history(source_index())


def demo_sends() -> list[Send]:
    return list(Send.objects.select_related("issue").order_by("started_at"))


@pytest.mark.django_db
def test_no_made_up_readers_or_sends_outside_the_dev_settings(settings):
    assert settings.PORTAL_DEMO_PEOPLE is False
    assert not Subscriber.objects.filter(email__endswith=READERS_DOMAIN).exists()
    assert not Send.objects.exists()


def test_each_issue_went_out_once_to_the_readers_on_the_list_then(history):
    readers, sent = history
    assert sent == len(ISSUES) >= 3
    assert Subscriber.objects.filter(email__endswith=READERS_DOMAIN).count() == readers
    before = [Model.objects.count() for Model in (Subscriber, Send, Delivery, Click)]
    assert ensure_newsletter_history(source_index()) == history
    assert [M.objects.count() for M in (Subscriber, Send, Delivery, Click)] == before

    sends = demo_sends()
    assert [send.issue.slug for send in sends] == [d.fields["slug"] for d in ISSUES]
    now = timezone.now()
    for send in sends:
        issue_date = NewsletterIssuePage.objects.get(
            pk=send.issue_id
        ).first_published_at
        assert issue_date < send.started_at < send.finished_at < now
        deliveries = list(send.deliveries.select_related("subscriber"))
        statuses = [delivery.status for delivery in deliveries]
        # The totals the engine keeps when a send finishes.
        assert send.status == Send.Status.FINISHED
        assert send.recipients_count == len(deliveries)
        assert send.sent_count == statuses.count(Delivery.Status.SENT) > 0
        assert send.failed_count == statuses.count(Delivery.Status.FAILED)
        assert set(statuses) <= {Delivery.Status.SENT, Delivery.Status.FAILED}
        for delivery in deliveries:
            reader = delivery.subscriber
            assert reader.confirmed_at < send.started_at
            assert delivery.language == reader.language
            assert delivery.message_id == (
                f"newsletter.{send.pk}.{delivery.pk}@commons.example.org"
            )
            assert delivery.claimed_by and delivery.attempts >= 1
            if delivery.status == Delivery.Status.SENT:
                assert delivery.sent_at and delivery.smtp_response == "250"
            else:
                assert not delivery.sent_at
                assert re.match(r"[45]\d\d \d\.\d\.\d ", delivery.smtp_response)
        # Who left before the send was not sent to.
        gone = Subscriber.objects.exclude(status=Subscriber.Status.CONFIRMED).filter(
            email__endswith=READERS_DOMAIN
        )
        for reader in gone:
            left = reader.unsubscribed_at or reader.bounced_at
            receives = send.deliveries.filter(subscriber=reader).exists()
            assert receives == (left > send.started_at), reader.email
    assert Delivery.objects.filter(bounce="hard").count() == 1
    assert Delivery.objects.filter(bounce="soft").count() == 1
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 3


def test_clicks_come_from_delivered_copies_and_lead_to_the_readers_language(
    history, client
):
    clicks = list(Click.objects.select_related("send", "subscriber"))
    assert len(clicks) > 10
    checked = set()
    for click in clicks:
        delivery = Delivery.objects.get(send=click.send, subscriber=click.subscriber)
        assert delivery.status == Delivery.Status.SENT and delivery.bounce != "hard"
        assert delivery.sent_at < click.first_clicked_at <= timezone.now()
        url = urlsplit(click.link)
        assert f"{url.scheme}://{url.netloc}" == "https://commons.example.org"
        assert url.path.startswith(f"/{click.subscriber.language}/")
        assert "utm_" not in click.link
        if url.path not in checked:
            checked.add(url.path)
            assert client.get(url.path).status_code == 200, click.link


def test_the_admin_reports_show_each_issue_with_deliveries_and_clicks(history, client):
    client.force_login(member_of(MODERATORS, "mona"))
    reports = client.get("/admin/newsletter/sends/").content.decode()
    assert reports.count("<rect ") == len(ISSUES)
    sends = demo_sends()
    rates = []
    for send in sends:
        assert escape(send.issue.title) in reports
        html = client.get(f"/admin/newsletter/sends/{send.pk}/").content.decode()
        assert "Finished." in html
        delivered = int(re.search(r"Delivered</th>\s*<td>(\d+)", html).group(1))
        clicks = int(re.search(r"Unique clicks</th>\s*<td>(\d+)", html).group(1))
        rates.append(re.search(r"Click rate</th>\s*<td>([\d.]+)%", html).group(1))
        assert delivered == send.sent_count > 0
        assert clicks == send.clicks.count() > 0
        assert "Links readers followed" in html
        assert f'data-field="sent">{send.sent_count}<' in html
        for failed in send.deliveries.filter(status=Delivery.Status.FAILED):
            assert failed.subscriber.email in html
    # The chart across issues has something to show: rates that differ.
    assert len(set(rates)) == len(rates)
    unsubscribed = [
        int(re.search(r"Unsubscribed after this issue</th>\s*<td>(\d+)", html).group(1))
        for html in (
            client.get(f"/admin/newsletter/sends/{send.pk}/").content.decode()
            for send in sends
        )
    ]
    assert unsubscribed[:2] == [1, 1]
