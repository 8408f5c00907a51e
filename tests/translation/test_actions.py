"""Per-language actions: a translator works on their own language only, with
machine pre-translation through wagtail-localize when a translator is configured."""

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

import pytest

from stories.models import StoryIndexPage, StoryPage
from tests.stories.factories import StoryPageFactory
from translation.status import MISSING, UP_TO_DATE, translation_statuses

from .conftest import story


def action_url(page, code: str, action: str) -> str:
    return f"/admin/translations/{page.pk}/{code}/{action}/"


@pytest.fixture
def new_story(db) -> StoryPage:
    """A story just published in English, not yet in any other language."""
    index = StoryIndexPage.objects.get(locale__language_code="en")
    page = StoryPageFactory(
        parent=index,
        title="Seed swaps between valleys",
        summary="Two valleys swap seeds and notes every spring.",
    )
    page.save_revision().publish()
    return page


def state(page, code: str) -> str:
    locale = Locale.objects.get(language_code=code)
    return next(
        status.state
        for status in translation_statuses([locale])
        if status.source.pk == page.pk
    )


@pytest.mark.django_db
def test_french_translator_acts_on_french_only(client, french_translator, new_story):
    client.force_login(french_translator)
    for code in ["es", "en"]:
        for action in ["translate", "sync", "publish"]:
            response = client.post(action_url(new_story, code, action))
            assert response.status_code == 403, (code, action)
        schedule = client.get(f"/admin/translations/{new_story.pk}/{code}/schedule/")
        assert schedule.status_code == 403, code
    assert not new_story.has_translation(Locale.objects.get(language_code="es"))

    response = client.post(action_url(new_story, "fr", "translate"))
    french = new_story.get_translation(Locale.objects.get(language_code="fr"))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{french.pk}/edit/"
    assert not french.live
    # The link opens wagtail-localize's translation editor.
    editor = client.get(response["Location"])
    assert editor.status_code == 200
    assert b"js-translation-editor" in editor.content


@pytest.mark.django_db
def test_editor_of_the_source_cannot_act_on_translations(client, editor, new_story):
    client.force_login(editor)
    assert client.post(action_url(new_story, "fr", "translate")).status_code == 403


@pytest.mark.django_db
def test_a_moderator_acts_on_every_language(client, moderator, new_story):
    client.force_login(moderator)
    for code in ["fr", "es"]:
        assert client.post(action_url(new_story, code, "translate")).status_code == 302


@pytest.mark.django_db
def test_fake_machine_translator_fills_the_draft_through_wagtail_localize(
    client,
    french_translator,
    new_story,
    fake_translator,
    django_capture_on_commit_callbacks,
):
    client.force_login(french_translator)
    response = client.post(action_url(new_story, "fr", "machine"))
    french = new_story.get_translation(Locale.objects.get(language_code="fr"))
    assert response["Location"] == f"/admin/pages/{french.pk}/edit/"
    filled = StringTranslation.objects.filter(locale__language_code="fr").filter(
        tool_name="Fake translator"
    )
    assert filled.filter(data="[fr] Seed swaps between valleys").exists()
    assert {t.translation_type for t in filled} == {"machine"}
    assert state(new_story, "fr") == MISSING

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(new_story, "fr", "publish"))
    assert response.status_code == 302
    french = StoryPage.objects.get(pk=french.pk)
    assert french.live
    assert french.summary == "[fr] Two valleys swap seeds and notes every spring."
    assert state(new_story, "fr") == UP_TO_DATE
    assert state(new_story, "es") == MISSING
    assert client.get(french.url).status_code == 200


@pytest.mark.django_db
def test_publishing_with_untranslated_strings_is_refused(
    client, french_translator, new_story
):
    client.force_login(french_translator)
    client.post(action_url(new_story, "fr", "translate"))
    french = new_story.get_translation(Locale.objects.get(language_code="fr"))
    response = client.post(action_url(new_story, "fr", "publish"), follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/pages/{french.pk}/edit/"
    assert "still need translating" in response.content.decode()
    french.refresh_from_db()
    assert not french.live


@pytest.mark.django_db
def test_without_a_machine_translator_the_action_is_hidden(
    client, french_translator, new_story, no_machine_translator
):
    client.force_login(french_translator)
    report = client.get("/admin/translations/?state=missing").content.decode()
    assert f"/admin/translations/{new_story.pk}/fr/translate/" in report
    assert "/machine/" not in report
    assert client.post(action_url(new_story, "fr", "machine")).status_code == 404


@pytest.mark.django_db
def test_the_report_offers_machine_translation_when_configured(
    client, french_translator, new_story, fake_translator
):
    client.force_login(french_translator)
    report = client.get("/admin/translations/?state=missing").content.decode()
    assert f"/admin/translations/{new_story.pk}/fr/machine/" in report


@pytest.mark.django_db
def test_scheduled_translation_goes_live_later_with_the_source_expiry(
    client, french_translator, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    english = story("en")
    expiry = timezone.now() + timedelta(days=30)
    english.expire_at = expiry
    english.save_revision().publish()
    french = story("fr")
    live_revision = french.live_revision_id
    client.force_login(french_translator)
    go_live = timezone.now() + timedelta(hours=2)
    response = client.post(
        f"/admin/translations/{english.pk}/fr/schedule/",
        {"go_live_at": timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")},
    )
    assert response.status_code == 302
    french.refresh_from_db()
    assert french.live_revision_id == live_revision
    scheduled = french.revisions.exclude(approved_go_live_at=None).get()
    assert abs(scheduled.as_object().expire_at - expiry) < timedelta(seconds=1)

    # Two hours later, as publish_scheduled sees it.
    past = timezone.now() - timedelta(minutes=1)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save()
    call_command("publish_scheduled")
    french.refresh_from_db()
    assert french.live_revision_id == scheduled.pk
    assert abs(french.expire_at - expiry) < timedelta(seconds=1)
    assert state(english, "fr") == UP_TO_DATE
    assert state(english, "es") != UP_TO_DATE
