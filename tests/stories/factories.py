"""Factories for community guide stories."""

import factory
import wagtail_factories

from stories.models import StoryPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Generated story {n}")
    slug = factory.Sequence(lambda n: f"generated-story-{n}")
    summary = "How a community learned with its neighbours."
    country = "PT"
    approach = "peer_exchange"
    body = [("paragraph", "<p>What happened.</p>")]

    class Meta:
        model = StoryPage
