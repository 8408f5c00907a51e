"""Seminar recordings: a seminar kept as a permanent resource, lightest media first."""

import datetime as dt

from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from bs4 import BeautifulSoup

from core.bandwidth import is_low_bandwidth
from core.localized import localized_in_bulk
from core.models import BasePage, PersonLink, Section, TopicLink
from core.utils import absolute_url, index_url

RECORDINGS = Section("recordings", _("Recordings"), order=30)


class ChapterBlock(blocks.StructBlock):
    time = blocks.CharBlock(
        label=_("time code"), max_length=8, help_text=_("e.g. 12:30 or 1:02:15")
    )
    title = blocks.CharBlock(label=_("title"), max_length=160)

    class Meta:
        icon = "time"
        label = _("Chapter")


class RecordingSpeaker(PersonLink):
    page = ParentalKey(
        "events.RecordingPage",
        on_delete=models.CASCADE,
        related_name="recording_speakers",
    )


class RecordingCaption(Orderable):
    """A WebVTT captions file for the video, in one language."""

    page = ParentalKey(
        "events.RecordingPage", on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField(_("language"), max_length=8, choices=ALL_LANGUAGES)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("WebVTT file"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("file")])]


class RecordingPageTopic(TopicLink):
    """A recording's topic; translatable, so wagtail-localize points the French
    recording at the French topic."""

    page = ParentalKey(
        "events.RecordingPage",
        on_delete=models.CASCADE,
        related_name="recording_topics",
    )

    class Meta(TopicLink.Meta):
        verbose_name = _("recording topic")


def topics_prefetch() -> Prefetch:
    """Cards and feeds show each recording's topics: one query for the whole list."""
    return Prefetch(
        "recording_topics",
        queryset=RecordingPageTopic.objects.select_related("topic"),
    )


