"""Barnstars: a coordinator awards one in the admin with a citation, and it shows on
the member's page at once, cached page included, with the citation as text; editors
cannot award them."""

import pytest

from home.roles import COORDINATORS, EDITORS
from members.models import Member
from participation.models import Recognition
from tests.home.factories import member_of

pytestmark = pytest.mark.django_db
HANDLE = "anna-kovacs"
PAGE = f"/fr/community/members/{HANDLE}/"
CITATION = "Pour trois ans de cercles de lecture <script>x</script>"


def test_a_coordinator_awards_a_barnstar_shown_at_once_on_the_page(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE_ENABLED = True
    settings.PORTAL_MEMO_ENABLED = True
    assert CITATION not in client.get(PAGE).content.decode()
    assert client.get(PAGE).headers["X-Page-Cache"] == "hit"
    coordinator = member_of(COORDINATORS, "coord")
    client.force_login(coordinator)
    anna = Member.objects.get(handle=HANDLE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/recognitions/new/",
            {"member": anna.pk, "kind": "peer_learning", "citation": CITATION},
        )
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert recognition.awarded_by == coordinator
    client.logout()
    page = client.get(PAGE)
    assert page.headers["X-Page-Cache"] == "miss"
    content = page.content.decode()
    assert "Pour trois ans de cercles de lecture &lt;script&gt;" in content
    assert "<script>x</script>" not in content


def test_an_editor_cannot_award_one(client):
    client.force_login(member_of(EDITORS, "ed"))
    response = client.post(
        "/admin/recognitions/new/",
        {
            "member": Member.objects.get(handle=HANDLE).pk,
            "kind": "story",
            "citation": "x",
        },
    )
    assert response.status_code in (302, 403)
    assert not Recognition.objects.exists()
