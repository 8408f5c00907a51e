"""Roles: editors write the source, moderators publish, translators keep to their language."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import GroupPagePermission, Page, WorkflowPage

import pytest

from home.roles import EDITORS, MODERATORS, WORKFLOW_NAME, translator_group_name
from stories.models import StoryPage
from tests.home.factories import member_of


def story(code: str) -> StoryPage:
    return StoryPage.objects.get(locale__language_code=code, country="HU")


@pytest.mark.django_db
def test_no_role_keeps_rights_on_the_root_that_span_every_language():
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, MODERATORS} <= names
    for code in ["fr", "es", "pt", "ar"]:
        assert translator_group_name(code) in names
    assert translator_group_name("fr") == "Translators (French)"


@pytest.mark.django_db
def test_editor_edits_the_source_but_cannot_publish_or_touch_translations():
    editor = member_of(EDITORS, "eddie")
    source = story("en").permissions_for_user(editor)
    assert source.can_edit() and not source.can_publish()
    assert not story("fr").permissions_for_user(editor).can_edit()
    assert not editor.has_perm("wagtail_localize.submit_translation")


@pytest.mark.django_db
def test_translator_edits_and_publishes_only_their_own_language():
    translator = member_of(translator_group_name("fr"), "francoise")
    french = story("fr").permissions_for_user(translator)
    assert french.can_edit() and french.can_publish()
    for code in ["en", "es", "ar"]:
        assert not story(code).permissions_for_user(translator).can_edit(), code


@pytest.mark.django_db
def test_translator_is_refused_the_admin_editor_of_another_language(client):
    translator = member_of(translator_group_name("ar"), "amal")
    client.force_login(translator)
    assert client.get(f"/admin/pages/{story('ar').pk}/edit/").status_code == 200
    for code in ["en", "fr"]:
        response = client.get(f"/admin/pages/{story(code).pk}/edit/")
        assert response.status_code in {302, 403}, code


@pytest.mark.django_db
def test_moderators_publish_in_every_language():
    moderator = member_of(MODERATORS, "mo")
    for code in ["en", "fr", "es", "pt", "ar"]:
        assert story(code).permissions_for_user(moderator).can_publish(), code
    assert moderator.has_perm("wagtail_localize.submit_translation")


@pytest.mark.django_db
def test_review_workflow_covers_the_source_tree_only():
    assert story("en").get_workflow().name == WORKFLOW_NAME
    assert story("fr").get_workflow() is None
    task = story("en").get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]


@pytest.mark.django_db
def test_sync_roles_is_safe_to_rerun_and_follows_new_languages(settings):
    before = (
        GroupPagePermission.objects.count(),
        Group.objects.count(),
        WorkflowPage.objects.count(),
    )
    call_command("sync_roles", verbosity=0)
    after = (
        GroupPagePermission.objects.count(),
        Group.objects.count(),
        WorkflowPage.objects.count(),
    )
    assert after == before
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "German")]
    call_command("sync_roles", verbosity=0)
    german = Group.objects.get(name="Translators (German)")
    # No German tree yet: no page rights until its home page exists.
    assert not GroupPagePermission.objects.filter(group=german).exists()
    assert Page.objects.filter(depth=2).count() == 5


@pytest.mark.django_db
def test_roles_grant_the_shared_snippets_where_they_now_live():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("sync_roles", verbosity=0)
    for codename in ("change_topic", "change_person"):
        assert (
            Group.objects.filter(
                permissions__codename=codename,
                permissions__content_type__app_label="core",
            ).count()
            >= 2
        ), codename
