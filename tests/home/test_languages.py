"""Every page in every language: direction, switcher, hreflang, redirects, 404s."""

from html.parser import HTMLParser

from wagtail.models import Page
from wagtail_localize.models import StringTranslation, TranslationSource

import pytest

from tests.conftest import LANGUAGES


class HeadParser(HTMLParser):
    """Collects what a visitor's browser and a search engine read from a page."""

    def __init__(self):
        super().__init__()
        self.html_attrs: dict = {}
        self.alternates: dict[str, str] = {}
        self.canonical: str | None = None
        self.switcher: list[dict] = []
        self._in_switcher = False
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append(attrs | {"text": ""})
            self._in_link = True

    def handle_data(self, data):
        if self._in_link:
            self.switcher[-1]["text"] += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False
        elif tag == "a":
            self._in_link = False


def parse(response) -> HeadParser:
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def local_path(url: str) -> str:
    return url.removeprefix("https://commons.example.org")


def seeded_pages():
    return Page.objects.filter(depth__gt=1).select_related("locale").order_by("path")


@pytest.mark.django_db
def test_every_seeded_page_renders_in_its_language_and_direction(client):
    pages = list(seeded_pages())
    assert {page.locale.language_code for page in pages} == set(LANGUAGES)
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        head = parse(response)
        code = page.locale.language_code
        assert head.html_attrs == {
            "lang": code,
            "dir": "rtl" if code == "ar" else "ltr",
        }, page.url
        assert response["Content-Language"] == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"),
        ("ar", "/ar/"),
        ("pt-BR", "/pt/"),
        ("es-419,es;q=0.8", "/es/"),
        ("de-DE,de;q=0.9", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_to_the_visitors_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_home_and_section_answers_in_that_language(client, code):
    for path in ["", "stories/", "events/", "recordings/", "newsletter/"]:
        response = client.get(f"/{code}/{path}")
        assert response.status_code == 200
        assert parse(response).html_attrs["lang"] == code


@pytest.mark.django_db
def test_translated_homes_read_as_real_text(client):
    english = client.get("/en/").content.decode()
    assert "Communities learning from each other" in english
    for code in ["fr", "es", "pt", "ar"]:
        body = client.get(f"/{code}/").content.decode()
        assert "Communities learning from each other" not in body
        assert "Skip to main content" not in body
    assert "apprennent" in client.get("/fr/").content.decode()
    assert "المجتمعات" in client.get("/ar/").content.decode()


@pytest.mark.django_db
def test_unknown_language_prefix_is_a_404_in_the_visitors_language(client):
    response = client.get("/de/stories/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert parse(response).html_attrs["lang"] == "fr"
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_missing_page_is_a_404_in_the_language_of_its_prefix(client):
    response = client.get("/ar/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert parse(response).html_attrs == {"lang": "ar", "dir": "rtl"}


@pytest.mark.django_db
def test_unprefixed_section_path_redirects_into_a_language(client):
    response = client.get("/stories/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/es/stories/"


@pytest.mark.django_db
def test_hreflang_lists_every_translation_and_each_answers(client):
    head = parse(client.get("/fr/a-propos/"))
    assert set(head.alternates) == {*LANGUAGES, "x-default"}
    assert head.alternates["x-default"] == head.alternates["en"]
    assert head.canonical == "https://commons.example.org/fr/a-propos/"
    for url in head.alternates.values():
        assert url.startswith("https://commons.example.org/")
        response = client.get(local_path(url))
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_switcher_links_to_the_same_page_in_each_language(client):
    head = parse(client.get("/en/about/"))
    links = {link["lang"]: link for link in head.switcher}
    assert list(links) == LANGUAGES
    assert links["fr"]["href"] == "/fr/a-propos/"
    assert links["ar"]["href"] == "/ar/hawl-al-shabaka/"
    assert links["ar"]["dir"] == "rtl"
    assert links["en"]["aria-current"] == "true"
    assert links["fr"]["text"] == "Français"


@pytest.mark.django_db
def test_switcher_falls_back_to_the_language_home_with_a_clear_label(client):
    Page.objects.get(url_path="/accueil/partenaires/").unpublish()
    head = parse(client.get("/en/partners/"))
    french = next(link for link in head.switcher if link["lang"] == "fr")
    assert french["href"] == "/fr/"
    assert french["text"] == "Français (page d’accueil)"
    assert "fr" not in head.alternates


@pytest.mark.django_db
def test_alias_is_not_announced_as_a_translation(client, home, locales):
    english = Page.objects.get(url_path="/home/partners/").specific
    Page.objects.get(url_path="/accueil/partenaires/").delete()
    alias = english.create_alias(
        parent=home.get_translation(locales["fr"]), update_locale=locales["fr"]
    )
    assert alias.alias_of_id == english.pk
    head = parse(client.get("/en/partners/"))
    assert "fr" not in head.alternates
    alias_head = parse(client.get(alias.url))
    assert alias_head.canonical == "https://commons.example.org/en/partners/"


@pytest.mark.django_db
def test_half_translated_page_is_not_announced(
    client, locales, django_capture_on_commit_callbacks
):
    english = Page.objects.get(url_path="/home/take-part/").specific
    source = TranslationSource.objects.get_for_instance(english)
    # Drop the French text of one segment; publishing with fallback keeps English.
    segment = source.stringsegment_set.first()
    StringTranslation.objects.filter(
        translation_of_id=segment.string_id, locale=locales["fr"]
    ).delete()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(locales["fr"], publish=True, fallback=True)
    head = parse(client.get("/en/take-part/"))
    assert "fr" not in head.alternates
    assert {"en", "es", "pt", "ar"} <= set(head.alternates)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/fr/participer/" not in sitemap
    assert "/es/participar/" in sitemap
