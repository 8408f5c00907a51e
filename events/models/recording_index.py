"""`/<lang>/recordings/`: every recording in a language, filtered by topic, series and
language, and the podcast feed."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.basics import site_identity
from core.listing import Choice, ListingFilters, SnippetSlug
from core.memo import private_q
from core.models import SectionIndexPage, Topic
from core.utils import absolute_url, paginate

from .events import ALL_LANGUAGES, EventLanguage, EventSeries
from .recordings import (
    RECORDINGS,
    RecordingPage,
    RecordingPageTopic,
    topics_prefetch,
)

PODCAST_SIZE = 50


class RecordingIndexPage(RoutablePageMixin, SectionIndexPage):
    """`/<lang>/recordings/`: newest first, filtered by topic, series and language,
    and a podcast feed whose items carry the audio."""

    translation_section = RECORDINGS

    subpage_types = ["events.RecordingPage"]

    class Meta:
        verbose_name = _("recording index page")
        verbose_name_plural = _("recording index pages")

    def listing_queryset(self):
        return (
            RecordingPage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .defer_streamfields()
            .select_related("audio")
            .prefetch_related(topics_prefetch())
            .order_by("-date", "-pk")
        )

    def listing_context(self, request) -> dict:
        filters = RecordingFilters(request.GET, self.locale)
        recordings = self.listing_queryset()
        return {
            "filters": filters,
            "filter_options": filters.form_options(recordings),
            "items": paginate(request, filters.apply(recordings), self.per_page),
        }

    @path("podcast/", name="podcast")
    def podcast(self, request):
        """RSS 2.0 with an audio enclosure per recording, for podcast apps."""
        feed = Rss201rev2Feed(
            title=f"{self.title} · {site_identity(request).name}",
            link=self.get_absolute_url(request),
            description=strip_tags(self.introduction) or self.title,
            language=self.locale.language_code,
            feed_url=self.podcast_url(request),
        )
        recordings = self.listing_queryset().filter(audio__isnull=False)
        for recording in recordings[:PODCAST_SIZE]:
            url = recording.get_absolute_url(request)
            feed.add_item(
                title=recording.title,
                link=url,
                description=recording.summary,
                unique_id=url,
                unique_id_is_permalink=True,
                pubdate=dt.datetime.combine(recording.date, dt.time(12), tzinfo=dt.UTC),
                categories=[
                    link.topic.name for link in recording.recording_topics.all()
                ],
                enclosures=[
                    Enclosure(
                        absolute_url(recording.audio.url),
                        str(recording.audio.get_file_size() or 0),
                        recording.audio.content_type,
                    )
                ],
            )
        return HttpResponse(
            feed.writeString("utf-8"), content_type="application/rss+xml; charset=utf-8"
        )

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        return {**context, "podcast_url": self.podcast_url(request)}

    def podcast_url(self, request=None) -> str:
        return self.get_absolute_url(request) + self.reverse_subpage("podcast")


def with_topic(recordings: QuerySet, topic: Topic) -> QuerySet:
    return recordings.filter(
        pk__in=RecordingPageTopic.objects.filter(
            topic__translation_key=topic.translation_key
        ).values("page_id")
    )


def in_series(recordings: QuerySet, series: EventSeries) -> QuerySet:
    return recordings.filter(event__series__translation_key=series.translation_key)


def in_language(recordings: QuerySet, language: str) -> QuerySet:
    return recordings.filter(
        event_id__in=EventLanguage.objects.filter(language=language).values("page_id")
    )


class RecordingFilters(ListingFilters):
    """A recording listing's filters (topic, series, language).

    Topic and series slugs are the same in every language; they are looked up in
    the page's locale and matched by translation_key, so a recording still pointing
    at the source event (and its series) is found from every language."""

    filters = (
        SnippetSlug("topic", lookup=with_topic, model=Topic),
        SnippetSlug("series", lookup=in_series, model=EventSeries),
        Choice("language", lookup=in_language, values=dict(ALL_LANGUAGES)),
    )

    def form_options(self, recordings: QuerySet) -> dict[str, list[dict]]:
        """Each filter's choices: what the recordings of this index use, named in the
        page's language; one query per filter."""
        topics = Topic.objects.filter(
            locale=self.locale,
            translation_key__in=RecordingPageTopic.objects.filter(
                page__in=recordings.values("pk")
            ).values("topic__translation_key"),
        )
        series = EventSeries.objects.filter(
            locale=self.locale,
            translation_key__in=recordings.filter(event__series__isnull=False).values(
                "event__series__translation_key"
            ),
        )
        languages = set(
            EventLanguage.objects.filter(
                page_id__in=recordings.values("event_id")
            ).values_list("language", flat=True)
        )
        return {
            "topic": self.options(
                "topic", ((topic.slug, topic.name) for topic in topics)
            ),
            "series": self.options(
                "series", ((item.slug, item.name) for item in series)
            ),
            "language": self.options(
                "language",
                ((code, name) for code, name in ALL_LANGUAGES if code in languages),
            ),
        }
