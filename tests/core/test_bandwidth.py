"""The low-bandwidth mode and the standard mode's images, as a visitor gets them:
the switch on every page, the cookie and `Save-Data`, pages without images, fonts,
scripts or embeds under 15 KB, and responsive images with the standard pages."""

import json
from urllib.parse import parse_qs, urljoin, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

import pytest

from core.bandwidth import BANDWIDTH_COOKIE
from stories.models import StoryIndexPage, StoryPage
from tests.conftest import LANGUAGES
from tests.pages import asset_bytes, linked_assets, page_weight, parse, seeded_paths
from tests.stories.factories import StoryPageFactory

LOW_BUDGET = 15 * 1024
HEAVY_ELEMENTS = [
    "img",
    "picture",
    "script",
    "iframe",
    "embed",
    "object",
    "video",
    "audio",
]
FONT_FILES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
VIDEO_URL = "https://video.example.org/watch/circles"


def in_language(path: str, message: str) -> str:
    """The message as the page at `path` shows it, in the language of its prefix."""
    with translation.override(path.split("/")[1]):
        return gettext(message)


def low_mode(client, how: str) -> dict:
    """Ask for the low-bandwidth pages the way a visitor would: the switch's cookie,
    or the browser's Save-Data header; returns the extra request headers."""
    if how == "cookie":
        client.cookies[BANDWIDTH_COOKIE] = "low"
        return {}
    return {"HTTP_SAVE_DATA": "on"}


def switch_link(response):
    links = parse(response).select(".bandwidth-switch a")
    assert len(links) == 1
    return links[0]


@pytest.fixture
def illustrated_story(db) -> StoryPage:
    """A story with a described hero image, an image block with alt text and a caption,
    and an embedded video (its oEmbed answer already in Wagtail's embed cache)."""
    image = get_image_model().objects.first()
    hero = get_image_model().objects.create(
        title="Readers at the table", file=image.file.name
    )
    hero.description = "Readers around the library table"
    hero.save()
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html=f'<iframe src="{VIDEO_URL}/embed" width="640" height="360"></iframe>',
        width=640,
        height=360,
    )
    body = [
        {"type": "paragraph", "value": "<p>How the circle started.</p>"},
        {
            "type": "image",
            "value": {
                "image": {
                    "image": image.pk,
                    "decorative": False,
                    "alt_text": "A handwritten recipe book",
                },
                "caption": "The first reading",
            },
        },
        {"type": "embed", "value": VIDEO_URL},
    ]
    index = StoryIndexPage.objects.get(locale__language_code="en")
    return StoryPageFactory(parent=index, body=json.dumps(body), hero_image=hero)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["cookie", "save-data"])
def test_every_seeded_page_is_light_in_low_bandwidth_mode(client, how):
    headers = low_mode(client, how)
    paths = seeded_paths()
    assert {path.split("/")[1] for path in paths} == set(LANGUAGES)
    too_heavy = {}
    for path in paths:
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        soup = parse(response)
        # A long transcript comes in parts in this mode: weigh every part.
        for next_part in soup.select("main .pagination a[rel=next]"):
            if "/transcript/" in path:
                paths.append(urljoin(path, next_part["href"]))
        assert not soup.find_all(HEAVY_ELEMENTS), path
        assert not [
            link
            for link in soup.find_all("link")
            if link.get("as") == "font" or link["href"].endswith(FONT_FILES)
        ], path
        for asset in linked_assets(response):
            assert b"@font-face" not in asset_bytes(asset)
        assert (
            in_language(path, "Low-bandwidth mode is on.")
            in switch_link(response).parent.text
        )
        if (total := page_weight(response)) >= LOW_BUDGET:
            too_heavy[path] = total
    assert not too_heavy


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["cookie", "save-data"])
def test_low_bandwidth_pages_show_alt_text_and_links_instead_of_images(
    client, illustrated_story, how
):
    headers = low_mode(client, how)
    response = client.get(illustrated_story.url, **headers)
    soup = parse(response)
    assert not soup.find_all(HEAVY_ELEMENTS)
    image_links = {
        link.text.strip(): link["href"] for link in soup.select(".image-link a")
    }
    assert set(image_links) == {
        "Image: Readers around the library table",
        "Image: A handwritten recipe book",
    }
    for href in image_links.values():
        image = client.get(href)
        assert image.status_code == 200
        assert image["Content-Type"] == "image/jpeg"
    assert "The first reading" in soup.find("main").text
    (embed,) = soup.select(".embed-link a")
    assert embed["href"] == VIDEO_URL
    assert "/embed" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_seeded_story_pages_in_low_mode_link_their_hero_image(client, code):
    story = StoryPage.objects.filter(locale__language_code=code).exclude(
        hero_image=None
    )[0]
    standard = parse(client.get(story.url))
    assert standard.find("main").find("picture")
    low = parse(client.get(story.url, HTTP_SAVE_DATA="on"))
    (link,) = low.select("main .image-link a")
    assert link["href"].startswith("/media/images/")
    # The demo illustrations are decorative (no description): the link says so.
    with translation.override(code):
        assert link.text.strip() == gettext("View the image")
    assert not low.find("main").find_all(["img", "picture"])


