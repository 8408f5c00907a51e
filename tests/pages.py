"""Weighing pages as a browser would fetch them: the HTML the test client gets plus
the stylesheets and scripts it links (from the static files finders)."""

from pathlib import Path

from django.contrib.staticfiles import finders

from wagtail.models import Page

from bs4 import BeautifulSoup

from events.models import RecordingPage

STATIC_PREFIX = "/static/"


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def linked_assets(response) -> list[str]:
    """The static paths of every stylesheet and script the page links."""
    soup = parse(response)
    urls = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    urls += [script["src"] for script in soup.find_all("script", src=True)]
    assert all(url.startswith(STATIC_PREFIX) for url in urls), urls
    return [url.removeprefix(STATIC_PREFIX) for url in urls]


def asset_bytes(path: str) -> bytes:
    found = finders.find(path)
    assert found, f"{path} is not a static file"
    return Path(found).read_bytes()


def page_weight(response) -> int:
    """HTML + CSS + JS, uncompressed, images aside."""
    assets = linked_assets(response)
    assert assets, "the page links its stylesheet"
    return len(response.content) + sum(len(asset_bytes(path)) for path in assets)


def main_content_bytes(response) -> int:
    """The bytes between `<main ...>` and `</main>`."""
    html = response.content
    opening = html.index(b"<main")
    start = html.index(b">", opening) + 1
    end = html.rindex(b"</main>")
    assert html.count(b"<main") == 1 and start <= end
    return end - start


def chrome_weight(response) -> int:
    """Everything but the main content: header, navigation, footer, CSS and JS."""
    return page_weight(response) - main_content_bytes(response)


def seeded_paths(types: tuple = ()) -> list[str]:
    """Every live public page of the seeded site in every language (of `types` when
    given), with the transcript pages of recordings whose transcript is long."""
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    paths = []
    for page in pages:
        if types and not isinstance(page, types):
            continue
        paths.append(page.url)
        if isinstance(page, RecordingPage) and page.has_long_transcript:
            paths.append(page.transcript_url())
    return paths
