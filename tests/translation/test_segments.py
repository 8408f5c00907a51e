"""Each page type's content reaches the translation editor: its text as string
segments, images, links and documents as overridable ones, snippets as related
objects, and a translation made from them renders in the target language."""

import json

from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    StringSegment,
    StringTranslation,
    TranslationSource,
)

import pytest

from core.models import Topic
from events.models import EventIndexPage, RecordingIndexPage
from stories.models import StoryIndexPage
from tests.events.factories import EventPageFactory, RecordingPageFactory
from tests.stories.factories import StoryPageFactory


def segments(page) -> tuple[dict[str, str], set[str], set[str]]:
    """(string by context path, overridable paths, related object paths)."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    strings = {
        segment.context.path: segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related(
            "context", "string"
        )
    }
    overridable = set(
        OverridableSegment.objects.filter(source=source).values_list(
            "context__path", flat=True
        )
    )
    related = set(
        RelatedObjectSegment.objects.filter(source=source).values_list(
            "context__path", flat=True
        )
    )
    return strings, overridable, related


def has_string(strings: dict[str, str], prefix: str, text: str) -> bool:
    return any(
        path.startswith(prefix) and text in data for path, data in strings.items()
    )


def translate_everything(page, code: str):
    """Give every string a French text, publish the translation, return it."""
    source = TranslationSource.objects.get_for_instance(page)
    locale = Locale.objects.get(language_code=code)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context_id=segment.context_id,
            defaults={"data": f"[{code}] {segment.string.data}"},
        )
    translation, _created = source.create_or_update_translation(locale, publish=True)
    return translation


@pytest.fixture
def image(db):
    return get_image_model().objects.first()


@pytest.mark.django_db
def test_story_body_blocks_alt_text_and_links_become_segments(
    image, django_capture_on_commit_callbacks
):
    body = [
        {"type": "heading", "value": {"text": "What we tried", "level": "h2"}},
        {
            "type": "paragraph",
            "value": '<p>Read <a href="https://example.org/guide">the guide</a>.</p>',
        },
        {
            "type": "image",
            "value": {
                "image": {
                    "image": image.pk,
                    "decorative": False,
                    "alt_text": "Volunteers around a table",
                },
                "caption": "The first meeting",
            },
        },
        {"type": "quote", "value": {"text": "Ask first.", "attribution": "A host"}},
        {
            "type": "callout",
            "value": {"kind": "worked", "text": "<p>Meeting monthly.</p>"},
        },
        {
            "type": "materials",
            "value": {
                "heading": "Take these home",
                # wagtail-localize skips list items not stored in block format.
                "items": [
                    {
                        "type": "item",
                        "id": "0b6f3c1e-2f7a-4c8e-9a43-1d1c2b0f6a11",
                        "value": {
                            "title": "Meeting checklist",
                            "document": None,
                            "url": "https://example.org/checklist",
                        },
                    }
                ],
            },
        },
    ]
    index = StoryIndexPage.objects.get(locale__language_code="en")
    story = StoryPageFactory(parent=index, body=json.dumps(body), hero_image=image)
    story.story_topics.create(topic=Topic.objects.filter(locale=index.locale).first())
    story.save_revision().publish()
    strings, overridable, related = segments(story)
    assert has_string(strings, "body.", "What we tried")
    assert has_string(strings, "body.", '<a id="a1">the guide</a>')
    assert has_string(strings, "body.", "Volunteers around a table")
    assert has_string(strings, "body.", "The first meeting")
    assert has_string(strings, "body.", "Ask first.")
    assert has_string(strings, "body.", "Meeting monthly.")
    assert has_string(strings, "body.", "Take these home")
    assert has_string(strings, "body.", "Meeting checklist")
    assert any(path.endswith(".image.image") for path in overridable)
    assert any("example.org/guide" in path for path in overridable)
    assert "hero_image" in overridable
    assert any(path.startswith("story_topics.") for path in related)

    with django_capture_on_commit_callbacks(execute=True):
        french = translate_everything(story, "fr")
    html = french.specific.body.render_as_block()
    assert "[fr] Volunteers around a table" in html
    assert "[fr] Meeting checklist" in html
    assert "[fr] Read <a" in html
    assert 'href="https://example.org/guide"' in html


@pytest.mark.django_db
def test_event_fields_and_description_become_segments(
    django_capture_on_commit_callbacks,
):
    index = EventIndexPage.objects.get(locale__language_code="en")
    event = EventPageFactory(
        parent=index,
        venue="Community hall",
        address="1 Market Street",
        description=json.dumps(
            [{"type": "paragraph", "value": "<p>Bring one question.</p>"}]
        ),
    )
    event.save_revision().publish()
    strings, overridable, _related = segments(event)
    assert strings["summary"] == "A generated event."
    assert strings["venue"] == "Community hall"
    assert strings["address"] == "1 Market Street"
    assert strings["organiser"] == "Learning Commons"
    assert has_string(strings, "description.", "Bring one question.")
    assert "online_url" in overridable
    with django_capture_on_commit_callbacks(execute=True):
        french = translate_everything(event, "fr")
    assert french.specific.venue == "[fr] Community hall"
    assert Locale.objects.get(language_code="es") != french.locale


@pytest.mark.django_db
def test_recording_transcript_and_chapters_become_segments(
    django_capture_on_commit_callbacks,
):
    index = RecordingIndexPage.objects.get(locale__language_code="en")
    recording = RecordingPageFactory(
        parent=index,
        transcript="<p>Welcome to the seminar.</p>",
        chapters=json.dumps(
            [{"type": "chapter", "value": {"time": "4:30", "title": "How it began"}}]
        ),
    )
    recording.save_revision().publish()
    strings, _overridable, _related = segments(recording)
    assert strings["summary"] == "A generated recording."
    assert has_string(strings, "transcript", "Welcome to the seminar.")
    assert has_string(strings, "chapters.", "How it began")
    with django_capture_on_commit_callbacks(execute=True):
        spanish = translate_everything(recording, "es")
    assert "[es] Welcome to the seminar." in spanish.specific.transcript
    assert spanish.specific.chapters[0].value["title"] == "[es] How it began"
