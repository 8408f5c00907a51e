"""The Let's Connect registration from the member's area: skills from the taxonomy in
the member's language, ways of sharing, support needed; bad input changes nothing."""

from django.contrib.auth import get_user_model

from wagtail.models import Locale

import pytest
from allauth.account.models import EmailAddress

from members.models import Member, Registration, Skill, SkillCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills(locales):
    en = locales["en"]
    organising = SkillCategory.objects.create(
        name="Organising in tests", slug="test-organising", locale=en
    )
    fundraising = Skill.objects.create(
        name="Fundraising", slug="test-fundraising", category=organising, locale=en
    )
    volunteers = Skill.objects.create(
        name="Fundraising with volunteers, in tests",
        slug="test-fundraising-volunteers",
        category=organising,
        parent=fundraising,
        locale=en,
    )
    french = fundraising.copy_for_translation(locales["fr"])
    french.name = "Collecte de fonds en test"
    french.category = organising
    french.save()
    return {"fundraising": fundraising, "volunteers": volunteers}


def signed_in_member(client, email="amina@example.org", verified=True) -> Member:
    user = get_user_model().objects.create_user(
        username=email, email=email, password="a long and unusual passphrase 42"
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    client.force_login(user)
    return Member.objects.create(user=user, display_name="Amina", language="fr")


def test_the_form_names_skills_in_the_members_language(client, skills):
    signed_in_member(client)
    content = client.get("/fr/accounts/me/lets-connect/").content.decode()
    assert "Collecte de fonds en test" in content
    # Without a French name, the source name.
    assert "Fundraising with volunteers, in tests" in content
    assert '<html lang="fr" dir="ltr">' in content


def test_registering_saves_skills_ways_and_support(client, skills):
    member = signed_in_member(client)
    response = client.post(
        "/fr/accounts/me/lets-connect/",
        {
            "shares": [skills["volunteers"].pk],
            "learns": [skills["fundraising"].pk],
            "ways": ["conversation", "clinic"],
            "support": ["technological"],
            "support_note": "Une connexion plus stable pour les séminaires.",
            "ambassador_interest": "on",
            "capacity": "3",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(member=member)
    assert list(registration.shares.all()) == [skills["volunteers"]]
    assert list(registration.learns.all()) == [skills["fundraising"]]
    assert sorted(registration.way_codes) == ["clinic", "conversation"]
    assert registration.support_codes == ["technological"]
    assert registration.ambassador_interest
    assert registration.capacity == 3

    # Editable later: the form shows what was saved.
    again = client.get("/fr/accounts/me/lets-connect/").content.decode()
    assert 'value="clinic" id="id_ways_1" checked' in again or "checked" in again


@pytest.mark.parametrize(
    "data",
    [
        {},  # no skill at all
        {"shares": ["999999"]},
        {"shares": ["not-a-number"], "capacity": "2"},
        {"learns": [], "capacity": "-4"},
        {"ways": ["teleportation"], "shares": []},
        {"capacity": "9" * 40},
    ],
)
def test_bad_input_is_refused_and_stores_nothing(client, skills, data):
    member = signed_in_member(client)
    response = client.post("/ar/accounts/me/lets-connect/", data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() or "errorlist" in (
        response.content.decode()
    )
    assert not Registration.objects.filter(member=member).exists()


def test_an_unverified_member_is_sent_to_verify_first(client, skills):
    member = signed_in_member(client, verified=False)
    response = client.get("/en/accounts/me/lets-connect/")
    assert response.status_code in (200, 302)
    assert not Registration.objects.filter(member=member).exists()
    assert "lets-connect" not in response.get("Location", "")


def test_visitors_are_asked_to_sign_in(client):
    response = client.get("/pt/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/pt/accounts/login/")


def test_skill_names_are_per_language_with_one_slug(skills, locales):
    french = Skill.objects.get(
        locale=locales["fr"], translation_key=skills["fundraising"].translation_key
    )
    assert french.slug == skills["fundraising"].slug
    assert french.translation_key == skills["fundraising"].translation_key
    assert Locale.get_default().language_code == "en"
