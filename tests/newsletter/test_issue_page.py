"""The issue page: where it lives, that editors can create, edit and preview it, and
that its web version shows the new work in the page's own language."""

from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from demo.newsletter import ISSUE
from newsletter.models import (
    NewsletterIndexPage,
    NewsletterIssueLeftOut,
    NewsletterIssuePage,
)
from stories.models import StoryPage


class NewsletterIssuePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.issue = NewsletterIssuePage.objects.get(
            slug=ISSUE["slug"], locale=Locale.get_default()
        )
        cls.french = cls.issue.get_translation(Locale.objects.get(language_code="fr"))

    def setUp(self):
        self.login()

    def test_where_issues_live(self):
        self.assertAllowedParentPageTypes(NewsletterIssuePage, {NewsletterIndexPage})
        self.assertAllowedSubpageTypes(NewsletterIndexPage, {NewsletterIssuePage})
        self.assertCanCreateAt(NewsletterIndexPage, NewsletterIssuePage)

    def test_renderable_editable_previewable_in_two_languages(self):
        data = nested_form_data(
            {
                "title": self.issue.title,
                "slug": self.issue.slug,
                "subject": self.issue.subject,
                "preheader": "",
                "lead": rich_text("<p>A lead.</p>"),
                "featured_items": inline_formset([]),
                "left_out_items": inline_formset([]),
            }
        )
        self.assertPageIsRenderable(self.issue)
        self.assertPageIsRenderable(self.french)
        self.assertPageIsEditable(self.issue, post_data=data)
        self.assertPageIsPreviewable(self.issue, post_data=data)
        # The translation opens in wagtail-localize's editor.
        self.client.force_login(self.create_superuser("translation-editor"))
        response = self.client.get(f"/admin/pages/{self.french.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(
            response, "wagtail_localize/admin/edit_translation.html"
        )

    def test_the_web_version_shows_the_new_work_in_its_language(self):
        response = self.client.get(self.french.url)
        self.assertContains(response, self.french.subject)
        self.assertContains(response, '<html lang="fr"')
        french_story = (
            StoryPage.objects.live().filter(locale=self.french.locale).first()
        )
        english_story = StoryPage.objects.get(
            translation_key=french_story.translation_key, locale=self.issue.locale
        )
        self.assertContains(response, french_story.title)
        self.assertNotContains(response, english_story.title)

    def test_left_out_items_are_left_out_in_every_language(self):
        story = (
            StoryPage.objects.live()
            .filter(locale=self.issue.locale)
            .exclude(
                translation_key__in=[
                    link.item.translation_key
                    for link in self.issue.featured_items.all()
                ]
            )
            .first()
        )
        french_story = story.get_translation(self.french.locale)
        self.assertIn(story.title, [i.title for i in self.issue.content().new_stories])
        NewsletterIssueLeftOut.objects.create(page=self.french, item=story)
        titles = [item.title for item in self.french.content().new_stories]
        self.assertNotIn(french_story.title, titles)

    def test_featured_items_are_shown_in_the_issues_language(self):
        featured = self.french.content().featured
        self.assertTrue(featured)
        self.assertTrue(
            all(item.page.locale_id == self.french.locale_id for item in featured)
        )

    def test_the_archive_lists_issues_newest_first_in_each_language(self):
        index = NewsletterIndexPage.objects.get(locale=self.french.locale)
        newer = NewsletterIssuePage(
            title="Numéro suivant", slug="numero-suivant", subject="Suivant"
        )
        index.add_child(instance=newer)
        newer.save_revision().publish()
        NewsletterIssuePage.objects.filter(pk=newer.pk).update(
            first_published_at=timezone.now()
        )
        response = self.client.get(index.url)
        content = response.content.decode()
        self.assertLess(content.index("Numéro suivant"), content.index(self.french.url))
        self.assertNotIn(self.issue.title, content)
