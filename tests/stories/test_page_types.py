"""Story pages in the admin: the checks every content page type passes."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from core.models import Topic
from stories.models import StoryIndexPage, StoryPage
from tests.core.content_page_types import ContentPageTypeChecks


def story_data(title: str, slug: str) -> dict:
    topic = Topic.objects.get(slug="adult-literacy", locale__language_code="en")
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "How a village learned to run its own reading circle.",
            "country": "HU",
            "place": "Pécs",
            "approach": "partnership",
            "community": "",
            "guide": "",
            "keywords": "reading, villages",
            "body": streamfield(
                [("paragraph", rich_text("<p>We met every week.</p>"))]
            ),
            "story_topics": inline_formset([{"topic": topic.pk}]),
            "related_story_links": inline_formset([]),
        }
    )


class StoryPageTypeTests(ContentPageTypeChecks, WagtailPageTestCase):
    content = [(StoryIndexPage, StoryPage, story_data)]
