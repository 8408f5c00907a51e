"""The Translations panel and report: counts per language, own language first,
filters by section and state, and the action that fixes each row."""

from html.parser import HTMLParser

from wagtail.models import Locale, Page

import pytest

from .conftest import republish, story


class ReportParser(HTMLParser):
    """The language rows of the bar table and the page rows of the listing."""

    def __init__(self):
        super().__init__()
        self.languages: list[str] = []
        self.counts: dict[tuple[str, str], str] = {}
        self.rows: list[dict] = []
        self._language = None
        self._state = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-page" in attrs:
            self.rows.append(attrs)
        elif tag == "tr" and "data-language" in attrs:
            self._language = attrs["data-language"]
            self.languages.append(self._language)
        elif tag == "td" and self._language and "data-state" in attrs:
            self._state = attrs["data-state"]

    def handle_data(self, data):
        if self._state and data.strip():
            self.counts[(self._language, self._state)] = data.strip()
            self._state = None

    def handle_endtag(self, tag):
        if tag == "tr":
            self._language = None


def parse(response) -> ReportParser:
    assert response.status_code == 200
    parser = ReportParser()
    parser.feed(response.content.decode())
    return parser


def source_count() -> int:
    return Page.objects.live().filter(locale__language_code="en", depth__gt=1).count()


@pytest.fixture
def one_out_of_date_one_missing(db):
    """The Hungarian story republished (out of date everywhere), and the About page
    gone from Spanish."""
    republish(story("en"), place="Debrecen, Hungary")
    about = Page.objects.get(url_path="/home/about/")
    about.get_translation(Locale.objects.get(language_code="es")).delete()


@pytest.mark.django_db
def test_translator_sees_their_own_language_in_the_panel(
    client, french_translator, one_out_of_date_one_missing
):
    client.force_login(french_translator)
    panel = parse(client.get("/admin/"))
    assert panel.languages == ["fr"]
    total = source_count()
    assert panel.counts[("fr", "out-of-date")] == "1"
    assert panel.counts[("fr", "missing")] == "0"
    assert panel.counts[("fr", "up-to-date")] == str(total - 1)


@pytest.mark.django_db
def test_moderator_sees_every_language_with_the_right_counts(
    client, moderator, one_out_of_date_one_missing
):
    client.force_login(moderator)
    for url in ["/admin/", "/admin/translations/"]:
        report = parse(client.get(url))
        assert report.languages == ["fr", "es", "pt", "ar"]
        assert report.counts[("es", "missing")] == "1"
        assert report.counts[("es", "out-of-date")] == "1"
        assert report.counts[("pt", "missing")] == "0"
        assert report.counts[("ar", "up-to-date")] == str(source_count() - 1)


@pytest.mark.django_db
def test_report_shows_the_translators_language_first_and_by_default_only_it(
    client, spanish_translator, one_out_of_date_one_missing
):
    client.force_login(spanish_translator)
    mine = parse(client.get("/admin/translations/"))
    assert mine.languages == ["es"]
    assert {row["data-language"] for row in mine.rows} == {"es"}
    every = parse(client.get("/admin/translations/?language=all"))
    assert every.languages == ["es", "fr", "pt", "ar"]
    assert every.rows[0]["data-language"] == "es"


@pytest.mark.django_db
def test_report_filters_by_section_and_state(
    client, spanish_translator, one_out_of_date_one_missing
):
    client.force_login(spanish_translator)
    stories = parse(client.get("/admin/translations/?section=stories"))
    assert stories.rows
    assert {row["data-section"] for row in stories.rows} == {"stories"}
    out_of_date = parse(client.get("/admin/translations/?state=out-of-date"))
    assert [row["data-page"] for row in out_of_date.rows] == [str(story("en").pk)]
    missing = parse(client.get("/admin/translations/?state=missing&section=other"))
    about = Page.objects.get(url_path="/home/about/")
    assert [row["data-page"] for row in missing.rows] == [str(about.pk)]
    none = parse(client.get("/admin/translations/?state=missing&section=events"))
    assert none.rows == []


@pytest.mark.django_db
def test_each_row_links_to_the_action_that_fixes_it(
    client, spanish_translator, one_out_of_date_one_missing
):
    client.force_login(spanish_translator)
    html = client.get("/admin/translations/").content.decode()
    about = Page.objects.get(url_path="/home/about/")
    assert f"/admin/translations/{about.pk}/es/translate/" in html
    assert f"/admin/translations/{story('en').pk}/es/sync/" in html
    assert f"/admin/pages/{story('es').get_parent().pk}/edit/" in html
    assert "/fr/sync/" not in html


@pytest.mark.django_db
def test_sync_from_the_report_returns_to_it_with_a_message(
    client, spanish_translator, django_capture_on_commit_callbacks
):
    english = republish(story("en"), expire_at=None, search_description="")
    client.force_login(spanish_translator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/translations/{english.pk}/es/sync/",
            {"next": "/admin/translations/?state=out-of-date"},
        )
    assert response["Location"] == "/admin/translations/?state=out-of-date"
    report = client.get(response["Location"])
    assert "is up to date and published" in report.content.decode()
    assert parse(report).rows == []
