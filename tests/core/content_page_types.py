"""What every content page type (a story, an event, a recording) must allow: where it
lives, that editors can create, edit and preview it, and that its translated copies
open in the translation editor. Each section's tests run these on its types."""

from django.urls import reverse

from wagtail.models import Locale


class ContentPageTypeChecks:
    """Mixed into a WagtailPageTestCase: `content` lists (index model, page model,
    form data builder) for a section's page types."""

    content: list = []

    def test_each_content_type_lives_only_under_its_index(self):
        for index_model, model, _data in self.content:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {index_model})
                self.assertAllowedSubpageTypes(index_model, {model})
                self.assertAllowedSubpageTypes(model, set())

    def test_editor_creates_each_type_in_the_admin_in_portuguese(self):
        self.login()
        for index_model, model, data in self.content:
            parent = index_model.objects.get(locale__language_code="pt")
            slug = f"novo-{model.__name__.lower()}"
            with self.subTest(model=model.__name__):
                self.assertCanCreate(parent, model, data("Novo conteúdo", slug))
                page = model.objects.get(slug=slug)
                self.assertEqual(page.locale.language_code, "pt")
                self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_source_pages_are_editable_and_previewable(self):
        for _index, model, data in self.content:
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
        for _index, model, _data in self.content:
            page = model.objects.filter(locale=arabic).first()
            self.client.force_login(editor)
            response = self.client.get(
                reverse("wagtailadmin_pages:edit", args=[page.pk])
            )
            self.assertEqual(response.status_code, 200)
            self.assertTemplateUsed(
                response, "wagtail_localize/admin/edit_translation.html"
            )
