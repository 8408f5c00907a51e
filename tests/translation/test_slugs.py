"""A slug left in the source language: the French page's address is made from its
French title, the page counts as translated, and visitors get it as French."""

from datetime import timedelta

from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

import pytest

from home.roles import translator_group_name
from stories.models import StoryIndexPage, StoryPage
from tests.home.factories import member_of
from tests.home.test_languages import parse
from tests.stories.factories import StoryPageFactory
from translation import actions
from translation.models import TranslationState
from translation.status import UP_TO_DATE, translation_statuses

from .test_untranslated_copies import notice

FRENCH_TITLE = "Ce que nous avons appris à Pécs"
FRENCH_SLUG = "ce-que-nous-avons-appris-à-pécs"


def french() -> Locale:
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def english_story(db) -> StoryPage:
    index = StoryIndexPage.objects.get(locale__language_code="en")
    page = StoryPageFactory(
        parent=index, title="What we learned in Pécs", slug="what-we-learned-in-pecs"
    )
    page.save_revision().publish()
    return page


def translate(page: Page, code: str, **texts: str) -> None:
    """What a translator types in the editor: every string but those given as
    `path=None`; `title`, `slug`, ... as given, the rest prefixed."""
    source = TranslationSource.objects.get_for_instance(page)
    locale = Locale.objects.get(language_code=code)
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    for segment in segments:
        path = segment.context.path
        text = texts.get(path, f"({code}) {segment.string.data}")
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context_id=segment.context_id,
            defaults={"data": text},
        )


@pytest.fixture
def french_draft(english_story, french_translator) -> Page:
    """The translator started the French translation from the report; title, summary
    and body are translated, the slug is left as it came."""
    draft = actions.start_translation(english_story, french(), french_translator)
    translate(english_story, "fr", title=FRENCH_TITLE, slug=None)
    return draft


