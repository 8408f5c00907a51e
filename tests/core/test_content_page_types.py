"""Stories, events and recordings: where they live, and that editors can create,
edit and preview them (the translated copies open in the translation editor)."""

from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from core.models import Person, Topic
from events.models import EventIndexPage, EventPage, RecordingIndexPage, RecordingPage
from stories.models import StoryIndexPage, StoryPage


def story_data(title: str, slug: str) -> dict:
    topic = Topic.objects.get(slug="adult-literacy", locale__language_code="en")
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "How a village learned to run its own reading circle.",
            "country": "HU",
            "place": "Pécs",
            "approach": "partnership",
            "community": "",
            "guide": "",
            "keywords": "reading, villages",
            "body": streamfield(
                [("paragraph", rich_text("<p>We met every week.</p>"))]
            ),
            "story_topics": inline_formset([{"topic": topic.pk}]),
            "related_story_links": inline_formset([]),
        }
    )


def event_data(title: str, slug: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "A clinic on keeping volunteers.",
            "kind": "learning_clinic",
            "format": "online",
            "start": "2031-03-02 16:00",
            "end": "2031-03-02 18:00",
            "time_zone": "Europe/Lisbon",
            "venue": "",
            "address": "",
            "online_url": "https://meet.example.org/clinic",
            "registration_url": "",
            "capacity": "",
            "organiser": "Learning Commons",
            "series": "",
            "description": streamfield([]),
            "event_languages": inline_formset(
                [{"language": "pt", "interpretation": ""}]
            ),
            "event_speakers": inline_formset([]),
        }
    )


def recording_data(title: str, slug: str) -> dict:
    topic = Topic.objects.get(slug="local-economy", locale__language_code="en")
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "The recording of a clinic.",
            "date": "2026-01-15",
            "duration": "00:45:00",
            "event": "",
            "audio": "",
            "video": "",
            "slides": "",
            "video_url": "",
            "transcript": rich_text("<p>Welcome.</p>"),
            "chapters": streamfield(
                [("chapter", {"time": "0:00", "title": "Welcome"})]
            ),
            "recording_speakers": inline_formset([]),
            "recording_topics": inline_formset([{"topic": topic.pk}]),
            "captions": inline_formset([]),
        }
    )


CONTENT = [
    (StoryIndexPage, StoryPage, story_data),
    (EventIndexPage, EventPage, event_data),
    (RecordingIndexPage, RecordingPage, recording_data),
]


class ContentPageTypeTests(WagtailPageTestCase):
    def test_each_content_type_lives_only_under_its_index(self):
        for index_model, model, _data in CONTENT:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {index_model})
                self.assertAllowedSubpageTypes(index_model, {model})
                self.assertAllowedSubpageTypes(model, set())

    def test_editor_creates_each_type_in_the_admin_in_portuguese(self):
        self.login()
        for index_model, model, data in CONTENT:
            parent = index_model.objects.get(locale__language_code="pt")
            slug = f"novo-{model.__name__.lower()}"
            with self.subTest(model=model.__name__):
                self.assertCanCreate(parent, model, data("Novo conteúdo", slug))
                page = model.objects.get(slug=slug)
                self.assertEqual(page.locale.language_code, "pt")
                self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_source_pages_are_editable_and_previewable(self):
        for _index, model, data in CONTENT:
            page = model.objects.filter(locale__language_code="en").first()
            with self.subTest(model=model.__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=data(page.title, page.slug))
                self.assertPageIsPreviewable(
                    page, post_data=data(page.title, page.slug)
                )

    def test_translations_open_in_the_translation_editor(self):
        editor = self.create_superuser("translation-editor")
        arabic = Locale.objects.get(language_code="ar")
        for _index, model, _data in CONTENT:
            page = model.objects.filter(locale=arabic).first()
            self.client.force_login(editor)
            response = self.client.get(
                reverse("wagtailadmin_pages:edit", args=[page.pk])
            )
            self.assertEqual(response.status_code, 200)
            self.assertTemplateUsed(
                response, "wagtail_localize/admin/edit_translation.html"
            )

    def test_event_form_rejects_an_end_before_the_start(self):
        self.login()
        parent = EventIndexPage.objects.get(locale__language_code="en")
        data = event_data("Backwards", "backwards")
        data["end"] = "2031-03-02 15:00"
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk]),
            data,
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Page.objects.filter(slug="backwards").exists())
        self.assertContains(response, "cannot end before it starts")

    def test_guides_and_speakers_are_people_shared_by_stories_and_events(self):
        person = Person.objects.get(name="Wanjiru Otieno", locale__language_code="en")
        self.assertTrue(StoryPage.objects.filter(guide=person).exists())
        self.assertTrue(
            EventPage.objects.filter(event_speakers__person=person).exists()
        )
