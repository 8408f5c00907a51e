"""The community coordinators' admin: a role kept by sync_roles, the members' list
with its filters and CSV export, and hiding a member, which takes them off every
public page; other staff roles have no access to members."""

import pytest

from home.roles import COORDINATORS, EDITORS
from members.models import Member
from tests.home.factories import member_of

pytestmark = pytest.mark.django_db
MEMBERS = "/admin/community_members/"


def test_coordinators_see_filter_and_export_the_members(client):
    client.force_login(member_of(COORDINATORS, "cora"))
    listing = client.get(MEMBERS + "?country=SN")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Aminata Diallo" in content
    assert "Anna Kovács" not in content
    export = client.get(MEMBERS + "?export=csv&listed=false")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    text = b"".join(export.streaming_content).decode()
    unlisted = Member.objects.filter(listed=False)
    assert unlisted.exists()
    for member in unlisted:
        assert member.display_name in text
    assert "Anna Kovács" not in text


def test_a_coordinator_hides_a_member_from_every_public_page(client):
    assert client.get("/fr/community/members/anna-kovacs/").status_code == 200
    client.force_login(member_of(COORDINATORS, "cora"))
    member = Member.objects.get(handle="anna-kovacs")
    edit = f"{MEMBERS}edit/{member.pk}/"
    assert client.get(edit).status_code == 200
    data = {
        "display_name": member.display_name,
        "handle": member.handle,
        "group": member.group_id,
        "country": member.country.code,
        "region": member.region,
        "bio": member.bio,
        "bio_language": member.bio_language,
        "listed": "on",
        "hidden": "on",
    }
    assert client.post(edit, data).status_code == 302
    client.logout()
    assert client.get("/fr/community/members/anna-kovacs/").status_code == 404
    directory = client.get("/fr/community/skills/").content.decode()
    assert "/members/anna-kovacs/" not in directory


def test_editors_have_no_access_to_members(client):
    client.force_login(member_of(EDITORS, "eddie"))
    response = client.get(MEMBERS)
    assert response.status_code in (302, 403)
    assert "Anna Kovács" not in response.content.decode()
