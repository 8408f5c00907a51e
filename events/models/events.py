"""Learning events and the series they belong to: clinics, seminars, workshops,
e-conferences, in person or online."""

import datetime as dt
import zoneinfo

from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.blocks import BaseStreamBlock
from core.localized import in_locale_or_source, localized, localized_in_bulk
from core.memo import private_q
from core.models import BasePage, PersonLink, Section, ShownSiteWide
from core.utils import index_url

from .. import ical
from .recordings import RecordingPage

EVENTS = Section("events", _("Events"), order=20)

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


class EventSeries(ShownSiteWide, TranslatableMixin, models.Model):
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


class EventSpeaker(PersonLink):
    """A speaker; shown in the visitor's language at render time."""

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="event_speakers"
    )


class EventPage(RoutablePageMixin, BasePage):
    """A learning clinic, seminar, workshop or e-conference, in person or online."""

    translation_section = EVENTS
    search_section = EVENTS
    new_work_kind = "event"

    serve_select_related = [*BasePage.serve_select_related, "series"]

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
    online_url = models.URLField(
        _("online join link"),
        blank=True,
        help_text=_("Only people registered see it: in their email and on the page."),
    )
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

    def shared_context(self, request) -> dict:
        if not self.event_languages.is_deferring:  # a preview holds them in memory
            prefetch_related_objects(
                [self], "event_languages"
            )  # for structured data too
        context = super().shared_context(request)
        context["speakers"] = localized_in_bulk(
            [link.person for link in self.event_speakers.select_related("person")],
            self.locale,
        )
        context["languages"] = list(self.event_languages.all())
        context["recording"] = self.recording()
        series = localized(self.series, self.locale)
        context["series"] = series
        if series is not None:
            from .event_index import EventIndexPage

            context["series_url"] = index_url(
                self, request
            ) + EventIndexPage.get_resolver().reverse("series", series.slug)
        return context

    def recording(self) -> RecordingPage | None:
        """The recording of this event in this page's language; where it has no
        translation yet, the source recording. Recordings keep pointing at the
        source event, so they are found by the event's translation_key."""
        return in_locale_or_source(
            RecordingPage.objects.live()
            .exclude(private_q())
            .filter(event__translation_key=self.translation_key)
            .select_related("locale")
            .defer_streamfields(),
            self.locale,
        )

    @path("ical/", name="ics")
    def ics(self, request):
        """This one event as an iCalendar file, to add to a calendar."""
        body = ical.calendar_for(
            [self], name=self.title, language=self.locale.language_code, request=request
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response

    def structured_data(self, request=None) -> dict:
        """JSON-LD Event for search engines (the join link stays for the people
        registered: the online location is the page)."""
        online = {"@type": "VirtualLocation", "url": self.get_absolute_url(request)}
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
            "url": self.get_absolute_url(request),
        }
