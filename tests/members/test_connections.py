"""Connection requests end to end with the SMTP server on loopback: a French member
asks an Arabic-speaking one, who gets the request in Arabic and accepts; only then
does each learn the other's address. Declining, withdrawing, blocking, reporting, the
daily limit and bad input; the follow-up three weeks on, sent once."""

import datetime as dt

from django.utils import timezone

import pytest

from members.models import Block, Connection, Feedback, Member, Report
from members.tasks import follow_up_task
from tests.members.test_accounts import text_of
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def claire():
    return make("claire", shares=["reading-circles"], learns=["grant-writing"])


@pytest.fixture
def nour():
    return make(
        "nour", shares=["grant-writing"], speaks=["ar", "fr"], language="ar", capacity=2
    )


def ask(client, asker: Member, handle: str, message: str = "Bonjour, parlons-en !"):
    client.force_login(asker.user)
    return client.post(f"/fr/community/members/{handle}/connect/", {"message": message})


def test_a_request_in_arabic_then_addresses_only_after_acceptance(
    client, mail, claire, nour, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, claire, "nour")
    assert response.status_code == 302
    [request_mail] = mail.messages
    assert request_mail["To"] == nour.user.email
    assert request_mail["Content-Language"] == "ar"
    body = text_of(request_mail)
    assert "Bonjour, parlons-en !" in body
    assert "Claire" in body
    assert claire.user.email not in body
    html = request_mail.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html

    # Before accepting, neither sees the other's address.
    page = client.get("/fr/accounts/me/connections/").content.decode()
    assert nour.user.email not in page
    client.force_login(nour.user)
    page = client.get("/ar/accounts/me/connections/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert claire.user.email not in page

    connection = Connection.objects.get(requester=claire, recipient=nour)
    mail.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ar/accounts/me/connections/{connection.pk}/accept/")
    connection.refresh_from_db()
    assert connection.status == Connection.Status.ACCEPTED
    sent = {message["To"]: text_of(message) for message in mail.messages}
    assert nour.user.email in sent[claire.user.email]
    assert claire.user.email in sent[nour.user.email]
    assert claire.user.email in client.get("/ar/accounts/me/connections/").text


def test_a_declined_request_tells_the_asker_kindly_and_shares_nothing(
    client, mail, claire, nour, django_capture_on_commit_callbacks
):
    connection = Connection.objects.create(
        requester=claire, recipient=nour, message="Hi"
    )
    client.force_login(nour.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ar/accounts/me/connections/{connection.pk}/decline/")
    connection.refresh_from_db()
    assert connection.status == Connection.Status.DECLINED
    [declined] = mail.messages
    assert declined["To"] == claire.user.email
    assert declined["Content-Language"] == "fr"
    assert nour.user.email not in text_of(declined)


def test_only_the_asked_member_may_answer(client, claire, nour):
    connection = Connection.objects.create(
        requester=claire, recipient=nour, message="Hi"
    )
    client.force_login(claire.user)
    client.post(f"/fr/accounts/me/connections/{connection.pk}/accept/")
    connection.refresh_from_db()
    assert connection.status == Connection.Status.PENDING
    stranger = make("stranger")
    client.force_login(stranger.user)
    response = client.post(f"/fr/accounts/me/connections/{connection.pk}/accept/")
    assert response.status_code == 404


def test_withdrawing_and_asking_twice(client, claire, nour):
    ask(client, claire, "nour")
    response = ask(client, claire, "nour", "Encore moi")
    assert response.status_code == 200
    assert "déjà" in response.content.decode()
    assert Connection.objects.filter(requester=claire).count() == 1
    connection = Connection.objects.get(requester=claire)
    client.post(f"/fr/accounts/me/connections/{connection.pk}/withdraw/")
    connection.refresh_from_db()
    assert connection.status == Connection.Status.WITHDRAWN
    assert ask(client, claire, "nour").status_code == 302


def test_the_daily_limit(client, claire, settings):
    settings.MEMBERS_REQUESTS_PER_DAY = 2
    for n in range(2):
        make(f"peer-{n}", shares=["grant-writing"])
        assert ask(client, claire, f"peer-{n}").status_code == 302
    make("peer-2", shares=["grant-writing"])
    response = ask(client, claire, "peer-2")
    assert response.status_code == 200
    assert "demain" in response.content.decode()
    assert Connection.objects.filter(requester=claire).count() == 2


def test_a_block_stops_requests_both_ways_and_declines_what_waits(client, claire, nour):
    Connection.objects.create(requester=claire, recipient=nour, message="Hi")
    client.force_login(nour.user)
    client.post("/ar/community/members/claire/block/")
    assert Block.objects.filter(blocker=nour, blocked=claire).exists()
    assert Connection.objects.get(requester=claire).status == Connection.Status.DECLINED
    response = ask(client, claire, "nour", "Et maintenant ?")
    assert response.status_code == 200
    assert not Connection.objects.filter(requester=claire, status="pending").exists()
    client.force_login(nour.user)
    assert (
        client.post(
            "/ar/community/members/claire/connect/", {"message": "x"}
        ).status_code
        == 200
    )
    assert not Connection.objects.filter(requester=nour).exists()


def test_a_report_reaches_the_coordinators_queue(client, claire, nour):
    client.force_login(nour.user)
    response = client.post(
        "/ar/community/members/claire/report/", {"reason": "رسائل غير مرغوب فيها"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.member, report.status) == (nour, claire, "open")


@pytest.mark.parametrize(
    "data",
    [
        {"message": ""},
        {"message": "   "},
        {"message": "x" * 1001},
        {"message": "\x00"},
        {},
        {"message": "Hi", "website": "http://spam.example"},
    ],
)
def test_bad_requests_store_nothing(client, claire, nour, data):
    client.force_login(claire.user)
    response = client.post("/fr/community/members/nour/connect/", data)
    assert response.status_code in (200, 302)
    assert not Connection.objects.exists()


def test_visitors_and_unverified_members_cannot_ask(client, nour):
    response = client.post("/fr/community/members/nour/connect/", {"message": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")
    assert client.get("/fr/community/members/nour/connect/").status_code == 405
    assert not Connection.objects.exists()


def test_nobody_may_ask_a_member_with_no_room(client, claire):
    make("full", shares=["grant-writing"], capacity=0)
    response = ask(client, claire, "full")
    assert response.status_code == 200
    assert not Connection.objects.exists()


def test_three_weeks_on_both_are_asked_once_whether_it_helped(
    client, mail, claire, nour, settings
):
    connection = Connection.objects.create(
        requester=claire,
        recipient=nour,
        message="Hi",
        status="accepted",
        decided_at=timezone.now()
        - dt.timedelta(days=settings.MEMBERS_FOLLOW_UP_DAYS + 1),
    )
    Connection.objects.create(
        requester=nour,
        recipient=make("recent"),
        message="Hi",
        status="accepted",
        decided_at=timezone.now() - dt.timedelta(days=3),
    )
    assert follow_up_task.call() == 1
    assert sorted(m["To"] for m in mail.messages) == sorted(
        [claire.user.email, nour.user.email]
    )
    assert follow_up_task.call() == 0
    assert len(mail.messages) == 2
    client.force_login(nour.user)
    feedback = f"/ar/accounts/me/connections/{connection.pk}/feedback/"
    assert client.get(feedback).status_code == 200
    assert (
        client.post(feedback, {"answer": "yes", "comment": "شكرا"}).status_code == 302
    )
    assert Feedback.objects.get(member=nour).answer == "yes"
    assert client.post(feedback, {"answer": "maybe"}).status_code == 200
    assert Feedback.objects.get(member=nour).answer == "yes"