def publish_in_editor(client, user, page: Page, capture) -> None:
    """The translator's Publish button in wagtail-localize's editor."""
    client.force_login(user)
    with capture(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_untouched_slug_is_made_from_the_french_title_and_the_page_is_french(
    client,
    english_story,
    french_draft,
    french_translator,
    django_capture_on_commit_callbacks,
):
    publish_in_editor(
        client, french_translator, french_draft, django_capture_on_commit_callbacks
    )
    page = Page.objects.get(pk=french_draft.pk)
    assert page.live
    assert page.slug == FRENCH_SLUG
    assert page.live_revision.content["slug"] == FRENCH_SLUG
    assert page.url_path.endswith(f"/{FRENCH_SLUG}/")
    state = TranslationState.objects.get(
        translation_key=english_story.translation_key, locale=french()
    )
    assert state.complete
    assert {
        status.locale.language_code: status.state
        for status in translation_statuses([french()])
        if status.source.pk == english_story.pk
    } == {"fr": UP_TO_DATE}

    response = client.get(page.url)
    assert response.status_code == 200
    head = parse(response)
    assert head.html_attrs["lang"] == "fr"
    assert notice(response) == ""
    assert FRENCH_TITLE in response.content.decode()

    english = parse(client.get(english_story.url))
    assert english.alternates["fr"] == f"https://commons.example.org{page.url}"
    switcher = {link["lang"]: link["href"] for link in english.switcher}
    assert switcher["fr"] == page.url


@pytest.mark.django_db
def test_publishing_again_keeps_the_address_without_a_redirect_to_itself(
    client,
    english_story,
    french_draft,
    french_translator,
    django_capture_on_commit_callbacks,
):
    for _time in range(2):
        publish_in_editor(
            client, french_translator, french_draft, django_capture_on_commit_callbacks
        )
    page = Page.objects.get(pk=french_draft.pk)
    assert page.slug == FRENCH_SLUG
    own_path = Redirect.normalise_path(page.url)
    assert not Redirect.objects.filter(old_path=own_path).exists()
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_the_editor_says_the_address_comes_from_the_title(
    client, french_draft, french_translator
):
    client.force_login(french_translator)
    response = client.get(f"/admin/pages/{french_draft.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "js-translation-editor" in html
    assert "The slug is not translated" in html
    assert f"(“{FRENCH_SLUG}”)" in html


@pytest.mark.django_db
def test_a_french_speaking_translator_reads_it_in_french(client, french_draft):
    client.force_login(member_of(translator_group_name("fr"), "amelie", "fr"))
    html = client.get(f"/admin/pages/{french_draft.pk}/edit/").content.decode()
    assert "L’identifiant d’URL n’est pas traduit" in html
    assert f"(« {FRENCH_SLUG} »)" in html


@pytest.mark.django_db
def test_a_clashing_sibling_gets_the_french_slug_a_suffix(
    client,
    english_story,
    french_draft,
    french_translator,
    django_capture_on_commit_callbacks,
):
    french_index = french_draft.get_parent()
    StoryPageFactory(parent=french_index, title="Autre", slug=FRENCH_SLUG)
    publish_in_editor(
        client, french_translator, french_draft, django_capture_on_commit_callbacks
    )
    assert Page.objects.get(pk=french_draft.pk).slug == f"{FRENCH_SLUG}-1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    ["appris-a-pecs", "what-we-learned-in-pecs"],
    ids=["translated", "kept-in-english-on-purpose"],
)
def test_a_slug_the_translator_translated_is_kept(
    client,
    english_story,
    french_draft,
    french_translator,
    typed,
    django_capture_on_commit_callbacks,
):
    translate(english_story, "fr", title=FRENCH_TITLE, slug=typed)
    publish_in_editor(
        client, french_translator, french_draft, django_capture_on_commit_callbacks
    )
    page = Page.objects.get(pk=french_draft.pk)
    assert page.slug == typed
    assert client.get(page.url).status_code == 200
    assert parse(client.get(page.url)).html_attrs["lang"] == "fr"
    client.force_login(french_translator)
    editor = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "The slug is not translated" not in editor


@pytest.mark.django_db
def test_section_index_keeps_its_synchronised_slug(
    client, french_translator, django_capture_on_commit_callbacks
):
    english = StoryIndexPage.objects.get(locale__language_code="en")
    source = TranslationSource.objects.get_for_instance(english)
    assert not StringSegment.objects.filter(
        source=source, context__path="slug"
    ).exists()
    translate(english, "fr", title="Récits de communautés")
    index = english.get_translation(french())
    publish_in_editor(
        client, french_translator, index, django_capture_on_commit_callbacks
    )
    index.refresh_from_db()
    assert index.title == "Récits de communautés"
    assert index.slug == english.slug == "stories"
    response = client.get("/fr/stories/")
    assert response.status_code == 200
    assert parse(response).html_attrs["lang"] == "fr"
    client.force_login(french_translator)
    editor = client.get(f"/admin/pages/{index.pk}/edit/").content.decode()
    assert "The slug is not translated" not in editor


@pytest.mark.django_db
def test_publish_from_the_report_needs_every_string_but_the_slug(
    english_story, french_draft, french_translator, django_capture_on_commit_callbacks
):
    translate(english_story, "fr", title=FRENCH_TITLE, slug=None)
    source = TranslationSource.objects.get_for_instance(english_story)
    summary = StringSegment.objects.get(source=source, context__path="summary")
    StringTranslation.objects.filter(
        translation_of=summary.string, context=summary.context, locale=french()
    ).delete()
    with pytest.raises(actions.StringsMissing, match="^1 string still needs"):
        actions.publish_translation(english_story, french(), french_translator)

    translate(english_story, "fr", title=FRENCH_TITLE, slug=None)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_translation(english_story, french(), french_translator)
    page = Page.objects.get(pk=french_draft.pk)
    assert page.live
    assert page.slug == FRENCH_SLUG


@pytest.mark.django_db
def test_a_scheduled_translation_goes_live_with_the_title_slug(
    english_story, french_draft, french_translator
):
    go_live_at = timezone.now() + timedelta(days=1)
    revision = actions.schedule_translation(
        english_story, french(), french_translator, go_live_at
    )
    revision.refresh_from_db()
    assert revision.content["slug"] == FRENCH_SLUG
    # Until then the page stays as it was.
    assert Page.objects.get(pk=french_draft.pk).slug == english_story.slug
