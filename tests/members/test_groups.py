"""A group's own profile: its members write it together, each save kept with who
made it; a save from an older version is refused (nothing overwritten unseen); its
needs count as skills wanted and its assets as skills offered, in the members'
suggestions and on its page; members-only unless the group chooses otherwise."""

import pytest

from members import matching
from members.models import CommunityGroup, Member, Skill
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db
EDIT = "/fr/accounts/me/group/"


def skill(slug: str) -> Skill:
    return Skill.objects.get(slug=slug, locale__language_code="en")


@pytest.fixture(autouse=True)
def only_these_members():
    Member.objects.update(hidden=True)


@pytest.fixture
def group():
    group = CommunityGroup.objects.create(name="Cercle d'Agadir", kind="informal")
    for handle in ("amina", "driss"):
        member = make(handle, shares=["facilitation"])
        member.group = group
        member.save()
    return group


def edit(client, handle, **data):
    client.force_login(Member.objects.get(handle=handle).user)
    form = client.get(EDIT).context["form"]
    return client.post(
        EDIT,
        {
            "description": "Nous lisons ensemble.",
            "needs": [skill("grant-writing").pk],
            "assets": [skill("reading-circles").pk],
            "based_on": form.initial["based_on"] or "",
            **data,
        },
    )


def test_members_write_it_together_and_its_history_is_kept(client, group):
    assert edit(client, "amina").status_code == 302
    assert (
        edit(client, "driss", description="Nous lisons et écrivons.").status_code == 302
    )
    group.refresh_from_db()
    assert group.description == "Nous lisons et écrivons."
    assert list(group.needs.all()) == [skill("grant-writing")]
    authors = [r.author.handle for r in group.revisions.all()]
    assert authors == ["driss", "amina"]
    page = client.get(EDIT).content.decode()
    assert "Amina" in page and "Driss" in page
    # Saving the same again adds no revision.
    edit(client, "driss", description="Nous lisons et écrivons.")
    assert group.revisions.count() == 2


def test_a_save_from_an_older_version_is_refused(client, group):
    edit(client, "amina")
    client.force_login(Member.objects.get(handle="driss").user)
    stale = client.get(EDIT).context["form"].initial["based_on"]
    edit(client, "amina", description="La version d'Amina.")
    client.force_login(Member.objects.get(handle="driss").user)
    response = client.post(
        EDIT,
        {"description": "La version de Driss.", "based_on": stale},
    )
    assert response.status_code == 200
    assert "La version d&#x27;Amina." in response.content.decode()
    group.refresh_from_db()
    assert group.description == "La version d'Amina."
    # The form now stands on the latest version: saving again goes through.
    based_on = response.context["form"].data["based_on"]
    response = client.post(
        EDIT, {"description": "La version de Driss.", "based_on": based_on}
    )
    assert response.status_code == 302


def test_needs_and_assets_are_matched(client, group):
    edit(client, "amina")
    grants = make("grants", shares=["grant-writing"], learns=["reading-circles"])
    found = matching.for_group(group, _en(), "/fr/community/")
    assert [s.entry.member for s in found] == [grants]
    # A member of the group is matched on the group's needs too.
    amina = Member.objects.get(handle="amina")
    mine = matching.suggestions(amina, _en(), "/fr/community/")
    assert grants in [s.entry.member for s in mine]


def _en():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


def test_the_group_page_for_members_and_when_public_for_everyone(client, group):
    edit(client, "amina")
    url = f"/fr/community/groups/{group.pk}/"
    assert client.get(url).status_code == 200  # signed in as amina
    client.logout()
    assert client.get(url).status_code == 404
    edit(client, "amina", public="on", based_on=group.revisions.first().pk)
    client.logout()
    page = client.get(url)
    assert page.status_code == 200
    assert "Cercle d&#x27;Agadir" in page.content.decode()
    assert client.get("/fr/community/groups/999999/").status_code == 404


def test_without_a_group_the_member_is_sent_to_the_profile(client):
    lone = make("lone")
    client.force_login(lone.user)
    response = client.get(EDIT)
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/me/profile/")


@pytest.mark.parametrize(
    "data",
    [
        {"description": "x" * 2001},
        {"needs": ["999999"]},
        {"based_on": "not a number"},
        {"website": "spam"},
    ],
)
def test_bad_input_changes_nothing(client, group, data):
    response = edit(client, "amina", **data)
    assert response.status_code == 200
    assert not group.revisions.exists()
    group.refresh_from_db()
    assert group.description == ""