@pytest.mark.django_db
def test_standard_pages_serve_images_as_responsive_renditions(
    client, illustrated_story
):
    soup = parse(client.get(illustrated_story.url))
    pictures = soup.find("main").find_all("picture")
    assert len(pictures) == 2
    for picture in pictures:
        types = {source["type"] for source in picture.find_all("source")}
        assert types == {"image/avif", "image/webp"}
        for source in picture.find_all("source"):
            assert source["srcset"].count(" ") >= 2, "several widths"
            assert source["sizes"]
        img = picture.find("img")
        assert img["src"].endswith(".jpg")
        assert "," in img["srcset"] and img["sizes"]
        assert int(img["width"]) > 0 and int(img["height"]) > 0
    hero, body_image = (picture.find("img") for picture in pictures)
    assert hero.get("loading") != "lazy"
    assert hero["alt"] == "Readers around the library table"
    assert body_image["loading"] == "lazy"
    assert body_image["alt"] == "A handwritten recipe book"
    assert soup.find("iframe")["src"] == f"{VIDEO_URL}/embed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "eager"),
    [
        # The home page's story cards come after the hero, the introduction and
        # the sections: all below the fold. A listing's first card is not.
        ("/en/", 0),
        ("/fr/stories/", 1),
    ],
)
def test_listing_images_load_lazily_below_the_fold(client, path, eager):
    images = parse(client.get(path)).find("main").find_all("img")
    assert len(images) >= 3
    assert [img["loading"] for img in images] == ["eager"] * eager + ["lazy"] * (
        len(images) - eager
    )
    for img in images:
        assert img.find_parent("picture").find("source", type="image/avif")
        assert img["srcset"] and img["sizes"] and img["width"] and img["height"]


def count_queries(client, path: str, **headers) -> int:
    client.get(path, **headers)  # warm per-process caches, make the renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, **headers).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, {"HTTP_SAVE_DATA": "on"}])
@pytest.mark.parametrize("suffix", ["", "communities/szentlorinc-reading-circle/"])
def test_listing_images_add_no_query_per_story(client, locales, headers, suffix):
    index = StoryIndexPage.objects.get(locale__language_code="en")
    community = StoryPage.objects.get(slug="reading-circles-county-line").community
    image = StoryPage.objects.exclude(hero_image=None).first().hero_image
    path = index.url + suffix
    small = count_queries(client, path, **headers)
    for _ in range(10):
        StoryPageFactory(parent=index, hero_image=image, community=community)
    large = count_queries(client, path, **headers)
    if not headers:
        assert len(parse(client.get(path)).find("main").find_all("picture")) > 10
    assert large == small


