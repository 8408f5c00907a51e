"""A signed-in member subscribes with one click: their verified address, confirmed at
once (no confirmation email), in the language of the page; one address stays one
subscriber; an unverified address or a visitor cannot do it."""

from django.contrib.auth import get_user_model

import pytest
from allauth.account.models import EmailAddress

from core.models import Topic
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db
URL = "/pt/subscribe/member/"


@pytest.fixture
def user():
    user = get_user_model().objects.create_user(
        username="ana", email="Ana@Example.org", password="a long passphrase"
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def test_one_click_from_the_member_area(client, user, mail):
    client.force_login(user)
    area = client.get("/pt/accounts/me/").content.decode()
    assert f'action="{URL}"' in area
    response = client.post(URL, {"language": "pt", "one_click": "1"})
    assert response.status_code == 302
    subscriber = Subscriber.objects.for_email("ana@example.org").get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.language == "pt"
    assert subscriber.confirmed_at is not None
    assert subscriber.consent_text
    assert mail.messages == []  # the account's verification stands for the opt-in
    page = client.get(URL).content.decode()
    assert '<html lang="pt" dir="ltr">' in page
    assert 'role="status"' in page


def test_topics_chosen_here_and_one_address_one_subscriber(client, user):
    client.force_login(user)
    topic = Topic.objects.filter(locale__language_code="ar").first()
    Subscriber.objects.create(
        email="ana@example.org", language="fr", status=Subscriber.Status.UNSUBSCRIBED
    )
    response = client.post(
        "/ar/subscribe/member/", {"language": "ar", "topics": [topic.pk]}
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.language == "ar"
    assert list(subscriber.topics.all()) == [topic]
    # The one-click button again changes nothing for a subscribed member.
    client.post(URL, {"language": "pt", "one_click": "1"})
    subscriber.refresh_from_db()
    assert subscriber.language == "ar"
    assert list(subscriber.topics.all()) == [topic]
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    "data", [{"language": "xx"}, {"language": "pt", "topics": ["not-a-pk"]}, {}]
)
def test_bad_input_subscribes_no_one(client, user, data):
    client.force_login(user)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_an_unverified_address_or_a_visitor_cannot(client, user):
    assert client.post(URL, {"language": "pt"}).status_code == 302  # to sign in
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.force_login(user)
    response = client.post(URL, {"language": "pt"})
    assert not Subscriber.objects.exists()
    assert response.status_code in (200, 302)
