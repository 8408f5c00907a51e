"""Community guide stories: how one community learned with others, what worked and
what did not; the communities they come from and the topics that connect them."""

from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from django_countries import countries
from django_countries.fields import CountryField

from core.localized import localized_in_bulk
from core.memo import private_q
from core.models import (
    BasePage,
    Section,
    SectionIndexPage,
    ShownSiteWide,
    Topic,
    TopicLink,
)
from core.utils import index_url, paginate, slug_or_empty, with_images

from .blocks import StoryBlock

STORIES = Section("stories", _("Stories"))

APPROACHES = [
    ("partnership", _("Learning partnership")),
    ("peer_exchange", _("Peer exchange")),
    ("mentoring", _("Mentoring")),
    ("learning_clinic", _("Learning clinic")),
    ("community_of_practice", _("Community of practice")),
    ("study_visit", _("Study visit")),
]


class CommunityProfile(ShownSiteWide, TranslatableMixin, models.Model):
    """A community or organisation that tells its stories here: the community
    profile tool of the learning-community guides."""

    KINDS = [
        ("community_group", _("Community group")),
        ("ngo", _("Non-governmental organisation")),
        ("adult_education", _("Adult education centre")),
        ("local_authority", _("Local authority")),
        ("library", _("Library")),
        ("cooperative", _("Cooperative")),
        ("school", _("School")),
    ]
    SIZES = [
        ("small", _("Fewer than 20 people")),
        ("medium", _("20 to 100 people")),
        ("large", _("100 to 500 people")),
        ("very_large", _("More than 500 people")),
    ]

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind of organisation"), max_length=32, choices=KINDS)
    size = models.CharField(_("size"), max_length=16, choices=SIZES, blank=True)
    focus = models.TextField(
        _("focus"), max_length=600, help_text=_("What the community works on.")
    )
    partners = models.TextField(
        _("partners"), max_length=600, blank=True, help_text=_("Who it learns with.")
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("kind"),
        FieldPanel("size"),
        FieldPanel("focus"),
        FieldPanel("partners"),
        FieldPanel("website"),
    ]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("community profile")
        verbose_name_plural = _("community profiles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_community_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


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
        context["community"] = (localized_in_bulk([self.community]) or [None])[0]
        context["guide"] = (localized_in_bulk([self.guide]) or [None])[0]
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

    def structured_data(self) -> dict:
        """JSON-LD for search engines: an Article in this page's language."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.summary,
            "inLanguage": self.locale.language_code,
            "url": self.get_absolute_url(),
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


class StoryIndexPage(RoutablePageMixin, SectionIndexPage):
    """`/<lang>/stories/`: every story in this language, newest first, filtered by
    country, topic and approach; an RSS feed; a page per community profile."""

    translation_section = STORIES

    subpage_types = ["stories.StoryPage"]

    class Meta:
        verbose_name = _("story index page")
        verbose_name_plural = _("story index pages")

    def listing_queryset(self):
        return (
            StoryPage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .order_by("-first_published_at", "-pk")
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
        )

    def listing_context(self, request) -> dict:
        filters = StoryFilters(request.GET, self.locale)
        stories = filters.apply(self.listing_queryset())
        return {
            "filters": filters,
            "facets": filters.facets(self.listing_queryset()),
            "items": paginate(request, stories, self.per_page),
        }

    @path("feed/", name="feed")
    def feed(self, request):
        """RSS 2.0 feed of the newest stories in this language."""
        feed = Rss201rev2Feed(
            title=f"{self.title} · Learning Commons",
            link=self.get_absolute_url(),
            description=strip_tags(self.introduction) or self.title,
            language=self.locale.language_code,
            feed_url=self.get_absolute_url() + "feed/",
        )
        stories = self.listing_queryset().select_related(None).prefetch_related(None)
        for story in stories[:FEED_SIZE]:
            url = story.get_absolute_url(request)
            feed.add_item(
                title=story.title,
                link=url,
                description=story.summary,
                unique_id=url,
                unique_id_is_permalink=True,
                pubdate=story.first_published_at,
                updateddate=story.last_published_at,
            )
        return HttpResponse(feed.writeString("utf-8"), content_type=RSS_CONTENT_TYPE)

    @path("communities/<slug:slug>/", name="community")
    def community(self, request, slug: str):
        """A community profile and its stories in this language."""
        profiles = CommunityProfile.objects.filter(slug=slug)
        profile = profiles.filter(locale=self.locale).first() or profiles.first()
        if profile is None:
            raise Http404
        stories = self.listing_queryset().filter(
            community__translation_key=profile.translation_key
        )
        return self.render(
            request,
            context_overrides={
                "profile": profile,
                "items": paginate(request, stories, self.per_page),
            },
            template="stories/community_profile.html",
        )

    def feed_url(self) -> str:
        return self.get_absolute_url() + self.reverse_subpage("feed")


FEED_SIZE = 20
RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"


class StoryFilters:
    """The visitor's filter choices, checked against what exists; unknown values are
    ignored rather than failing."""

    def __init__(self, params, locale):
        self.locale = locale
        country = params.get("country", "").upper()
        self.country = country if country in countries else ""
        approach = params.get("approach", "")
        self.approach = approach if approach in dict(APPROACHES) else ""
        slug = slug_or_empty(params.get("topic", ""))
        self.topic = (
            Topic.objects.filter(slug=slug, locale=locale).first() if slug else None
        )

    @property
    def active(self) -> bool:
        return bool(self.country or self.approach or self.topic)

    def apply(self, stories, skip: str = ""):
        if self.country and skip != "country":
            stories = stories.filter(country=self.country)
        if self.approach and skip != "approach":
            stories = stories.filter(approach=self.approach)
        if self.topic and skip != "topic":
            stories = stories.filter(story_topics__topic=self.topic)
        return stories

    def facets(self, stories) -> dict[str, list[dict]]:
        """Each filter's options with how many stories each would show, given the
        other filters: one query per filter."""
        countries_count = (
            self.apply(stories, skip="country")
            .order_by()
            .values_list("country")
            .annotate(n=Count("pk", distinct=True))
        )
        approach_count = dict(
            self.apply(stories, skip="approach")
            .order_by()
            .values_list("approach")
            .annotate(n=Count("pk", distinct=True))
        )
        topic_count = (
            self.apply(stories, skip="topic")
            .order_by()
            .values_list("story_topics__topic__slug", "story_topics__topic__name")
            .annotate(n=Count("pk", distinct=True))
        )
        return {
            "country": sorted(
                (
                    {
                        "value": code,
                        "label": countries.name(code),
                        "count": n,
                        "selected": code == self.country,
                    }
                    for code, n in countries_count
                    if code
                ),
                key=lambda option: option["label"],
            ),
            "topic": sorted(
                (
                    {
                        "value": slug,
                        "label": name,
                        "count": n,
                        "selected": self.topic is not None and slug == self.topic.slug,
                    }
                    for slug, name, n in topic_count
                    if slug
                ),
                key=lambda option: option["label"],
            ),
            "approach": [
                {
                    "value": value,
                    "label": label,
                    "count": approach_count[value],
                    "selected": value == self.approach,
                }
                for value, label in APPROACHES
                if value in approach_count
            ],
        }
