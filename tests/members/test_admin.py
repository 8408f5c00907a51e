"""The community coordinators' admin: a role kept by sync_roles, the members' list
with its filters and CSV export, and hiding a member, which takes them off every
public page; other staff roles have no access to members."""

import datetime as dt

from django.utils import timezone

import pytest

from home.roles import COORDINATORS, EDITORS
from members.models import Connection, Member, Report
from tests.home.factories import member_of
from tests.members.test_accounts import text_of
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db
MEMBERS = "/admin/community_members/"
DASHBOARD = "/admin/lets-connect/"


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


def test_the_dashboard_shows_what_needs_a_coordinator(client):
    lonely = make("lonely", learns=["wiki-editing"], speaks=["fr"])
    Member.objects.exclude(pk=lonely.pk).filter(
        registration__shares__slug="wiki-editing"
    ).update(hidden=True)
    asker, asked = make("asker"), make("asked")
    connection = Connection.objects.create(
        requester=asker, recipient=asked, message="Hi"
    )
    Connection.objects.filter(pk=connection.pk).update(
        created_at=timezone.now() - dt.timedelta(days=15)
    )
    client.force_login(member_of(COORDINATORS, "cora"))
    response = client.get(DASHBOARD)
    content = response.content.decode()
    assert "Lonely" in content
    # A member whose wanted skills others share is not listed as unmatched.
    unmatched = {member.handle for member in response.context["unmatched"]}
    assert "lonely" in unmatched and "anna-kovacs" not in unmatched
    assert "Editing wikis" in content
    assert "Asker → Asked" in content


def test_introducing_two_members_emails_both_their_addresses(
    client, mail, django_capture_on_commit_callbacks
):
    first = Member.objects.get(handle="amelie-laurent")
    second = Member.objects.get(handle="nour-hassan")
    client.force_login(member_of(COORDINATORS, "cora"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DASHBOARD, {"first": first.pk, "second": second.pk, "note": "Bienvenue"}
        )
    assert response.status_code == 302
    sent = {message["To"]: message for message in mail.messages}
    assert second.user.email in text_of(sent[first.user.email])
    assert first.user.email in text_of(sent[second.user.email])
    assert sent[second.user.email]["Content-Language"] == "ar"
    assert Connection.objects.get(requester=first, recipient=second).introduced
    again = client.post(DASHBOARD, {"first": first.pk, "second": second.pk})
    assert again.status_code == 200
    assert Connection.objects.filter(requester=first).count() == 1


def test_a_report_hidden_by_a_coordinator_takes_the_member_off_public_pages(client):
    reporter = Member.objects.get(handle="claire-martin")
    reported = Member.objects.get(handle="anna-kovacs")
    report = Report.objects.create(reporter=reporter, member=reported, reason="Spam")
    client.force_login(member_of(COORDINATORS, "cora"))
    queue = client.get("/admin/member_reports/").content.decode()
    assert "Anna Kovács" in queue
    response = client.post(
        f"/admin/member_reports/edit/{report.pk}/", {"status": "hidden"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.handled_at is not None
    client.logout()
    assert client.get("/en/community/members/anna-kovacs/").status_code == 404


def test_editors_have_no_dashboard_nor_queue(client):
    client.force_login(member_of(EDITORS, "eddie"))
    assert client.get(DASHBOARD).status_code in (302, 403)
    assert client.get("/admin/member_reports/").status_code in (302, 403)
