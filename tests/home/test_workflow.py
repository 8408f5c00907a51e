"""Review and publish: an editor submits, a moderator asks for changes or approves,
and the editor hears about it by email in their own admin language."""

import pytest

from home.roles import EDITORS, MODERATORS
from stories.models import StoryPage
from tests.home.factories import member_of


def submit(page, editor):
    """What the editor's "Submit to Moderator review" does."""
    page.summary = page.summary + " Updated after the second visit."
    page.save_revision(user=editor)
    return page.get_workflow().start(page, editor)


@pytest.mark.django_db
def test_editor_cannot_publish_a_source_page_without_review(client):
    editor = member_of(EDITORS, "eddie")
    story = StoryPage.objects.get(locale__language_code="en", country="PT")
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "action-submit" in edit
    assert 'name="action-publish"' not in edit
    assert not story.permissions_for_user(editor).can_publish()


@pytest.mark.django_db
def test_moderator_requests_changes_and_the_editor_is_told_in_french(
    client, mail, django_capture_on_commit_callbacks
):
    editor = member_of(EDITORS, "eddie", language="fr")
    moderator = member_of(MODERATORS, "mona")
    story = StoryPage.objects.get(locale__language_code="en", country="PT")
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state = submit(story, editor)
    task_state = workflow_state.current_task_state
    mail.clear()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/workflow/action/{story.pk}/reject/{task_state.pk}/",
            {"comment": "Please add where the fishers sell now."},
        )
    assert response.status_code in {200, 302}
    workflow_state.refresh_from_db()
    assert workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
    to_editor = [m for m in mail.wait_for(1) if m["To"] == "eddie@example.org"]
    assert to_editor, [m["To"] for m in mail.messages]
    body = to_editor[0].get_body(("plain",)).get_content()
    assert "a été rejetée" in body
    assert "Please add where the fishers sell now." in body


@pytest.mark.django_db
def test_moderator_approval_publishes_the_page(
    client, mail, django_capture_on_commit_callbacks
):
    editor = member_of(EDITORS, "eddie")
    moderator = member_of(MODERATORS, "mona")
    story = StoryPage.objects.get(locale__language_code="en", country="PT")
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state = submit(story, editor)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/pages/workflow/action/{story.pk}/approve/"
            f"{workflow_state.current_task_state.pk}/",
            {"comment": ""},
        )
    story.refresh_from_db()
    assert story.summary.endswith("Updated after the second visit.")
    assert not story.has_unpublished_changes
    response = client.get(story.url)
    assert "Updated after the second visit." in response.content.decode()
