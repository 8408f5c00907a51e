"""Up to date, out of date, missing: recorded through every wagtail-localize path
and computed in bulk."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

import pytest

from stories.models import StoryIndexPage
from tests.stories.factories import StoryPageFactory
from translation import actions
from translation.models import TranslationState
from translation.status import (
    ALIAS,
    DRAFT,
    FALLBACK,
    MISSING,
    OUT_OF_DATE,
    UP_TO_DATE,
    translation_statuses,
)

from .conftest import republish, story


def two_locales() -> list[Locale]:
    return [Locale.objects.get(language_code=code) for code in ["fr", "es"]]


def states_of(page: Page, locales: list[Locale]) -> dict[str, tuple[str, str]]:
    return {
        status.locale.language_code: (status.state, status.reason)
        for status in translation_statuses(locales)
        if status.source.pk == page.pk
    }


def translate_new_strings(page: Page, code: str) -> None:
    """What a translator does in the editor: give every untranslated string a text."""
    source = TranslationSource.objects.get_for_instance(page)
    locale = Locale.objects.get(language_code=code)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context_id=segment.context_id,
            defaults={"data": f"({code}) {segment.string.data}"},
        )


@pytest.mark.django_db
def test_seeded_translations_are_up_to_date_in_every_language():
    statuses = translation_statuses(two_locales())
    sources = Page.objects.live().filter(locale__language_code="en", depth__gt=1)
    assert len(statuses) == 2 * sources.count()
    assert {status.state for status in statuses} == {UP_TO_DATE}
    assert (
        TranslationState.objects.filter(
            locale__language_code="fr", complete=True
        ).count()
        == len(statuses) / 2
    )


@pytest.mark.django_db
def test_states_take_the_same_number_of_queries_for_more_pages(
    django_capture_on_commit_callbacks,
):
    locales = two_locales()
    with CaptureQueriesContext(connection) as few:
        small = translation_statuses(locales)
    index = StoryIndexPage.objects.get(locale__language_code="en")
    for _number in range(5):
        page = StoryPageFactory(parent=index)
        page.save_revision().publish()
    with CaptureQueriesContext(connection) as many:
        large = translation_statuses(locales)
    assert len(large) == len(small) + 10
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_republished_source_is_out_of_date_until_each_language_syncs(
    spanish_translator, french_translator, django_capture_on_commit_callbacks
):
    locales = two_locales()
    other = story("en").get_prev_siblings().live().first() or (
        story("en").get_next_siblings().live().first()
    )
    english = republish(story("en"), place="Sárospatak, Hungary")
    assert states_of(english, locales) == {
        "fr": (OUT_OF_DATE, ""),
        "es": (OUT_OF_DATE, ""),
    }
    assert states_of(other, locales) == {"fr": (UP_TO_DATE, ""), "es": (UP_TO_DATE, "")}

    # The new place is a new string: the sync refuses to publish it untranslated.
    spanish, french = locales[1], locales[0]
    with pytest.raises(actions.StringsMissing):
        actions.sync_translation(english, spanish, spanish_translator)
    translate_new_strings(english, "es")
    with django_capture_on_commit_callbacks(execute=True):
        actions.sync_translation(english, spanish, spanish_translator)
    assert states_of(english, locales) == {
        "es": (UP_TO_DATE, ""),
        # Spanish's sync refreshed the shared source: French is still out of
        # date, not mistaken for a page that falls back to English.
        "fr": (OUT_OF_DATE, ""),
    }
    assert "(es) Sárospatak" in story("es").place

    translate_new_strings(english, "fr")
    with django_capture_on_commit_callbacks(execute=True):
        actions.sync_translation(english, french, french_translator)
    assert states_of(english, locales) == {
        "fr": (UP_TO_DATE, ""),
        "es": (UP_TO_DATE, ""),
    }


@pytest.mark.django_db
def test_publishing_in_wagtail_localize_editor_records_the_state(
    client, french_translator, django_capture_on_commit_callbacks
):
    locales = two_locales()
    english = republish(story("en"), place="Miskolc, Hungary")
    source = TranslationSource.objects.get_for_instance(english)
    source.update_from_db()
    translate_new_strings(english, "fr")
    client.force_login(french_translator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/{story('fr').pk}/edit/", {"action": "publish"}
        )
    assert response.status_code == 302
    assert states_of(english, locales)["fr"] == (UP_TO_DATE, "")
    assert states_of(english, locales)["es"] == (OUT_OF_DATE, "")


@pytest.mark.django_db
def test_missing_translations_say_why(
    home, locales, django_capture_on_commit_callbacks
):
    english = story("en")
    story("fr").delete()
    assert states_of(english, two_locales())["fr"] == (MISSING, "absent")
    alias = english.create_alias(
        parent=english.get_parent().get_translation(locales["fr"]),
        update_locale=locales["fr"],
        reset_translation_key=False,
    )
    assert alias.alias_of_id == english.pk
    assert states_of(english, two_locales())["fr"] == (MISSING, ALIAS)

    spanish = story("es")
    spanish.unpublish()
    assert states_of(english, two_locales())["es"] == (MISSING, DRAFT)


@pytest.mark.django_db
def test_a_translation_published_with_fallbacks_is_missing(
    locales, django_capture_on_commit_callbacks
):
    english = republish(story("en"), place="Eger, Hungary")
    source = TranslationSource.objects.get_for_instance(english)
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(locales["fr"], publish=True, fallback=True)
    assert "Eger" in story("fr").place
    assert states_of(english, two_locales()) == {
        "fr": (MISSING, FALLBACK),
        "es": (OUT_OF_DATE, ""),
    }


@pytest.mark.django_db
def test_a_live_translation_stays_announced_while_another_language_syncs(
    client, spanish_translator, django_capture_on_commit_callbacks
):
    """Spanish syncing to new source text refreshes the snapshot all languages share;
    the live French page is still a complete translation of the earlier text."""
    english = republish(story("en"), place="Sárospatak, Hungary")
    spanish = Locale.objects.get(language_code="es")
    with pytest.raises(actions.StringsMissing):  # refreshes the shared snapshot
        actions.sync_translation(english, spanish, spanish_translator)
    translate_new_strings(english, "es")
    with django_capture_on_commit_callbacks(execute=True):
        actions.sync_translation(english, spanish, spanish_translator)
    html = client.get(english.url).content.decode()
    assert f'hreflang="fr" href="https://commons.example.org{story("fr").url}"' in html
    assert f'hreflang="es" href="https://commons.example.org{story("es").url}"' in html
    assert story("fr").url in client.get("/sitemap.xml").content.decode()
