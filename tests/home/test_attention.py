"""The moderators' "Needs attention" panel on the admin dashboard."""

from datetime import timedelta

from django.utils import timezone

import pytest

from demo.newsletter import ISSUES
from home.models import StandardPage
from home.roles import EDITORS, MODERATORS
from stories.models import StoryPage
from tests.home.factories import member_of


def panel(response) -> str:
    html = response.content.decode()
    start = html.index('id="needs-attention')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_moderators_see_reviews_schedules_and_the_next_issue(client):
    editor, moderator = member_of(EDITORS, "eddie"), member_of(MODERATORS, "mona")
    story = StoryPage.objects.get(locale__language_code="en", country="RO")
    story.save_revision(user=editor)
    story.get_workflow().start(story, editor)

    draft = StandardPage.objects.get(locale__language_code="en", slug="partners")
    revision = draft.save_revision(user=moderator)
    revision.approved_go_live_at = timezone.now() + timedelta(days=2)
    revision.save()
    french = StandardPage.objects.get(
        locale__language_code="fr", depth=3, slug="a-propos"
    )
    french.expire_at = timezone.now() + timedelta(days=3)
    french.save(update_fields=["expire_at"])
    far = StoryPage.objects.get(locale__language_code="es", country="IT")
    far.expire_at = timezone.now() + timedelta(days=30)
    far.save(update_fields=["expire_at"])

    client.force_login(moderator)
    html = panel(client.get("/admin/"))
    assert story.title in html
    assert "Goes live" in html and draft.title in html
    assert "Expires" in html and french.title in html
    assert far.title not in html
    assert "published, not sent yet" in html
    # The newest issue not sent yet: in the test seed, no demo issue has been sent.
    assert ISSUES[-1].fields["title"] in html
    assert "/admin/newsletter/sends/issue/" in html


@pytest.mark.django_db
def test_editors_do_not_get_the_moderators_panel(client):
    client.force_login(member_of(EDITORS, "eddie"))
    assert 'id="needs-attention' not in client.get("/admin/").content.decode()
