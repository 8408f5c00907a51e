"""Very long transcripts get their own page: the recording keeps an excerpt and a
link, the transcript page carries the whole text, its canonical and its language
links, in every language."""

import json
from urllib.parse import urljoin

from django.utils.html import strip_tags

from wagtail.models import Page

import pytest

from events.models import RecordingIndexPage, RecordingPage
from tests.conftest import LANGUAGES
from tests.events.factories import RecordingPageFactory
from tests.pages import parse

BASE = "https://commons.example.org"
LONG_SLUG = "recording-reading-circles"


def long_recording(code: str) -> RecordingPage:
    source = Page.objects.get(locale__language_code="en", slug=LONG_SLUG)
    return RecordingPage.objects.get(
        translation_key=source.translation_key, locale__language_code=code
    )


def text(soup_element) -> str:
    return " ".join(soup_element.get_text().split())


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_a_long_seeded_transcript_moves_to_its_own_page(client, code):
    recording = long_recording(code)
    full_text = " ".join(strip_tags(recording.transcript).split())
    assert len(full_text) > RecordingPage.long_transcript_chars
    last_words = " ".join(full_text.split()[-8:])

    page = parse(client.get(recording.url))
    transcript = page.find(id="transcript")
    shown = text(transcript)
    assert full_text[:80] in shown
    assert last_words not in shown
    assert len(shown) < len(full_text) / 2
    link = transcript.select("a[href$='/transcript/']")
    assert [a["href"] for a in link] == [f"{recording.url}transcript/"]
    options = [a["href"] for a in page.select(".media-options a")]
    assert options[0] == f"{recording.url}transcript/"
    (ld,) = page.find_all("script", type="application/ld+json")
    assert "transcript" not in json.loads(ld.string)

    response = client.get(f"{recording.url}transcript/")
    assert response.status_code == 200
    whole = parse(response)
    assert text(whole.find("h1")) == recording.title
    assert recording.title in text(whole.find("title"))
    assert last_words in text(whole.find("main"))
    assert full_text[:80] in text(whole.find("main"))
    assert whole.find("link", rel="canonical")["href"] == (
        f"{BASE}{recording.url}transcript/"
    )
    switcher = {a["hreflang"]: a["href"] for a in whole.select(".language-switcher a")}
    alternates = {
        link["hreflang"]: link["href"]
        for link in whole.find_all("link", rel="alternate", hreflang=True)
    }
    for other in LANGUAGES:
        expected = f"{long_recording(other).url}transcript/"
        assert switcher[other] == expected
        assert alternates[other] == BASE + expected
        assert client.get(expected).status_code == 200


@pytest.mark.django_db
def test_a_short_transcript_stays_whole_on_the_recording_page(client):
    recording = RecordingPage.objects.get(
        locale__language_code="fr",
        translation_key=Page.objects.get(
            locale__language_code="en", slug="recording-trial-plots"
        ).translation_key,
    )
    assert not recording.has_long_transcript
    page = parse(client.get(recording.url))
    transcript = text(page.find(id="transcript"))
    assert " ".join(strip_tags(recording.transcript).split()) in transcript
    assert not page.select("#transcript a[href$='/transcript/']")
    assert page.select(".media-options a")[0]["href"] == "#transcript"
    (ld,) = page.find_all("script", type="application/ld+json")
    assert json.loads(ld.string)["transcript"]


@pytest.mark.django_db
def test_a_recording_without_transcript_has_no_transcript_page(client):
    index = RecordingIndexPage.objects.get(locale__language_code="en")
    recording = RecordingPageFactory(parent=index, transcript="")
    assert client.get(recording.url).status_code == 200
    assert client.get(f"{recording.url}transcript/").status_code == 404


@pytest.mark.django_db
def test_the_excerpt_keeps_whole_paragraphs(db):
    paragraphs = [f"<p>Paragraph {n}: " + "word " * 60 + "end.</p>" for n in range(40)]
    recording = RecordingPage(transcript="".join(paragraphs))
    assert recording.has_long_transcript
    excerpt = recording.transcript_excerpt()
    assert excerpt.startswith(paragraphs[0])
    assert excerpt == "".join(paragraphs[: excerpt.count("<p>")])
    assert RecordingPage.transcript_excerpt_chars <= len(strip_tags(excerpt)) < 2000


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "ar"])
def test_in_low_bandwidth_mode_the_transcript_comes_in_light_parts(client, code):
    recording = long_recording(code)
    path = f"{recording.url}transcript/"
    full_text = " ".join(strip_tags(recording.transcript).split())
    parts, next_path = [], path
    while next_path:
        soup = parse(client.get(next_path, HTTP_SAVE_DATA="on"))
        assert soup.find("link", rel="canonical")["href"] == BASE + path
        assert soup.select_one(".language-switcher a[hreflang=fr]")["href"] == (
            f"{long_recording('fr').url}transcript/"
        )
        parts.append(text(soup.select_one("main .prose")))
        link = soup.select_one("main .pagination a[rel=next]")
        next_path = urljoin(path, link["href"]) if link else None
        assert len(parts) < 10
    assert len(parts) > 1
    assert "".join("".join(parts).split()) == "".join(full_text.split())
    assert all(
        len(part) >= RecordingPage.low_bandwidth_transcript_part_chars
        for part in parts[:-1]
    )
    for hostile in ["0", "-3", "999999999999999999999", "two", ""]:
        response = client.get(path, {"part": hostile}, HTTP_SAVE_DATA="on")
        assert response.status_code == 200
    standard = parse(client.get(path, {"part": "2"}))
    assert text(standard.select_one("main .prose")) == full_text
    assert not standard.select("main .pagination")