@pytest.mark.django_db
def test_the_switch_is_on_every_page_and_brings_the_visitor_back(client):
    response = client.get("/fr/stories/?topic=adult-literacy")
    link = switch_link(response)
    assert in_language("/fr/", "Standard mode is on.") in link.parent.text
    url = urlsplit(link["href"])
    assert url.path == "/fr/bandwidth/"
    assert parse_qs(url.query) == {
        "mode": ["low"],
        "next": ["/fr/stories/?topic=adult-literacy"],
    }
    assert link["rel"] == ["nofollow"]

    switched = client.get(link["href"])
    assert switched.status_code == 302
    assert switched["Location"] == "/fr/stories/?topic=adult-literacy"
    cookie = switched.cookies[BANDWIDTH_COOKIE]
    assert cookie.value == "low"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] and not cookie["secure"]
    assert "no-store" in switched["Cache-Control"]

    low = client.get("/fr/stories/?topic=adult-literacy")
    assert linked_assets(low) == ["css/light.css"]
    back = switch_link(low)
    assert parse_qs(urlsplit(back["href"]).query)["mode"] == ["standard"]
    client.get(back["href"])
    assert client.cookies[BANDWIDTH_COOKIE].value == "standard"
    assert linked_assets(client.get("/fr/stories/")) == ["css/portal.css"]


@pytest.mark.django_db
def test_the_cookie_is_secure_over_https(client):
    response = client.get(
        "/en/bandwidth/", {"mode": "low", "next": "/en/"}, secure=True
    )
    assert response.cookies[BANDWIDTH_COOKIE]["secure"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_path",
    [
        "//evil.example.org/",
        "https://evil.example.org/",
        "/\\evil.example.org",
        "\\\\evil.example.org",
        "javascript:alert(1)",
        "/en/\r\nSet-Cookie: stolen=1",
        "/en/\x00",
        "",
        "en/stories/",
    ],
)
def test_the_switch_redirects_only_to_local_paths(client, next_path):
    response = client.get("/es/bandwidth/", {"mode": "low", "next": next_path})
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert response.cookies[BANDWIDTH_COOKIE].value == "low"


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["", "<script>alert(1)</script>", "LOW", "heavy"])
def test_an_unknown_mode_changes_nothing_and_is_not_reflected(client, mode):
    response = client.get(
        "/en/bandwidth/",
        {"mode": mode, "next": '/en/"><script>alert(2)</script>'},
    )
    assert response.status_code == 400
    assert BANDWIDTH_COOKIE not in response.cookies
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "This link did not say which mode to use, so nothing was changed." in html
    choices = [
        parse_qs(urlsplit(link["href"]).query)
        for link in parse(response).select("main a[href*='bandwidth']")
    ]
    assert [choice["mode"] for choice in choices] == [["low"], ["standard"]]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_switch_takes_no_post(client):
    assert client.post("/en/bandwidth/", {"mode": "low"}).status_code == 405


@pytest.mark.django_db
def test_the_cookie_wins_over_save_data(client):
    story = (
        StoryPage.objects.exclude(hero_image=None)
        .filter(locale__language_code="pt")
        .first()
    )
    client.cookies[BANDWIDTH_COOKIE] = "standard"
    response = client.get(story.url, HTTP_SAVE_DATA="on")
    assert linked_assets(response) == ["css/portal.css"]
    assert parse(response).find("picture")
    assert (
        in_language(story.url, "Standard mode is on.")
        in switch_link(response).parent.text
    )


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["", "huge", "<b>"])
def test_an_unknown_cookie_value_falls_back_to_save_data(client, cookie):
    client.cookies[BANDWIDTH_COOKIE] = cookie
    assert linked_assets(client.get("/en/", HTTP_SAVE_DATA="on")) == ["css/light.css"]
    assert linked_assets(client.get("/en/")) == ["css/portal.css"]


@pytest.mark.django_db
def test_pages_do_not_vary_on_the_cookie(client):
    for headers in [{}, {"HTTP_SAVE_DATA": "on"}]:
        response = client.get("/en/recordings/", **headers)
        assert "cookie" not in response.get("Vary", "").lower()
