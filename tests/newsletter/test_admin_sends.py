"""Sending from the admin: the confirmation with counts per language, a test copy,
progress, and the report of what the issue achieved."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from home.roles import EDITORS, MODERATORS
from newsletter.models import Click, NewsletterIssuePage, Send, Subscriber


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("mod", "moderator@example.org", "pw")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def issue(db) -> NewsletterIssuePage:
    return NewsletterIssuePage.objects.get(
        slug="first-issue", locale__language_code="en"
    )


@pytest.fixture
def readers(db) -> list[Subscriber]:
    now = timezone.now()
    return [
        Subscriber.objects.create(
            email=f"{code}{n}@example.org",
            language=code,
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=now,
        )
        for code, count in [("fr", 2), ("ar", 1), ("en", 1)]
        for n in range(count)
    ]


@pytest.mark.django_db
def test_confirmation_shows_who_receives_which_language(
    client, moderator, issue, readers
):
    client.force_login(moderator)
    edit = client.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    assert f"/admin/newsletter/sends/issue/{issue.pk}/" in edit
    response = client.get(f"/admin/newsletter/sends/issue/{issue.pk}/")
    assert response.status_code == 200
    rows = {row["language"]: row for row in response.context["recipients"]}
    assert rows["fr"]["count"] == 2 and rows["fr"]["issue_language"] == "fr"
    assert rows["ar"]["count"] == 1
    assert response.context["total"] == 4
    assert "Send to 4 subscribers" in response.content.decode()


@pytest.mark.django_db
def test_send_from_the_admin_reaches_everyone_and_reports(
    client, moderator, issue, readers, mail, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/newsletter/sends/issue/{issue.pk}/", {"action": "send"}
        )
    send = Send.objects.get(translation_key=issue.translation_key)
    assert response.url == f"/admin/newsletter/sends/{send.pk}/"
    messages = mail.wait_for(4)
    languages = sorted(message["Content-Language"] for message in messages)
    assert languages == ["ar", "en", "fr", "fr"]
    progress = client.get(f"/admin/newsletter/sends/{send.pk}/progress/").json()
    assert progress["percent"] == 100 and progress["sent"] == 4
    assert progress["finished"] is True

    Click.objects.create(send=send, subscriber=readers[0], link="/fr/stories/")
    Click.objects.create(send=send, subscriber=readers[0], link="/fr/events/")
    Click.objects.create(send=send, subscriber=readers[2], link="/ar/stories/")
    Subscriber.objects.filter(pk=readers[1].pk).update(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    detail = client.get(f"/admin/newsletter/sends/{send.pk}/")
    report = detail.context["report"]
    assert report.delivered == 4
    assert report.unique_clicks == 3
    assert report.click_rate == 50.0
    assert report.unsubscribed_after == 1
    assert report.by_language["fr"]["sent"] == 2
    reports = client.get("/admin/newsletter/sends/")
    assert reports.status_code == 200
    assert [row["rate"] for row in reports.context["rows"]] == [50.0]
    assert "<svg" in reports.content.decode()


@pytest.mark.django_db
def test_send_test_to_me_sends_one_copy_and_records_nothing(
    client, moderator, issue, readers, mail
):
    client.force_login(moderator)
    client.post(f"/admin/newsletter/sends/issue/{issue.pk}/", {"action": "test"})
    messages = mail.wait_for(1)
    assert [message["To"] for message in messages] == ["moderator@example.org"]
    assert not Send.objects.filter(translation_key=issue.translation_key).exists()


@pytest.mark.django_db
def test_an_unpublished_issue_cannot_be_sent(client, moderator, issue, readers, mail):
    issue.unpublish()
    client.force_login(moderator)
    response = client.post(
        f"/admin/newsletter/sends/issue/{issue.pk}/", {"action": "send"}, follow=True
    )
    assert "Publish the issue before sending it." in response.content.decode()
    assert not Send.objects.exists()
    assert mail.messages == []


@pytest.mark.django_db
def test_editors_cannot_send(client, issue, readers):
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.post(
        f"/admin/newsletter/sends/issue/{issue.pk}/", {"action": "send"}
    )
    assert response.status_code in {302, 403}
    assert not Send.objects.exists()
