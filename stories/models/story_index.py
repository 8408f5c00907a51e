"""The stories section: its listing, filters and RSS feed."""

from operator import itemgetter

from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from django_countries import countries

from core.basics import site_identity
from core.listing import Choice, ListingFilters, SnippetSlug
from core.localized import in_locale_or_source
from core.memo import private_q
from core.models import SectionIndexPage, Topic
from core.utils import paginate

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
            title=f"{self.title} · {site_identity(request).name}",
            link=self.get_absolute_url(request),
            description=strip_tags(self.introduction) or self.title,
            language=self.locale.language_code,
            feed_url=self.feed_url(request),
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

    def shared_context(self, request) -> dict:
        return {**super().shared_context(request), "feed_url": self.feed_url(request)}

    def feed_url(self, request=None) -> str:
        return self.get_absolute_url(request) + self.reverse_subpage("feed")


FEED_SIZE = 20
RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"


class StoryFilters(ListingFilters):
    """A story listing's filters (country, approach, topic), each option counted."""

    filters = (
        Choice("country", lookup="country", values=countries, normalize=str.upper),
        Choice("approach", lookup="approach", values=dict(APPROACHES)),
        SnippetSlug("topic", lookup="story_topics__topic", model=Topic),
    )

    def facets(self, stories: QuerySet) -> dict[str, list[dict]]:
        """Each filter's options with how many stories each would show, given the
        other filters: one query per filter."""
        by_country = self.counted(stories, "country", "country")
        by_approach = dict(self.counted(stories, "approach", "approach"))
        by_topic = self.counted(
            stories, "topic", "story_topics__topic__slug", "story_topics__topic__name"
        )
        return {
            "country": sorted(
                (
                    self.option("country", code, countries.name(code), count=n)
                    for code, n in by_country
                    if code
                ),
                key=itemgetter("label"),
            ),
            "topic": sorted(
                (
                    self.option("topic", slug, name, count=n)
                    for slug, name, n in by_topic
                    if slug
                ),
                key=itemgetter("label"),
            ),
            "approach": [
                self.option("approach", value, label, count=by_approach[value])
                for value, label in APPROACHES
                if value in by_approach
            ],
        }

    def counted(self, stories: QuerySet, skip: str, *fields: str) -> QuerySet:
        """Stories per value of `fields`, given every chosen filter but `skip`."""
        return (
            self.apply(stories, skip=skip)
            .order_by()
            .values_list(*fields)
            .annotate(n=Count("pk", distinct=True))
        )
