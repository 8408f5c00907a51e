"""Hostile input in every field of every member form (Hypothesis), posted by a
signed-in member: never a server error, no markup echoed back raw, no NUL byte
handed to the database, and a refused form stores nothing, not even half of it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from members.models import (
    CommunityGroup,
    Connection,
    GroupRevision,
    Member,
    MemberLink,
    Registration,
    Report,
    SkillProposal,
)
from members.models.profiles import VISIBLE_PARTS
from newsletter.models import Subscriber
from tests.members.test_matching import make
from tests.portal.test_hostile_input import (
    assert_safe,
    fuzz,
    hostile_text,
    no_nul_reaches_the_database,
)

pytestmark = pytest.mark.django_db

FORMS = {
    "/fr/accounts/me/profile/": [
        "display_name",
        "handle",
        "country",
        "region",
        "time_zone",
        "bio",
        "bio_language",
        "language",
        "languages",
        "group_name",
        "group_kind",
        "link_1_label",
        "link_1_url",
        *(f"visibility_{part}" for part in VISIBLE_PARTS),
    ],
    "/fr/accounts/me/lets-connect/": [
        "shares",
        "learns",
        "ways",
        "support",
        "support_note",
        "capacity",
        "ambassador_interest",
    ],
    "/fr/community/members/nour/connect/": ["message", "website"],
    "/fr/community/members/nour/report/": ["reason", "website"],
    "/fr/accounts/me/skills/propose/": ["name", "category", "side", "note", "website"],
    "/ar/accounts/me/group/": [
        "description",
        "needs",
        "assets",
        "needs_note",
        "assets_note",
        "based_on",
    ],
    "/pt/subscribe/member/": ["language", "topics", "one_click"],
    "/fr/accounts/me/erase/": ["password", "understood", "website"],
}


def rows() -> dict:
    counted = [
        Member,
        MemberLink,
        Registration,
        Connection,
        Report,
        SkillProposal,
        GroupRevision,
        CommunityGroup,
        Subscriber,
    ]
    return {
        **{model.__name__: model.objects.count() for model in counted},
        "member": list(Member.objects.values_list("display_name", "handle", "bio")),
    }


@pytest.fixture
def claire(settings):
    settings.MEMBERS_POSTS_RATE_LIMIT = (1_000_000, 600)  # fuzzing posts hundreds
    claire = make("claire", shares=["reading-circles"], learns=["grant-writing"])
    claire.group = CommunityGroup.objects.create(name="Cercle", kind="informal")
    claire.save()
    claire.user.set_password("a long passphrase no fuzzer guesses")
    claire.user.save()
    make("nour", shares=["grant-writing"], language="ar")
    return claire


@settings(parent=fuzz, max_examples=200)  # some 25 per form
@given(
    form=st.sampled_from(sorted(FORMS)),
    data=st.data(),
)
def test_every_member_form_takes_anything(client, claire, form, data):
    fields = data.draw(
        st.dictionaries(st.sampled_from(FORMS[form]), hostile_text, max_size=8)
    )
    client.force_login(claire.user)
    before = rows()
    with no_nul_reaches_the_database():
        response = client.post(form, fields)
    assert_safe(response)
    if response.status_code != 302:
        assert rows() == before


@pytest.mark.parametrize(
    "path", ["/ar/accounts/me/group/", "/en/accounts/me/lets-connect/"]
)
def test_a_skill_number_too_large_for_the_database_is_refused(client, claire, path):
    """Found by the fuzzer: a skill's id beyond 64 bits reached SQLite and failed."""
    client.force_login(claire.user)
    before = rows()
    field = "needs" if "group" in path else "shares"
    response = client.post(path, {field: [str(10**30)], "group_name": "Cercle"})
    assert response.status_code == 200
    assert rows() == before
