"""A member's profile: every part has the visibility the member chose, nothing is
public by default, and bad input changes nothing."""

import pytest

from members.models import Member, Visibility
from members.models.profiles import VISIBLE_PARTS
from tests.members.test_registration import signed_in_member

pytestmark = pytest.mark.django_db


def profile_data(**changes) -> dict:
    data = {
        "display_name": "Amina Haddad",
        "handle": "amina-h",
        "country": "MA",
        "region": "Souss-Massa",
        "time_zone": "Africa/Casablanca",
        "bio": "Je coordonne un groupe de lecture.",
        "bio_language": "fr",
        "language": "ar",
        "languages": ["ar", "fr"],
        "listed": "on",
        **{f"visibility_{part}": "members" for part in VISIBLE_PARTS},
    }
    data.update(changes)
    return data


def test_nothing_is_public_until_the_member_chooses(client):
    member = signed_in_member(client)
    for part in VISIBLE_PARTS:
        assert member.visibility_of(part) == Visibility.COORDINATORS
        assert not member.shows(part, Visibility.PUBLIC)
        assert not member.shows(part, Visibility.MEMBERS)
        assert member.shows(part, Visibility.COORDINATORS)


def test_saving_the_profile_keeps_each_parts_visibility(client):
    member = signed_in_member(client)
    page = client.get("/ar/accounts/me/profile/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    response = client.post(
        "/ar/accounts/me/profile/",
        profile_data(visibility_display_name="public", visibility_bio="coordinators"),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.handle == "amina-h"
    assert member.listed
    assert member.shows("display_name", Visibility.PUBLIC)
    assert not member.shows("bio", Visibility.MEMBERS)
    assert member.shows("location", Visibility.MEMBERS)
    assert sorted(member.spoken_languages.values_list("code", flat=True)) == [
        "ar",
        "fr",
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"handle": "12345"},
        {"handle": "with spaces"},
        {"visibility_bio": "everyone-and-their-dog"},
        {"country": "XX"},
        {"languages": ["klingon"]},
        {"display_name": ""},
        {"bio": "x" * 1001},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, changes):
    member = signed_in_member(client)
    before = Member.objects.filter(pk=member.pk).values().get()
    response = client.post("/fr/accounts/me/profile/", profile_data(**changes))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Member.objects.filter(pk=member.pk).values().get() == before
    assert not member.spoken_languages.exists()


def test_a_handle_taken_by_another_member_is_refused(client):
    other = signed_in_member(client, email="other@example.org")
    other.handle = "amina-h"
    other.save()
    member = signed_in_member(client)
    response = client.post("/fr/accounts/me/profile/", profile_data())
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.handle is None
