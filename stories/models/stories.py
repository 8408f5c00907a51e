"""A community guide story: how one community learned with others, what worked
and what did not."""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from django_countries.fields import CountryField

from core.localized import localized, localized_in_bulk
from core.memo import private_q
from core.models import (
    BasePage,
    Section,
    TopicLink,
)
from core.utils import index_url, with_images

from ..blocks import StoryBlock
from .communities import CommunityProfile

STORIES = Section("stories", _("Stories"), order=10)

APPROACHES = [
    ("partnership", _("Learning partnership")),
    ("peer_exchange", _("Peer exchange")),
    ("mentoring", _("Mentoring")),
    ("learning_clinic", _("Learning clinic")),
    ("community_of_practice", _("Community of practice")),
    ("study_visit", _("Study visit")),
]


class StoryPageKeyword(TaggedItemBase):
    """Free-form keywords (django-taggit): for search and related-story scoring."""

    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_keywords"
    )


class StoryPageTopic(TopicLink):
    """A story's topic; translatable, so wagtail-localize points the French story
    at the French topic."""

    page = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="story_topics"
    )

    class Meta(TopicLink.Meta):
        verbose_name = _("story topic")


class StoryPageRelatedStory(Orderable):
    """A story chosen by hand as related; kept as the source page and shown in the
    visitor's language at render time."""

    page = ParentalKey(
        "stories.StoryPage",
        on_delete=models.CASCADE,
        related_name="related_story_links",
    )
    story = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("story")]


class StoryPage(BasePage):
    """A community guide story: how one community learned, what worked, what didn't."""

    translation_section = STORIES
    search_section = STORIES
    new_work_kind = "story"
    topics_relation = "story_topics"

    RELATED_COUNT = 3
    serve_select_related = [*BasePage.serve_select_related, "guide", "community"]

    summary = models.TextField(_("summary"), max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    country = CountryField(_("country"))
    place = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("Town, valley or neighbourhood."),
    )
    community = models.ForeignKey(
        CommunityProfile,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    approach = models.CharField(_("approach"), max_length=32, choices=APPROACHES)
    guide = models.ForeignKey(
        "core.Person",
        verbose_name=_("guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who wrote this guide story."),
    )
    body = StreamField(StoryBlock(), verbose_name=_("body"))
    keywords = ClusterTaggableManager(
        verbose_name=_("keywords"), through=StoryPageKeyword, blank=True
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [FieldPanel("country"), FieldPanel("place"), FieldPanel("community")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("approach"), InlinePanel("story_topics", label=_("Topics"))],
            heading=_("What kind of learning"),
        ),
        FieldPanel("body"),
        FieldPanel("guide"),
        InlinePanel("related_story_links", label=_("Related stories"), max_num=6),
        FieldPanel("keywords"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("place"),
        index.SearchField("body"),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.FilterField("country"),
        index.FilterField("approach"),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        topic_links = list(self.story_topics.select_related("topic"))
        context["topics"] = [link.topic for link in topic_links]
        context["community"] = localized(self.community)
        context["guide"] = localized(self.guide)
        related = self.related_stories([link.topic_id for link in topic_links])
        with_images([self, *related])
        context["related_stories"] = related
        context["index_url"] = index_url(self, request)
        return context

    def related_stories(self, topic_ids: list[int] | None = None) -> list["StoryPage"]:
        """Hand-picked stories in this page's language, topped up by the stories that
        share most topics (`topic_ids`, this story's unless given) and keywords."""
        chosen = localized_in_bulk(
            [link.story for link in self.related_story_links.select_related("story")],
            self.locale,
        )
        chosen = [story for story in chosen if story.live and story.pk != self.pk]
        missing = self.RELATED_COUNT - len(chosen)
        if missing > 0:
            # A preview holds these relations in memory, as plain lists; a saved
            # story's keywords are a subquery (a query fewer).
            if topic_ids is None:
                topic_ids = [link.topic_id for link in self.story_topics.all()]
            if self.tagged_keywords.is_deferring:
                keyword_ids = [link.tag_id for link in self.tagged_keywords.all()]
            else:
                keyword_ids = StoryPageKeyword.objects.filter(
                    content_object_id=self.pk
                ).values("tag_id")
            candidates = (
                StoryPage.objects.live()
                .exclude(private_q())
                .filter(locale_id=self.locale_id)
                .exclude(pk__in=[self.pk, *(story.pk for story in chosen)])
                .annotate(
                    score=Count(
                        "story_topics",
                        filter=Q(story_topics__topic_id__in=topic_ids),
                        distinct=True,
                    )
                    * 2
                    + Count(
                        "tagged_keywords",
                        filter=Q(tagged_keywords__tag_id__in=keyword_ids),
                        distinct=True,
                    )
                )
                .filter(score__gt=0)
                .order_by("-score", "-first_published_at")
                .defer_streamfields()
            )
            chosen += list(candidates[:missing])
        return chosen[: self.RELATED_COUNT]

    def structured_data(self, request=None) -> dict:
        """JSON-LD for search engines: an Article in this page's language."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.summary,
            "inLanguage": self.locale.language_code,
            "url": self.get_absolute_url(request),
            "datePublished": self.first_published_at.isoformat()
            if self.first_published_at
            else None,
            "dateModified": self.last_published_at.isoformat()
            if self.last_published_at
            else None,
            "contentLocation": {
                "@type": "Place",
                "name": ", ".join(filter(None, [self.place, self.country.name])),
            },
        }
        if self.guide:
            data["author"] = {"@type": "Person", "name": self.guide.name}
        return {key: value for key, value in data.items() if value is not None}
