"""Learning events (clinics, seminars, e-conferences) with calendars, and the
seminar recordings that stay on as a permanent resource."""

import calendar
import datetime as dt
import zoneinfo

from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.blocks import BaseStreamBlock
from portal.models import BasePage, SectionIndexPage
from portal.translations import localized_in_bulk
from portal.utils import absolute_url, paginate

from . import ical

KINDS = [
    ("learning_clinic", _("Learning clinic")),
    ("seminar", _("Seminar")),
    ("workshop", _("Workshop")),
    ("e_conference", _("E-conference")),
    ("peer_exchange", _("Peer exchange")),
]
FORMATS = [
    ("in_person", _("In person")),
    ("online", _("Online")),
    ("hybrid", _("In person and online")),
]


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class EventSeries(TranslatableMixin, models.Model):
    """A run of related events, such as the monthly seminar series."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), max_length=600, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_series_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EventLanguage(Orderable):
    """A language of the event: spoken by the speakers, or offered by interpreters."""

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="event_languages"
    )
    language = models.CharField(_("language"), max_length=8, choices=ALL_LANGUAGES)
    interpretation = models.BooleanField(
        _("interpretation"), default=False, help_text=_("Offered through interpreters.")
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("interpretation")])]


class EventSpeaker(Orderable):
    """A speaker; shown in the visitor's language at render time."""

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="event_speakers"
    )
    person = models.ForeignKey(
        "portal.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("person")]


class EventPage(RoutablePageMixin, BasePage):
    """A learning clinic, seminar, workshop or e-conference, in person or online."""

    kind = models.CharField(_("kind"), max_length=32, choices=KINDS)
    format = models.CharField(_("format"), max_length=16, choices=FORMATS)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default="UTC",
        help_text=_("Times are shown to visitors in this time zone, with its name."),
    )
    summary = models.TextField(_("summary"), max_length=400)
    venue = models.CharField(_("venue"), max_length=160, blank=True)
    address = models.TextField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online join link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    organiser = models.CharField(_("organiser"), max_length=160)
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    description = StreamField(
        BaseStreamBlock(), verbose_name=_("description"), blank=True
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("format")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
                FieldPanel("cancelled"),
            ],
            heading=_("When and how"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("address"), FieldPanel("online_url")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_url"),
                FieldPanel("capacity"),
                FieldPanel("organiser"),
            ],
            heading=_("Taking part"),
        ),
        InlinePanel("event_languages", label=_("Languages")),
        InlinePanel("event_speakers", label=_("Speakers")),
        FieldPanel("series"),
        FieldPanel("description"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("venue"),
        index.SearchField("organiser"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("format"),
        index.FilterField("start"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        if self.format in {"online", "hybrid"} and not self.online_url:
            raise ValidationError({"online_url": _("Online events need a join link.")})
        if self.format in {"in_person", "hybrid"} and not self.venue:
            raise ValidationError({"venue": _("Events in person need a venue.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self) -> dt.datetime:
        return timezone.localtime(self.end, self.zone)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["speakers"] = localized_in_bulk(
            [link.person for link in self.event_speakers.select_related("person")],
            self.locale,
        )
        context["languages"] = list(self.event_languages.all())
        context["recording"] = self.recording()
        return context

    def recording(self) -> "RecordingPage | None":
        """The recording of this event, in this page's language where it exists."""
        recordings = (
            RecordingPage.objects.live()
            .public()
            .filter(event__translation_key=self.translation_key)
        )
        return recordings.filter(locale_id=self.locale_id).first() or recordings.first()

    @path("ical/", name="ics")
    def ics(self, request):
        """This one event as an iCalendar file, to add to a calendar."""
        body = ical.calendar_for(
            [self], name=self.title, language=self.locale.language_code
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response

    def structured_data(self) -> dict:
        """JSON-LD Event for search engines."""
        online = {"@type": "VirtualLocation", "url": self.online_url}
        place = {"@type": "Place", "name": self.venue, "address": self.address}
        location = {"online": online, "in_person": place, "hybrid": [place, online]}[
            self.format
        ]
        mode = {
            "online": "OnlineEventAttendanceMode",
            "in_person": "OfflineEventAttendanceMode",
            "hybrid": "MixedEventAttendanceMode",
        }[self.format]
        return {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": self.local_start.isoformat(),
            "endDate": self.local_end.isoformat(),
            "eventAttendanceMode": f"https://schema.org/{mode}",
            "eventStatus": "https://schema.org/"
            + ("EventCancelled" if self.cancelled else "EventScheduled"),
            "location": location,
            "organizer": {"@type": "Organization", "name": self.organiser},
            "inLanguage": [language.language for language in self.event_languages.all()]
            or self.locale.language_code,
            "url": self.get_absolute_url(),
        }


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """`/<lang>/events/`: upcoming events soonest first, past events latest first,
    filters, a month calendar and an iCalendar feed."""

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def listing_queryset(self):
        return (
            EventPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("start", "pk")
        )

    def filtered(self, request):
        """Events narrowed by the visitor's valid choices; unknown values are ignored."""
        events = self.listing_queryset()
        chosen = {}
        for name, options in [
            ("kind", KINDS),
            ("format", FORMATS),
            ("language", ALL_LANGUAGES),
        ]:
            value = request.GET.get(name, "")
            if value in dict(options):
                chosen[name] = value
        if "kind" in chosen:
            events = events.filter(kind=chosen["kind"])
        if "format" in chosen:
            events = events.filter(format=chosen["format"])
        if "language" in chosen:
            events = events.filter(
                event_languages__language=chosen["language"]
            ).distinct()
        return events, chosen

    def listing_context(self, request) -> dict:
        context = {}
        events, chosen = self.filtered(request)
        now = timezone.now()
        context["chosen"] = chosen
        context["upcoming"] = list(events.filter(end__gte=now))
        context["items"] = paginate(
            request, events.filter(end__lt=now).order_by("-start", "-pk"), self.per_page
        )
        used_languages = set(
            EventLanguage.objects.filter(page__in=self.listing_queryset()).values_list(
                "language", flat=True
            )
        )
        context["filter_options"] = {
            "kind": KINDS,
            "format": FORMATS,
            "language": [
                (code, name) for code, name in ALL_LANGUAGES if code in used_languages
            ],
        }
        return context

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        """A month grid (`?month=2026-11`), server-rendered: works without JavaScript."""
        today = timezone.localdate()
        try:
            year, month = map(int, request.GET.get("month", "").split("-"))
            first = dt.date(year, month, 1)
        except ValueError:
            first = today.replace(day=1)
        if not dt.date(1900, 1, 1) <= first <= dt.date(2999, 12, 1):
            first = today.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        start = dt.datetime.combine(first, dt.time.min, tzinfo=dt.UTC)
        end = dt.datetime.combine(last, dt.time.max, tzinfo=dt.UTC)
        events = list(self.listing_queryset().filter(start__lte=end, end__gte=start))
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        ):
            weeks.append(
                [
                    {
                        "date": day,
                        "in_month": day.month == first.month,
                        "is_today": day == today,
                        "events": [
                            e
                            for e in events
                            if e.local_start.date() <= day <= e.local_end.date()
                        ],
                    }
                    for day in week
                ]
            )
        previous_month = (first - dt.timedelta(days=1)).replace(day=1)
        next_month = last + dt.timedelta(days=1)
        return self.render(
            request,
            context_overrides={
                "month": first,
                "weeks": weeks,
                "weekdays": [cell["date"] for cell in weeks[0]],
                "previous_month": previous_month,
                "next_month": next_month,
            },
            template="events/event_calendar.html",
        )

    @path("ical/", name="ics")
    def ics_feed(self, request):
        """Every event of this language as an iCalendar feed to subscribe to."""
        events = self.listing_queryset().filter(
            end__gte=timezone.now() - dt.timedelta(days=365)
        )
        body = ical.calendar_for(
            events, name=self.title, language=self.locale.language_code
        )
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")

    def ics_url(self) -> str:
        return self.get_absolute_url() + self.reverse_subpage("ics")

    def calendar_url(self) -> str:
        return self.url + self.reverse_subpage("calendar")


class ChapterBlock(blocks.StructBlock):
    time = blocks.CharBlock(
        label=_("time code"), max_length=8, help_text=_("e.g. 12:30 or 1:02:15")
    )
    title = blocks.CharBlock(label=_("title"), max_length=160)

    class Meta:
        icon = "time"
        label = _("Chapter")


class RecordingSpeaker(Orderable):
    page = ParentalKey(
        "events.RecordingPage",
        on_delete=models.CASCADE,
        related_name="recording_speakers",
    )
    person = models.ForeignKey(
        "portal.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("person")]


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


class RecordingPage(BasePage):
    """A seminar kept as a permanent resource: transcript, audio, slides and video,
    lightest first, so that a visitor on a slow line can choose."""

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
        index.FilterField("date"),
    ]

    parent_page_types = ["events.RecordingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["speakers"] = localized_in_bulk(
            [link.person for link in self.recording_speakers.select_related("person")],
            self.locale,
        )
        context["event"] = (localized_in_bulk([self.event], self.locale) or [None])[0]
        context["media_options"] = self.media_options()
        return context

    @property
    def duration_minutes(self) -> int:
        return round(self.duration.total_seconds() / 60)

    def media_options(self) -> list[dict]:
        """Every way to take in the seminar, lightest first, each with its size."""
        options = []
        if self.transcript:
            options.append(
                {
                    "kind": "transcript",
                    "label": _("Read the transcript"),
                    "url": "#transcript",
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

    def structured_data(self) -> dict:
        media_type = "VideoObject" if self.video or self.video_url else "AudioObject"
        data = {
            "@context": "https://schema.org",
            "@type": media_type,
            "name": self.title,
            "description": self.summary,
            "uploadDate": self.date.isoformat(),
            "duration": duration_iso(self.duration),
            "inLanguage": self.locale.language_code,
            "url": self.get_absolute_url(),
        }
        if self.transcript:
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


class RecordingIndexPage(RoutablePageMixin, SectionIndexPage):
    """`/<lang>/recordings/`: newest first, filtered by topic, series and language,
    and a podcast feed whose items carry the audio."""

    subpage_types = ["events.RecordingPage"]

    class Meta:
        verbose_name = _("recording index page")
        verbose_name_plural = _("recording index pages")

    def listing_queryset(self):
        return (
            RecordingPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .select_related("audio")
            .order_by("-date", "-pk")
        )

    def listing_context(self, request) -> dict:
        context = {}
        recordings = self.listing_queryset()
        series = EventSeries.objects.filter(
            locale=self.locale, slug=request.GET.get("series", "")
        ).first()
        if series:
            recordings = recordings.filter(
                event__series__translation_key=series.translation_key
            )
        language = request.GET.get("language", "")
        if language in dict(ALL_LANGUAGES):
            recordings = recordings.filter(
                event__event_languages__language=language
            ).distinct()
        else:
            language = ""
        context["chosen"] = {
            "series": series.slug if series else "",
            "language": language,
        }
        context["series_options"] = EventSeries.objects.filter(locale=self.locale)
        context["items"] = paginate(request, recordings, self.per_page)
        return context

    @path("podcast/", name="podcast")
    def podcast(self, request):
        """RSS 2.0 with an audio enclosure per recording, for podcast apps."""
        feed = Rss201rev2Feed(
            title=f"{self.title} · Learning Commons",
            link=self.get_absolute_url(),
            description=strip_tags(self.introduction) or self.title,
            language=self.locale.language_code,
            feed_url=self.podcast_url(),
        )
        for recording in self.listing_queryset().filter(audio__isnull=False)[:50]:
            url = recording.get_absolute_url()
            feed.add_item(
                title=recording.title,
                link=url,
                description=recording.summary,
                unique_id=url,
                unique_id_is_permalink=True,
                pubdate=dt.datetime.combine(recording.date, dt.time(12), tzinfo=dt.UTC),
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

    def podcast_url(self) -> str:
        return self.get_absolute_url() + self.reverse_subpage("podcast")


def upcoming_events(locale, count: int = 3) -> list[EventPage]:
    """The next live events in a language, for the home page."""
    return list(
        EventPage.objects.live()
        .public()
        .filter(locale=locale, end__gte=timezone.now())
        .defer_streamfields()
        .order_by("start")[:count]
    )


def latest_recordings(locale, count: int = 3) -> list[RecordingPage]:
    """The newest live recordings in a language, for the home page."""
    return list(
        RecordingPage.objects.live()
        .public()
        .filter(locale=locale)
        .defer_streamfields()
        .select_related("audio")
        .order_by("-date")[:count]
    )
