"""The subscriber list in the admin: filters, counts, CSV export and import, a
person's data handed over or erased."""

import csv
import io
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from home.roles import EDITORS, MODERATORS
from newsletter.models import Subscriber

INDEX = "/admin/newsletter/subscribers/"


@pytest.fixture
def moderator_client(client, db):
    user = get_user_model().objects.create_user("mod", "mod@example.org", "pw")
    user.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(user)
    return client


@pytest.fixture
def subscribers(db) -> list[Subscriber]:
    now = timezone.now()
    rows = [
        ("ana@example.org", "pt", Subscriber.Status.CONFIRMED),
        ("farid@example.org", "ar", Subscriber.Status.CONFIRMED),
        ("jeanne@example.org", "fr", Subscriber.Status.PENDING),
        ("left@example.org", "fr", Subscriber.Status.UNSUBSCRIBED),
    ]
    return [
        Subscriber.objects.create(
            email=email, language=language, status=status, consented_at=now
        )
        for email, language, status in rows
    ]


def upload(text: str, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.mark.django_db
def test_moderators_list_filter_and_count_subscribers(moderator_client, subscribers):
    page = moderator_client.get(INDEX).content.decode()
    assert all(s.email in page for s in subscribers)
    assert "Confirmed: <strong>2</strong>" in page
    french = moderator_client.get(INDEX, {"language": "fr"}).content.decode()
    assert "jeanne@example.org" in french and "ana@example.org" not in french
    pending = moderator_client.get(INDEX, {"status": "pending"}).content.decode()
    assert "jeanne@example.org" in pending and "farid@example.org" not in pending
    found = moderator_client.get(INDEX, {"q": "farid"}).content.decode()
    assert "farid@example.org" in found and "ana@example.org" not in found


@pytest.mark.django_db
def test_editors_cannot_see_the_subscriber_list(client, subscribers):
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.get(INDEX).status_code in {302, 403}
    assert client.get(f"{INDEX}{subscribers[0].pk}/data/").status_code in {302, 403}


@pytest.mark.django_db
def test_csv_export_lists_the_filtered_subscribers(moderator_client, subscribers):
    response = moderator_client.get(INDEX, {"export": "csv", "language": "fr"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(row["Email address"] for row in rows) == [
        "jeanne@example.org",
        "left@example.org",
    ]


@pytest.mark.django_db
def test_csv_import_confirms_only_rows_with_consent_and_reports_the_rest(
    moderator_client, subscribers, mail, django_capture_on_commit_callbacks
):
    text = (
        "email,language,topics,consented_at,consent_text,consent_source\n"
        "New.One@Example.org,fr,local-economy,2026-03-01T10:00:00Z,Yes please,fair\n"
        "second@example.org,ar,,,,\n"
        "not-an-address,fr,,,,\n"
        "ANA@example.org,pt,,,,\n"
        "third@example.org,de,,,,\n"
        "fourth@example.org,es,no-such-topic,,,\n"
        "fifth@example.org,es,,yesterday,Yes,\n"
        "second@example.org,ar,,,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"{INDEX}import/", {"file": upload(text)}, follow=True
        )
    page = response.content.decode()
    assert response.status_code == 200
    new = Subscriber.objects.get(email="new.one@example.org")
    assert new.status == Subscriber.Status.CONFIRMED
    assert new.consent_text == "Yes please" and new.consent_source == "fair"
    assert [t.slug for t in new.topics.all()] == ["local-economy"]
    second = Subscriber.objects.get(email="second@example.org")
    assert second.status == Subscriber.Status.PENDING
    for reason in [
        "not a valid email address",
        "already on the list",
        "unknown language",
        "unknown topic",
        "not a date and time",
    ]:
        assert reason in page, reason
    assert page.count("<td>already on the list</td>") == 2
    assert Subscriber.objects.count() == len(subscribers) + 2
    # The pending row is asked to confirm, in Arabic; the consented one is not.
    messages = mail.wait_for(1)
    assert [m["To"] for m in messages] == ["second@example.org"]
    assert messages[0]["Content-Language"] == "ar"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00broken", b"name,city\nx,y\n", b""],
    ids=["not-utf8", "wrong-columns", "empty"],
)
def test_a_file_that_is_not_a_subscriber_list_changes_nothing(
    moderator_client, subscribers, content
):
    response = moderator_client.post(
        f"{INDEX}import/",
        {"file": SimpleUploadedFile("x.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 200
    assert b"error" in response.content.lower()
    assert Subscriber.objects.count() == len(subscribers)


@pytest.mark.django_db
def test_a_persons_data_is_handed_over_and_can_be_erased(moderator_client, subscribers):
    person = subscribers[1]
    response = moderator_client.get(f"{INDEX}{person.pk}/data/")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["email"] == "farid@example.org"
    assert data["language"] == "ar"
    edit = moderator_client.get(f"{INDEX}edit/{person.pk}/").content.decode()
    assert f"{INDEX}{person.pk}/data/" in edit
    moderator_client.post(f"{INDEX}delete/{person.pk}/")
    assert not Subscriber.objects.filter(pk=person.pk).exists()
