"""The public policy has no 'unsafe-inline': every seeded public page, in every
language, must then carry no inline script, no `<style>` element, no `style=`
attribute and no event-handler attribute, or a browser would refuse them."""

from html.parser import HTMLParser

from wagtail.models import Page

import pytest

from events.models import EventIndexPage

pytestmark = pytest.mark.django_db

# Data blocks are never executed, so CSP does not apply to them.
DATA_TYPES = {"application/ld+json", "application/json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.tags = 0

    def handle_starttag(self, tag, attrs):
        self.tags += 1
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").lower()
        if (
            tag == "script"
            and "src" not in attributes
            and script_type not in DATA_TYPES
        ):
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}>')
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name in {"href", "src", "action"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> tuple[list[str], int]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems, finder.tags


def seeded_public_urls() -> list[str]:
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    urls = [page.url for page in pages]
    for events in EventIndexPage.objects.live():
        urls.append(f"{events.url}calendar/")
    for language in ("en", "fr", "es", "pt", "ar"):
        urls += [
            f"/{language}/search/?q=learning",
            f"/{language}/subscribe/",
            f"/{language}/no-such-page/",
        ]
    return urls


def test_no_seeded_public_page_carries_inline_script_or_style(client):
    urls = seeded_public_urls()
    assert len(urls) > 50
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response.headers["Content-Type"].startswith("text/html"), url
        problems, tags = inline_code(response.content.decode())
        assert tags > 20, url
        if problems:
            found[url] = sorted(set(problems))
    assert found == {}


def test_the_finder_sees_what_the_policy_would_block():
    problems, _ = inline_code(
        '<p style="color:red" onclick="x()">a</p><style>p{}</style>'
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/ld+json">{}</script><a href="javascript:x()">b</a>'
    )
    assert problems == [
        'style="color:red" on <p>',
        "onclick handler on <p>",
        "<style> element",
        "inline <script>",
        "javascript: URL on <a>",
    ]
