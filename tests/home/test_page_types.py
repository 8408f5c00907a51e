"""Each page type: where it may live, and that editors can create, edit and preview it."""

from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from events.models import EventIndexPage, RecordingIndexPage
from home.models import HomePage, StandardPage
from members.models import CommunityIndexPage
from newsletter.models import NewsletterIndexPage
from stories.models import StoryIndexPage

SECTION_TYPES = [
    StoryIndexPage,
    EventIndexPage,
    RecordingIndexPage,
    NewsletterIndexPage,
    CommunityIndexPage,
]


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_under_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {*SECTION_TYPES, StandardPage})

    def test_sections_live_under_a_home_page_only(self):
        for model in SECTION_TYPES:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage})
                self.assertCanNotCreateAt(StandardPage, model)

    def test_standard_pages_nest(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_one_section_index_per_home_in_every_language(self):
        for home in HomePage.objects.all():
            for model in SECTION_TYPES:
                with self.subTest(home=home.locale.language_code, model=model.__name__):
                    self.assertFalse(model.can_create_at(home))
        # A fresh home page in a language without content may get each section once.
        german = Locale.objects.create(language_code="de")
        root = Page.get_first_root_node()
        new_home = root.add_child(
            instance=HomePage(
                title="Start", slug="start", hero_heading="Hallo", locale=german
            )
        )
        for model in SECTION_TYPES:
            self.assertTrue(model.can_create_at(new_home))

    def test_sections_keep_one_slug_in_every_language(self):
        for model in SECTION_TYPES:
            slugs = set(model.objects.values_list("slug", flat=True))
            with self.subTest(model=model.__name__):
                self.assertEqual(len(slugs), 1, slugs)
                self.assertEqual(model.objects.count(), 5)


def site_pages():
    """The home, section index and standard pages (the content types test themselves)."""
    return Page.objects.filter(depth__gt=1).type(HomePage, StandardPage, *SECTION_TYPES)


def form_data_for(page: Page) -> dict:
    """The edit form as a browser posts it: StreamField and rich text widgets are
    built in JavaScript, so their inputs are not in the page's HTML."""
    data = {"title": page.title, "slug": page.slug}
    if isinstance(page, HomePage):
        data |= {
            "hero_heading": page.hero_heading,
            "hero_text": page.hero_text,
            "introduction": rich_text(page.introduction),
        }
    elif isinstance(page, StandardPage):
        data |= {
            "introduction": page.introduction,
            "body": streamfield(
                [
                    ("heading", {"text": "Edited heading", "level": "h2"}),
                    ("paragraph", rich_text("<p>Edited paragraph.</p>")),
                ]
            ),
        }
    else:
        data["introduction"] = rich_text(page.introduction)
    return nested_form_data(data)


class PageEditingTests(WagtailPageTestCase):
    def test_source_pages_are_renderable_editable_and_previewable(self):
        pages = site_pages().filter(locale__language_code="en").specific()
        self.assertEqual(len(pages), 10)
        for page in pages:
            with self.subTest(page=page.url_path):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=form_data_for(page))
                self.assertPageIsPreviewable(page, post_data=form_data_for(page))

    def test_translated_pages_open_in_the_translation_editor(self):
        pages = site_pages().exclude(locale__language_code="en")
        self.assertEqual(len(pages), 40)
        editor = self.create_superuser("translation-editor")
        for page in pages.specific():
            with self.subTest(page=page.url_path):
                self.assertPageIsRenderable(page)
                self.assertPageIsPreviewable(page, post_data=form_data_for(page))
                self.client.force_login(editor)
                response = self.client.get(
                    reverse("wagtailadmin_pages:edit", args=[page.pk])
                )
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(
                    response, "wagtail_localize/admin/edit_translation.html"
                )

    def test_editor_can_create_a_standard_page_in_french(self):
        french_home = HomePage.objects.get(locale__language_code="fr")
        self.login()
        self.assertCanCreate(
            french_home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Nos valeurs",
                    "slug": "nos-valeurs",
                    "introduction": "Ce que nous défendons.",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Apprendre ensemble.</p>"))]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="nos-valeurs")
        self.assertEqual(page.locale.language_code, "fr")
        response = self.client.get("/fr/nos-valeurs/")
        self.assertContains(response, "Apprendre ensemble.")
        self.assertContains(response, '<html lang="fr" dir="ltr">')
