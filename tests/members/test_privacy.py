"""A member's data: everything downloaded as JSON from their area, and their account
erased (profile, registration, requests either way), with their reports kept for the
coordinators without their name. Staff accounts are not erased from here."""

import json

from django.contrib.auth import get_user_model

import pytest

from members.models import Connection, Member, Registration, Report, SkillProposal
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    claire = make("claire", shares=["reading-circles"], learns=["grant-writing"])
    claire.user.set_password("a long passphrase")
    claire.user.save()
    nour = make("nour", shares=["grant-writing"], language="ar")
    Connection.objects.create(requester=claire, recipient=nour, message="Bonjour !")
    Report.objects.create(reporter=claire, member=nour, reason="Ceci est un test")
    return claire, nour


def test_the_download_holds_what_the_member_gave(client, pair):
    claire, nour = pair
    claire.bio = "Je coordonne des cercles de lecture à Lyon."
    claire.save()
    client.force_login(claire.user)
    response = client.get("/fr/accounts/me/data/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert (
        "no-cache" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )
    data = json.loads(response.content)
    assert data["account"]["email"] == "claire@example.org"
    assert data["profile"]["bio"] == "Je coordonne des cercles de lecture à Lyon."
    assert data["profile"]["languages"] == ["fr"]
    assert [s["name"] for s in data["registration"]["shares"]] == [
        "Running reading circles"
    ]
    assert data["registration"]["ways"] == ["conversation"]
    [connection] = data["connections"]
    assert connection["message"] == "Bonjour !"
    assert connection["asked_by_me"] is True
    assert connection["with"] == "Nour"
    assert data["reports_sent"][0]["reason"] == "Ceci est un test"
    # Nothing of the other member's account travels with it.
    assert "nour@example.org" not in response.content.decode()


def test_the_download_needs_a_signed_in_member(client):
    response = client.get("/fr/accounts/me/data/")
    assert response.status_code == 302
    assert "/fr/accounts/login/" in response["Location"]


def test_erasing_takes_the_account_and_what_hangs_on_it(client, pair):
    claire, nour = pair
    client.force_login(claire.user)
    page = client.get("/fr/accounts/me/erase/")
    assert page.status_code == 200
    assert '<html lang="fr" dir="ltr">' in page.content.decode()
    response = client.post(
        "/fr/accounts/me/erase/",
        {"password": "a long passphrase", "understood": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert not get_user_model().objects.filter(email="claire@example.org").exists()
    assert not Member.objects.filter(handle="claire").exists()
    assert not Registration.objects.filter(member__handle="claire").exists()
    assert not Connection.objects.filter(recipient=nour).exists()
    report = Report.objects.get(member=nour)
    assert report.reporter is None
    assert report.reason == "Ceci est un test"
    # Signed out: the member area asks to sign in again.
    assert client.get("/fr/accounts/me/").status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {"password": "wrong", "understood": "on"},
        {"password": "a long passphrase"},
        {"password": "a long passphrase", "understood": "on", "website": "spam"},
        {},
    ],
)
def test_a_wrong_password_or_no_tick_erases_nothing(client, pair, data):
    claire, _nour = pair
    client.force_login(claire.user)
    response = client.post("/fr/accounts/me/erase/", data)
    assert response.status_code == 200
    assert Member.objects.filter(pk=claire.pk).exists()
    assert Connection.objects.filter(requester=claire).count() == 1
    if "website" not in data:
        assert 'role="alert"' in response.content.decode() or "errorlist" in (
            response.content.decode()
        )


def test_staff_accounts_are_not_erased_from_the_member_area(client, pair):
    claire, _nour = pair
    claire.user.is_staff = True
    claire.user.save()
    client.force_login(claire.user)
    response = client.post(
        "/fr/accounts/me/erase/",
        {"password": "a long passphrase", "understood": "on"},
    )
    assert response.status_code == 302
    assert Member.objects.filter(pk=claire.pk).exists()


def test_the_area_links_to_both(client, pair):
    claire, _nour = pair
    client.force_login(claire.user)
    page = client.get("/ar/accounts/me/").content.decode()
    assert 'href="/ar/accounts/me/data/"' in page
    assert 'href="/ar/accounts/me/erase/"' in page
    assert 'href="/ar/accounts/me/connections/"' in page
    assert 'href="/ar/community/matches/"' in page


def test_a_members_forms_are_rate_limited_together(client, pair, settings):
    settings.MEMBERS_POSTS_RATE_LIMIT = (2, 600)
    claire, _nour = pair
    client.force_login(claire.user)
    client.post("/fr/accounts/me/skills/propose/", {"name": "Un", "side": "share"})
    client.post("/fr/community/members/nour/report/", {"reason": "Deux"})
    response = client.post(
        "/fr/accounts/me/skills/propose/", {"name": "Trois", "side": "share"}
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert '<html lang="fr" dir="ltr">' in response.content.decode()
    assert not SkillProposal.objects.filter(name="Trois").exists()
    assert (
        client.post(
            "/fr/community/members/nour/connect/", {"message": "Quatre"}
        ).status_code
        == 429
    )
    assert client.get("/fr/accounts/me/").status_code == 200  # reading is not limited
