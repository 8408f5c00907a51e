"""The demo seed: the whole tree, translated for real, and safe to run again."""

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation

import pytest

from demo.newsletter import ISSUES
from demo.translate import catalogue
from home.models import HomePage
from newsletter.models import NewsletterIndexPage
from tests.conftest import LANGUAGES
from translation.completeness import incomplete_translations


@pytest.mark.django_db
def test_seed_builds_the_design_tree_in_every_language():
    for home in HomePage.objects.all():
        children = {page.specific_class.__name__ for page in home.get_children().live()}
        assert children == {
            "StoryIndexPage",
            "EventIndexPage",
            "RecordingIndexPage",
            "NewsletterIndexPage",
            "CommunityIndexPage",
            "StandardPage",
        }
    assert sorted(
        HomePage.objects.values_list("locale__language_code", flat=True)
    ) == sorted(LANGUAGES)
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.locale.language_code == "en"
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


@pytest.mark.django_db
def test_seeded_translations_are_complete_manual_translations():
    translations = Translation.objects.all()
    # 11 site pages (the privacy notice and the skills directory among them), 8
    # stories, 6 events, 4 recordings, 3 newsletter issues; 6 topics, 4 people, 2
    # communities, 1 series, 1 site tagline, 4 skill categories and 16 skills: each
    # in every language but English.
    pages = 11 + 8 + 6 + 4 + 3
    snippets = 6 + 4 + 2 + 1 + 1 + 4 + 16
    assert translations.count() == (pages + snippets) * (len(LANGUAGES) - 1)
    assert incomplete_translations() == set()
    for translation in translations:
        total, done = translation.get_progress()
        assert total == done > 0
    assert not StringTranslation.objects.exclude(translation_type="manual").exists()


@pytest.mark.django_db
def test_translation_files_cover_every_source_string_with_real_text():
    segments = StringSegment.objects.values_list("string__data", "context__path")
    sources = {text for text, _path in segments}
    # Proper names and time codes may stay as they are: the brand, places, venues,
    # addresses and chapter times.
    names = {
        text
        for text, path in segments
        if path in {"place", "venue", "address", "title"} or path.endswith(".time")
    }
    for code in ["fr", "es", "pt", "ar"]:
        strings = catalogue(code)
        assert sources <= set(strings), code
        untranslated = {text for text in sources if strings[text] == text}
        assert untranslated <= names, (code, untranslated - names)
        assert len(untranslated) <= 20, code


@pytest.mark.django_db
def test_seed_is_idempotent(django_capture_on_commit_callbacks):
    before = Page.objects.count(), StringTranslation.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    assert (Page.objects.count(), StringTranslation.objects.count()) == before


@pytest.mark.django_db
def test_seed_fills_in_a_translation_that_went_missing(
    django_capture_on_commit_callbacks,
):
    Page.objects.get(url_path="/accueil/participer/").delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    page = Page.objects.get(url_path="/accueil/participer/")
    assert page.live and page.title == "Comment participer"


@pytest.mark.django_db
def test_seed_rejects_negative_counts():
    with pytest.raises(CommandError, match="0 or more"):
        call_command("seed_demo", scale=-1, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_the_newsletter_archive_lists_past_issues_in_each_language(client, code):
    index = NewsletterIndexPage.objects.get(locale__language_code=code)
    issues = list(index.listing_queryset())
    assert len(issues) == len(ISSUES) >= 3
    dates = [issue.first_published_at for issue in issues]
    assert dates == sorted(dates, reverse=True) and dates[0] < timezone.now()
    assert len({date.date() for date in dates}) == len(dates)
    html = client.get(index.url).content.decode()
    positions = [html.find(f">{escape(issue.title)}</a>") for issue in issues]
    assert -1 not in positions and positions == sorted(positions), code
    if code != "en":
        english = {demo.fields["title"] for demo in ISSUES}
        assert not english & {issue.title for issue in issues}, code
