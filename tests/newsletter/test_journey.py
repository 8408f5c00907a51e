"""The whole loop over a real SMTP server: subscribe in your language, confirm,
receive the issue in that language, unsubscribe in one click, receive nothing more."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.utils import translation

from wagtail.models import Locale

import pytest

from newsletter.models import NewsletterIssuePage, Subscriber

BASE = "https://commons.example.org"


def link_in(message, pattern: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(pattern, text).group(0)


def send_issue(slug: str, on_commit) -> str:
    out = StringIO()
    with on_commit(execute=True):
        call_command("send_newsletter", slug, "--wait", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "ar"])
def test_subscribe_confirm_receive_unsubscribe(
    client, mail, django_capture_on_commit_callbacks, code
):
    with translation.override(code):
        confirm_button = translation.gettext("Yes, subscribe me")
    assert confirm_button != "Yes, subscribe me"
    address = f"reader-{code}@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/{code}/subscribe/", {"email": address, "source": f"/{code}/newsletter/"}
        )
    assert response.status_code == 200
    (confirmation,) = mail.wait_for(1)
    assert confirmation["Content-Language"] == code
    confirm = link_in(confirmation, rf"{BASE}/newsletter/confirm/[^\s]+/")

    page = client.get(confirm.removeprefix(BASE))
    assert confirm_button in page.content.decode()
    assert Subscriber.objects.get(email=address).status == "pending"
    client.post(confirm.removeprefix(BASE))
    assert Subscriber.objects.get(email=address).status == "confirmed"

    mail.clear()
    summary = send_issue("first-issue", django_capture_on_commit_callbacks)
    assert "sent" in summary.lower()
    (issue_mail,) = [m for m in mail.wait_for(1) if m["To"] == address]
    source = NewsletterIssuePage.objects.get(slug="first-issue")
    issue = source.get_translation(Locale.objects.get(language_code=code))
    assert issue_mail["Content-Language"] == code
    assert issue_mail["Subject"] == issue.subject != source.subject
    assert issue_mail.get_body(("plain",)) is not None
    assert issue_mail.get_body(("html",)) is not None
    assert issue_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(r"<(https://[^>]+)>", issue_mail["List-Unsubscribe"])[1]
    assert unsubscribe.startswith(f"{BASE}/newsletter/unsubscribe/")

    # The mail client's one-click POST (RFC 8058): no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe.removeprefix(BASE),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(email=address).status == "unsubscribed"

    mail.clear()
    send_issue("first-issue", django_capture_on_commit_callbacks)
    assert [m for m in mail.messages if m["To"] == address] == []