class RecordingPage(RoutablePageMixin, BasePage):
    """A seminar kept as a permanent resource: transcript, audio, slides and video,
    lightest first, so that a visitor on a slow line can choose."""

    translation_section = RECORDINGS
    search_section = RECORDINGS
    new_work_kind = "recording"
    topics_relation = "recording_topics"

    # A transcript longer than this (characters of text; some 8 KB of Arabic)
    # moves to its own page, `transcript/`, so that the recording page stays light;
    # the recording page keeps an opening excerpt of about `transcript_excerpt_chars`.
    serve_select_related = [
        *BasePage.serve_select_related,
        "event",
        "audio",
        "video",
        "slides",
    ]
    long_transcript_chars = 4000
    transcript_excerpt_chars = 1500
    # Low-bandwidth mode splits the transcript page into parts of about this size.
    low_bandwidth_transcript_part_chars = 3000

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(_("date recorded"))
    duration = models.DurationField(_("duration"), help_text=_("e.g. 01:15:00"))
    summary = models.TextField(_("summary"), max_length=400)
    audio = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("audio file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_url = models.URLField(
        _("external video"),
        blank=True,
        help_text=_(
            "An alternative on a video platform; it loads only when the visitor asks."
        ),
    )
    transcript = RichTextField(
        _("transcript"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"],
    )
    chapters = StreamField(
        [("chapter", ChapterBlock())], verbose_name=_("chapters"), blank=True
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("duration")]),
        FieldPanel("event"),
        InlinePanel("recording_speakers", label=_("Speakers")),
        InlinePanel("recording_topics", label=_("Topics")),
        MultiFieldPanel(
            [
                FieldPanel("audio"),
                FieldPanel("slides"),
                FieldPanel("video"),
                FieldPanel("video_url"),
            ],
            heading=_("Media"),
        ),
        InlinePanel("captions", label=_("Captions")),
        FieldPanel("chapters"),
        FieldPanel("transcript"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("transcript"),
        index.SearchField("chapters"),
        index.RelatedFields(
            "recording_topics",
            [index.RelatedFields("topic", [index.SearchField("name")])],
        ),
        index.FilterField("date"),
    ]

    parent_page_types = ["events.RecordingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        context["speakers"] = localized_in_bulk(
            [link.person for link in self.recording_speakers.select_related("person")],
            self.locale,
        )
        context["topics"] = localized_in_bulk(
            [link.topic for link in self.recording_topics.select_related("topic")],
            self.locale,
        )
        context["event"] = self.event_in_locale()
        context["index_url"] = index_url(self, request)
        context["media_options"] = self.media_options(request)
        if self.has_long_transcript:
            context["transcript_excerpt"] = self.transcript_excerpt()
            context["transcript_url"] = self.transcript_url(request)
        return context

    @path("transcript/", name="transcript")
    def transcript_view(self, request):
        """The whole transcript on its own page, for transcripts too long to keep the
        recording page light; its language links point at each translation's. In
        low-bandwidth mode it comes in parts (`?part=2`) that each stay light."""
        if not self.transcript:
            raise Http404
        context = {"language_route_suffix": self.reverse_subpage("transcript")}
        if is_low_bandwidth(request):
            parts = self.transcript_parts(self.low_bandwidth_transcript_part_chars)
            try:
                number = int(request.GET.get("part", "1"))
            except ValueError:
                number = 1
            number = min(max(number, 1), len(parts))
            context.update(
                transcript_html=parts[number - 1],
                transcript_part=number,
                transcript_part_count=len(parts),
            )
        else:
            context["transcript_html"] = self.transcript
        return self.render(
            request,
            template="events/recording_transcript.html",
            context_overrides=context,
        )

    @property
    def has_long_transcript(self) -> bool:
        return len(strip_tags(self.transcript)) > self.long_transcript_chars

    def transcript_url(self, request=None) -> str:
        return (self.get_url(request) or "/") + self.reverse_subpage("transcript")

    def transcript_parts(self, chars: int) -> list[str]:
        """The transcript in consecutive parts of whole blocks (never a cut
        sentence), each of at least `chars` characters of text but the last."""
        parts, kept, length = [], [], 0
        for element in BeautifulSoup(self.transcript, "html.parser").contents:
            kept.append(str(element))
            length += len(element.get_text())
            if length >= chars:
                parts.append("".join(kept))
                kept, length = [], 0
        if kept or not parts:
            parts.append("".join(kept))
        return parts

    def transcript_excerpt(self) -> str:
        """The transcript's opening blocks, about `transcript_excerpt_chars` of text."""
        return self.transcript_parts(self.transcript_excerpt_chars)[0]

    def event_in_locale(self):
        """The event this recording came from, in this page's language where it is
        translated, else the source event; `None` once no version is live."""
        if self.event is None:
            return None
        (event,) = localized_in_bulk([self.event], self.locale)
        return event if event.live else None

    @property
    def duration_minutes(self) -> int:
        return round(self.duration.total_seconds() / 60)

    def media_options(self, request=None) -> list[dict]:
        """Every way to take in the seminar, lightest first, each with its size."""
        options = []
        if self.transcript:
            options.append(
                {
                    "kind": "transcript",
                    "label": _("Read the transcript"),
                    "url": (
                        self.transcript_url(request)
                        if self.has_long_transcript
                        else "#transcript"
                    ),
                    "size": len(self.transcript.encode()),
                }
            )
        for kind, label, document in [
            ("audio", _("Listen to the audio"), self.audio),
            ("slides", _("Download the slides"), self.slides),
            ("video", _("Download the video"), self.video),
        ]:
            if document:
                options.append(
                    {
                        "kind": kind,
                        "label": label,
                        "url": document.url,
                        "size": document.get_file_size() or 0,
                        "extension": document.file_extension.upper(),
                    }
                )
        return options

    def structured_data(self, request=None) -> dict:
        media_type = "VideoObject" if self.video or self.video_url else "AudioObject"
        data = {
            "@context": "https://schema.org",
            "@type": media_type,
            "name": self.title,
            "description": self.summary,
            "uploadDate": self.date.isoformat(),
            "duration": duration_iso(self.duration),
            "inLanguage": self.locale.language_code,
            "url": self.get_absolute_url(request),
        }
        # A long transcript has its own page; repeating it here would double the
        # weight of the recording page.
        if self.transcript and not self.has_long_transcript:
            data["transcript"] = strip_tags(self.transcript)
        media = self.video or self.audio
        if media:
            data["contentUrl"] = absolute_url(media.url)
        return data


def duration_iso(duration: dt.timedelta) -> str:
    """ISO 8601 duration (PT1H15M) for structured data."""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{seconds}S"
