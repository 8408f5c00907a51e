"""Untranslated copies (aliases, translations still falling back to the source)
say so in the visitor's language, and are not announced as translations."""

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, TranslationSource

import pytest

from tests.home.test_languages import parse


def partners(code: str) -> Page:
    english = Page.objects.get(url_path="/home/partners/")
    return (
        english
        if code == "en"
        else english.get_translation(Locale.objects.get(language_code=code))
    )


@pytest.fixture
def french_alias(db) -> Page:
    english = partners("en").specific
    french_home = Page.objects.get(depth=2, locale__language_code="fr")
    partners("fr").delete()
    return english.create_alias(
        parent=french_home,
        update_locale=Locale.objects.get(language_code="fr"),
        reset_translation_key=False,
    )


@pytest.fixture
def french_fallback(db, django_capture_on_commit_callbacks) -> Page:
    """The French page published while one of its strings still falls back."""
    english = partners("en").specific
    source = TranslationSource.objects.get_for_instance(english)
    segment = source.stringsegment_set.order_by("order").last()
    StringTranslation.objects.filter(
        translation_of_id=segment.string_id, locale__language_code="fr"
    ).delete()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(
            Locale.objects.get(language_code="fr"), publish=True, fallback=True
        )
    return partners("fr")


def notice(response) -> str:
    html = response.content.decode()
    start = html.find('class="untranslated-notice"')
    return html[start : html.find("</p>", start)] if start >= 0 else ""


@pytest.mark.django_db
@pytest.mark.parametrize("copy", ["french_alias", "french_fallback"])
def test_untranslated_copy_is_labelled_in_the_visitors_language(client, request, copy):
    page = request.getfixturevalue(copy)
    response = client.get(page.url)
    assert response.status_code == 200
    head = parse(response)
    assert head.html_attrs == {"lang": "en", "dir": "ltr"}
    assert head.canonical == "https://commons.example.org/en/partners/"
    text = notice(response)
    assert 'lang="fr"' in text
    assert 'href="/en/partners/"' in text
    html = response.content.decode()
    assert '<header class="site-header" lang="fr" dir="ltr">' in html
    # Chrome stays French; hreflang of the copy never names French.
    assert "fr" not in head.alternates


@pytest.mark.django_db
@pytest.mark.parametrize("copy", ["french_alias", "french_fallback"])
def test_untranslated_copy_is_left_out_of_hreflang_and_the_sitemap(
    client, request, copy
):
    page = request.getfixturevalue(copy)
    english = parse(client.get("/en/partners/"))
    assert "fr" not in english.alternates
    assert {"es", "pt", "ar"} <= set(english.alternates)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert page.url not in sitemap
    assert "/es/" + partners("es").slug + "/" in sitemap


@pytest.mark.django_db
def test_arabic_visitor_reads_the_notice_right_to_left(client, locales):
    english = partners("en").specific
    partners("ar").delete()
    alias = english.create_alias(
        parent=Page.objects.get(depth=2, locale__language_code="ar"),
        update_locale=locales["ar"],
        reset_translation_key=False,
    )
    response = client.get(alias.url)
    assert parse(response).html_attrs == {"lang": "en", "dir": "ltr"}
    assert 'lang="ar" dir="rtl"' in notice(response)


@pytest.mark.django_db
def test_a_real_translation_has_no_notice(client):
    for code in ["fr", "es"]:
        response = client.get(partners(code).url)
        assert notice(response) == ""
        assert parse(response).html_attrs["lang"] == code
