"""Each row of the translations report links to what its reader may open: the
translation's editor, the source's editor, or the page on the site."""

from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page

import pytest

from home.roles import translator_group_name
from stories.models import StoryIndexPage
from tests.home.factories import member_of
from tests.stories.factories import StoryPageFactory

from .conftest import story


class RowLinks(HTMLParser):
    """(page id, language) → the href and kind of the link on the row's title."""

    def __init__(self):
        super().__init__()
        self.links: dict[tuple[int, str], dict] = {}
        self._row = None
        self._cell = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-page" in attrs:
            self._row = (int(attrs["data-page"]), attrs["data-language"])
            self._cell = 0
            self.links[self._row] = {}
        elif tag == "td" and self._row:
            self._cell += 1
        elif tag == "a" and self._row and self._cell == 1:
            self.links[self._row] = attrs

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None


def row_links(client, url="/admin/translations/") -> dict[tuple[int, str], dict]:
    response = client.get(url)
    assert response.status_code == 200
    parser = RowLinks()
    parser.feed(response.content.decode())
    assert parser.links
    return parser.links


def edit_url(page: Page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def english_pages() -> list[Page]:
    return list(Page.objects.filter(locale__language_code="en", depth__gt=1))


@pytest.fixture
def about_missing_in_french(db) -> Page:
    about = Page.objects.get(url_path="/home/about/")
    about.get_translation(Locale.objects.get(language_code="fr")).delete()
    return about


@pytest.mark.django_db
def test_french_translator_is_sent_to_the_french_translation_editor(
    client, french_translator, about_missing_in_french
):
    client.force_login(french_translator)
    links = row_links(client)
    french = Locale.objects.get(language_code="fr")
    sources = {page.pk: page for page in english_pages()}
    assert {language for _page, language in links} == {"fr"}
    assert (about_missing_in_french.pk, "fr") in links
    for (page_id, _language), link in links.items():
        if page_id == about_missing_in_french.pk:
            # Nothing in French to edit, nor may they edit the English page.
            assert link["data-link"] == "live"
            assert link["href"] == "/en/about/"
            continue
        translation = sources[page_id].get_translation(french)
        assert link["href"] == edit_url(translation)
        assert link["data-link"] == "translation"
    html = client.get("/admin/translations/").content.decode()
    for page in sources.values():
        assert f'href="{edit_url(page)}"' not in html

    editor = client.get(links[(story("en").pk, "fr")]["href"])
    assert editor.status_code == 200
    assert "js-translation-editor" in editor.content.decode()


@pytest.mark.django_db
def test_links_say_where_they_go_in_the_translators_language(client):
    client.force_login(member_of(translator_group_name("fr"), "amelie", "fr"))
    links = row_links(client, "/admin/translations/?language=all&section=other")
    about = Page.objects.get(url_path="/home/about/")
    assert links[(about.pk, "fr")]["title"] == "Modifier la traduction : Français"
    assert links[(about.pk, "es")]["title"] == "Voir la page sur le site"


@pytest.mark.django_db
def test_translator_sees_other_languages_as_pages_on_the_site(
    client, spanish_translator
):
    client.force_login(spanish_translator)
    links = row_links(client, "/admin/translations/?language=all&section=other")
    about = Page.objects.get(url_path="/home/about/")
    assert links[(about.pk, "fr")] == {
        "href": "/fr/a-propos/",
        "data-link": "live",
        "title": "View the page on the site",
    }
    spanish = about.get_translation(Locale.objects.get(language_code="es"))
    assert links[(about.pk, "es")]["href"] == edit_url(spanish)
    assert client.get(links[(about.pk, "fr")]["href"]).status_code == 200


@pytest.mark.django_db
def test_editor_with_rights_on_the_source_gets_the_source_editor(client, editor):
    client.force_login(editor)
    links = row_links(client, "/admin/translations/?section=other")
    about = Page.objects.get(url_path="/home/about/")
    assert links[(about.pk, "fr")]["href"] == edit_url(about)
    assert links[(about.pk, "fr")]["data-link"] == "source"
    assert {link["data-link"] for link in links.values()} == {"source"}
    response = client.get(edit_url(about))
    assert response.status_code == 200


@pytest.mark.django_db
def test_moderator_with_rights_everywhere_gets_each_translation_editor(
    client, moderator
):
    client.force_login(moderator)
    links = row_links(client, "/admin/translations/?section=other")
    about = Page.objects.get(url_path="/home/about/")
    for code in ["fr", "es", "pt", "ar"]:
        translation = about.get_translation(Locale.objects.get(language_code=code))
        assert links[(about.pk, code)]["href"] == edit_url(translation)


@pytest.mark.django_db
def test_links_cost_no_query_per_row(client, french_translator):
    """New English stories: rows that link to the English page on the site, next to
    rows that link to the French editor."""
    client.force_login(french_translator)
    index = StoryIndexPage.objects.get(locale__language_code="en")

    def add_stories(count: int) -> None:
        for _number in range(count):
            StoryPageFactory(parent=index).save_revision().publish()

    add_stories(1)
    with CaptureQueriesContext(connection) as few:
        small = row_links(client)
    add_stories(5)
    with CaptureQueriesContext(connection) as many:
        large = row_links(client)
    assert len(large) == len(small) + 5
    kinds = [link["data-link"] for link in large.values()]
    assert kinds.count("live") == 6
    assert kinds.count("translation") == len(large) - 6
    assert len(many.captured_queries) == len(few.captured_queries)
