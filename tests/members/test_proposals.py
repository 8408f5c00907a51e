"""A skill missing from the taxonomy: a French member proposes it from their area; a
coordinator accepts it (a new skill in the source language, added to the member's
registration), merges it into an existing one, or declines it with a reason the
member reads; bad input and decided proposals change nothing."""

import pytest

from home.roles import COORDINATORS, EDITORS
from members.models import Registration, Skill, SkillCategory, SkillProposal
from tests.home.factories import member_of
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db
PROPOSE = "/fr/accounts/me/skills/propose/"
ADMIN = "/admin/skill_proposals/"


@pytest.fixture
def claire():
    return make("claire", shares=["reading-circles"])


def propose(client, member, **data):
    client.force_login(member.user)
    return client.post(PROPOSE, {"side": "learn", **data})


def test_a_member_proposes_and_a_coordinator_accepts(client, claire):
    page = client.get("/fr/accounts/me/lets-connect/")
    client.force_login(claire.user)
    page = client.get("/fr/accounts/me/lets-connect/").content.decode()
    assert f'href="{PROPOSE}"' in page
    category = SkillCategory.objects.filter(locale__language_code="fr").first()
    response = propose(
        client, claire, name="  Théâtre   forum ", category=category.pk, note="Boal"
    )
    assert response.status_code == 302
    proposal = SkillProposal.objects.get()
    assert proposal.name == "Théâtre forum"
    assert proposal.language == "fr" and proposal.wanted
    assert proposal.category.locale.language_code == "en"  # the source category
    assert "Théâtre forum" in client.get(PROPOSE).content.decode()

    client.force_login(member_of(COORDINATORS, "cora"))
    assert client.get(ADMIN).status_code == 200
    edit = f"{ADMIN}edit/{proposal.pk}/"
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "decision": "accept",
            "name": "Forum theatre",
            "category": proposal.category.pk,
            "reason": "",
        },
    )
    assert response.status_code == 302
    skill = Skill.objects.get(name="Forum theatre")
    assert skill.locale.language_code == "en"
    assert skill.slug == "forum-theatre"
    proposal.refresh_from_db()
    assert proposal.status == SkillProposal.Status.ACCEPTED
    assert proposal.skill == skill
    registration = Registration.objects.get(member=claire)
    assert skill in registration.learns.all()
    # Decided once: a second decision is refused and changes nothing.
    response = client.post(edit, {"decision": "decline", "name": "x", "reason": "no"})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == SkillProposal.Status.ACCEPTED


def test_merge_and_decline(client, claire):
    propose(client, claire, name="Writing grants", side="share")
    propose(client, claire, name="Astrology")
    merged, declined = SkillProposal.objects.order_by("pk")
    existing = Skill.objects.get(slug="grant-writing", locale__language_code="en")
    client.force_login(member_of(COORDINATORS, "cora"))
    client.post(
        f"{ADMIN}edit/{merged.pk}/",
        {"decision": "merge", "name": merged.name, "merge_into": existing.pk},
    )
    merged.refresh_from_db()
    assert merged.status == SkillProposal.Status.MERGED
    assert existing in Registration.objects.get(member=claire).shares.all()
    # Declining needs a reason, which the member then reads.
    response = client.post(
        f"{ADMIN}edit/{declined.pk}/", {"decision": "decline", "name": "Astrology"}
    )
    assert response.status_code == 200
    declined.refresh_from_db()
    assert declined.status == SkillProposal.Status.PENDING
    client.post(
        f"{ADMIN}edit/{declined.pk}/",
        {
            "decision": "decline",
            "name": "Astrology",
            "reason": "Hors du champ du réseau",
        },
    )
    declined.refresh_from_db()
    assert declined.status == SkillProposal.Status.DECLINED
    client.force_login(claire.user)
    page = client.get(PROPOSE).content.decode()
    assert "Hors du champ du réseau" in page


@pytest.mark.parametrize(
    "data",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {"name": "Ok", "category": "999999"},
        {"name": "Ok", "side": "both"},
        {"name": "Ok", "note": "n" * 501},
        {"name": "Ok", "website": "http://spam"},
    ],
)
def test_bad_proposals_store_nothing(client, claire, data):
    response = propose(client, claire, **data)
    assert response.status_code == 200
    assert not SkillProposal.objects.exists()


def test_limits_and_who_may_decide(client, claire):
    propose(client, claire, name="Same")
    response = propose(client, claire, name="same")
    assert "déjà" in response.content.decode()
    for n in range(4):
        propose(client, claire, name=f"Skill {n}")
    response = propose(client, claire, name="One too many")
    assert SkillProposal.objects.count() == 5
    client.force_login(member_of(EDITORS, "eddie"))
    assert client.get(ADMIN).status_code in (302, 403)
