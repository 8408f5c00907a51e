"""The community section's page types: where they live, one of each per language,
and that editors edit, preview and translate them like every page."""

from django.urls import reverse

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from members.models import CommunityIndexPage, SkillsDirectoryPage


class CommunityPageTypeTests(WagtailPageTestCase):
    def test_the_directory_lives_only_under_the_community_section(self):
        self.assertAllowedParentPageTypes(SkillsDirectoryPage, {CommunityIndexPage})
        self.assertAllowedSubpageTypes(CommunityIndexPage, {SkillsDirectoryPage})
        self.assertAllowedSubpageTypes(SkillsDirectoryPage, set())

    def test_one_directory_per_community_section_in_every_language(self):
        for community in CommunityIndexPage.objects.all():
            with self.subTest(language=community.locale.language_code):
                self.assertFalse(SkillsDirectoryPage.can_create_at(community))
                self.assertEqual(
                    SkillsDirectoryPage.objects.child_of(community).get().slug, "skills"
                )

    def test_the_directory_is_editable_and_previewable(self):
        page = SkillsDirectoryPage.objects.get(locale=Locale.get_default())
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "introduction": rich_text("<p>Who does what, and where.</p>"),
            }
        )
        self.assertPageIsRenderable(page)
        self.assertPageIsEditable(page, post_data=data)
        self.assertPageIsPreviewable(page, post_data=data)

    def test_translations_open_in_the_translation_editor(self):
        self.client.force_login(self.create_superuser("translation-editor"))
        for model in (CommunityIndexPage, SkillsDirectoryPage):
            page = model.objects.get(locale__language_code="ar")
            with self.subTest(model=model.__name__):
                response = self.client.get(
                    reverse("wagtailadmin_pages:edit", args=[page.pk])
                )
                self.assertTemplateUsed(
                    response, "wagtail_localize/admin/edit_translation.html"
                )
