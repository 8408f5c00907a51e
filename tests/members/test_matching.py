"""Let's Connect suggestions on a fixed set of members: who is suggested, in which
order, and why; who never is (no common language, no room, hidden, blocked)."""

from django.contrib.auth import get_user_model
from django.utils.translation import override

from wagtail.models import Locale

import pytest
from allauth.account.models import EmailAddress

from members import matching
from members.models import (
    Block,
    Connection,
    Member,
    Registration,
    RegistrationWay,
    Skill,
)

pytestmark = pytest.mark.django_db
PUBLIC = dict.fromkeys(
    ["display_name", "group", "location", "languages", "skills"], "public"
)


@pytest.fixture(autouse=True)
def only_these_members():
    """The demo members out of the way: the suggestions come from this test's."""
    Member.objects.update(hidden=True)


def make(handle, shares=(), learns=(), speaks=("fr",), capacity=2, **fields) -> Member:
    user = get_user_model().objects.create_user(
        username=handle, email=f"{handle}@example.org"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    member = Member.objects.create(
        user=user,
        handle=handle,
        display_name=handle.title(),
        language=fields.pop("language", "fr"),
        visibility=fields.pop("visibility", PUBLIC),
        listed=True,
        **fields,
    )
    for code in speaks:
        member.spoken_languages.create(code=code)
    registration = Registration.objects.create(member=member, capacity=capacity)
    skills = Skill.objects.filter(locale__language_code="en")
    registration.shares.set(skills.filter(slug__in=shares))
    registration.learns.set(skills.filter(slug__in=learns))
    RegistrationWay.objects.create(registration=registration, way="conversation")
    return member


@pytest.fixture
def me() -> Member:
    return make(
        "moi",
        shares=["reading-circles"],
        learns=["grant-writing"],
        country="SN",
        region="Thiès",
        time_zone="Africa/Dakar",
    )


def handles(member: Member, code: str = "en") -> list[str]:
    found = matching.suggestions(member, locale(code), "/en/community/")
    return [suggestion.entry.member.handle for suggestion in found]


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def test_peers_are_ranked_by_what_they_share_then_by_what_they_want(me):
    make("both-ways", shares=["grant-writing"], learns=["reading-circles"])
    make("one-way", shares=["grant-writing"])
    make("broader-nearby", shares=["fundraising"], country="SN", time_zone="UTC")
    make("sibling", shares=["crowdfunding"])
    make("only-wants", learns=["reading-circles"])
    assert handles(me) == ["both-ways", "one-way", "broader-nearby", "sibling"]


def test_the_reasons_say_why_in_the_members_language(me):
    make(
        "both-ways",
        shares=["grant-writing"],
        learns=["reading-circles"],
        speaks=["fr", "ar"],
    )
    with override("fr"):
        found = matching.suggestions(me, locale("fr"), "/fr/community/")[0]
    shared = Skill.objects.get(slug="grant-writing", locale__language_code="fr").name
    wanted = Skill.objects.get(slug="reading-circles", locale__language_code="fr").name
    assert found.reasons[0].endswith(shared)
    assert wanted in found.reasons[1]
    assert "français" in found.reasons[2].casefold()
    assert "arabe" not in found.reasons[2]


def test_no_language_in_common_no_room_hidden_or_blocked_are_never_suggested(me):
    make("german-only", shares=["grant-writing"], speaks=["de"])
    make("no-room", shares=["grant-writing"], capacity=0)
    make("hidden", shares=["grant-writing"], hidden=True)
    blocker = make("blocker", shares=["grant-writing"])
    Block.objects.create(blocker=blocker, blocked=me)
    keeps = make("keeps-skills-to-coordinators", shares=["grant-writing"])
    keeps.visibility = {**PUBLIC, "skills": "coordinators"}
    keeps.save()
    assert handles(me) == []


@pytest.mark.parametrize("candidates", [2, 3, 50])
def test_the_same_peers_whether_the_best_by_skills_may_be_suggested_or_not(
    me, monkeypatch, candidates
):
    """The ranking by skills reads the best few CANDIDATES first and checks only
    them; when too few of those may be suggested, it ranks again among those who
    may. Either way the same peers, in the same order."""
    for number in range(3):  # the best by skills, none of whom may be suggested
        make(
            f"german-{number}",
            shares=["grant-writing"],
            learns=["reading-circles"],
            speaks=["de"],
        )
    make("one-way", shares=["grant-writing"])
    make("sibling", shares=["crowdfunding"])
    monkeypatch.setattr(matching, "SHORTLIST", 2)
    monkeypatch.setattr(matching, "CANDIDATES", candidates)
    assert handles(me) == ["one-way", "sibling"]


def test_a_full_sharer_drops_out_and_comes_back_when_a_connection_closes(me):
    busy = make("busy", shares=["grant-writing"], capacity=1)
    other = make("other", learns=["reading-circles"])
    connection = Connection.objects.create(
        requester=other, recipient=busy, message="Hello", status="accepted"
    )
    assert handles(me) == []
    connection.status = Connection.Status.CLOSED
    connection.save()
    assert handles(me) == ["busy"]


def test_someone_already_asked_is_not_suggested_again(me):
    asked = make("asked", shares=["grant-writing"])
    Connection.objects.create(requester=me, recipient=asked, message="Bonjour")
    assert handles(me) == []


def test_the_matches_page_in_arabic_for_a_signed_in_member(client, me):
    make("both-ways", shares=["grant-writing"], learns=["reading-circles"])
    client.force_login(me.user)
    response = client.get("/ar/community/matches/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in content
    assert "/ar/community/members/both-ways/" in content
    assert '<meta name="robots" content="noindex">' in content


def test_visitors_are_asked_to_sign_in_for_matches(client):
    response = client.get("/fr/community/matches/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")
