"""Unmet demand: the coordinators' list of skills many want and few share, with
the ambassadors who share it or a related skill (broader first, then the same
category), and the invitation emailed in the ambassador's language whose link
opens the proposal form with the skill chosen."""

import re
from urllib.parse import urlsplit

import pytest

from home.roles import COORDINATORS, EDITORS
from members.models import Member, Skill
from participation import clinics
from participation.models import Ambassador
from tests.home.factories import member_of
from tests.members.test_accounts import text_of
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db
PAGE = "/admin/clinic-demand/"


@pytest.fixture
def demand():
    """Three members want grant writing, no one shares it; ambassadors share its
    broader skill (fundraising), a sibling in its category (crowdfunding), and a
    skill of another category."""
    Member.objects.update(hidden=True)
    Ambassador.objects.all().delete()
    for n in range(3):
        make(f"wants{n}", learns=["grant-writing"])
    broader = clinics.appoint(
        make("broad", shares=["fundraising"], language="pt"), None
    )
    sibling = clinics.appoint(make("sibling", shares=["crowdfunding"]), None)
    clinics.appoint(make("other", shares=["reading-circles"]), None)
    return broader, sibling


def test_the_skill_in_demand_lists_related_ambassadors_closest_first(client, demand):
    client.force_login(member_of(COORDINATORS, "coord"))
    content = client.get(PAGE).content.decode()
    grant = Skill.objects.get(slug="grant-writing", locale__language_code="en")
    row = content[content.index(grant.name) :]
    row = row[: row.index("</tr>")]
    assert row.index("Broad") < row.index("Sibling")
    assert "Other" not in row


def test_an_invitation_reaches_the_ambassador_in_their_language(
    client, mail, demand, django_capture_on_commit_callbacks
):
    broader, _sibling = demand
    client.force_login(member_of(COORDINATORS, "coord"))
    grant = Skill.objects.get(slug="grant-writing", locale__language_code="en")
    response = client.post(PAGE, {"ambassador": broader.pk, "skill": grant.pk})
    assert response.status_code == 302
    [message] = mail.messages
    assert message["To"] == "broad@example.org"
    assert message["Content-Language"] == "pt"
    portuguese = Skill.objects.get(slug="grant-writing", locale__language_code="pt")
    assert portuguese.name in message["Subject"]
    link = re.search(r"https?://\S+/clinics/propose/\?skill=\d+", text_of(message))
    client.force_login(broader.member.user)
    form = client.get(
        urlsplit(link.group(0)).path + "?" + urlsplit(link.group(0)).query
    )
    assert form.context["form"].initial["skills"] == [grant.pk]


def test_bad_invitations_and_other_roles_change_nothing(client, mail, demand):
    client.force_login(member_of(COORDINATORS, "coord"))
    client.post(PAGE, {"ambassador": "x", "skill": "99999999999999999999"})
    assert mail.messages == []
    client.force_login(member_of(EDITORS, "ed"))
    assert client.get(PAGE).status_code in (302, 403)
