"""The stories section: its listing, filters and RSS feed."""

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from django_countries import countries

from core.localized import in_locale_or_source
from core.memo import private_q
from core.models import (
    SectionIndexPage,
    Topic,
)
from core.utils import paginate, slug_or_empty

from .communities import CommunityProfile
from .stories import APPROACHES, STORIES, StoryPage


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
        profile = in_locale_or_source(profiles.select_related("locale"), self.locale)
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
