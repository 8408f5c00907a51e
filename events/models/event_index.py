"""`/<lang>/events/`: the event listing, its month calendar, iCalendar feed and the
page of each event series."""

import calendar
import datetime as dt

from django.db.models import Count, QuerySet, Window
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.listing import Choice, ListingFilters
from core.localized import in_locale_or_source
from core.memo import private_q
from core.models import SectionIndexPage
from core.utils import paginate

from .. import ical
from .events import (
    ALL_LANGUAGES,
    EVENTS,
    FORMATS,
    KINDS,
    EventLanguage,
    EventPage,
    EventSeries,
)


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """`/<lang>/events/`: upcoming events soonest first, past events latest first,
    filters, a month calendar and an iCalendar feed."""

    translation_section = EVENTS

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def listing_queryset(self):
        return (
            EventPage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .defer_streamfields()
            .select_related("series")
            .order_by("start", "pk")
        )

    upcoming_shown = 24

    def listing_context(self, request) -> dict:
        context = {}
        filters = EventFilters(request.GET, self.locale)
        events = filters.apply(self.listing_queryset())
        now = timezone.now()
        context["filters"] = filters
        # The soonest few: the month calendar has the rest, and the page stays light.
        upcoming = list(
            events.filter(end__gte=now).annotate(total=Window(Count("pk")))[
                : self.upcoming_shown
            ]
        )
        context["upcoming"] = upcoming
        context["upcoming_more"] = upcoming[0].total - len(upcoming) if upcoming else 0
        context["items"] = paginate(
            request, events.filter(end__lt=now).order_by("-start", "-pk"), self.per_page
        )
        context["filter_options"] = filters.form_options(self.listing_queryset())
        context["series_list"] = EventSeries.objects.filter(
            locale_id=self.locale_id,
            translation_key__in=self.listing_queryset()
            .filter(series__isnull=False)
            .values("series__translation_key"),
        )
        context["events_index"] = self
        return context

    def render_subpage(self, request, template: str, context: dict) -> TemplateResponse:
        """A view below the index (calendar, series), without the listing's queries."""
        context = {**super(SectionIndexPage, self).get_context(request), **context}
        return TemplateResponse(request, template, context)

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        """A month grid (`?month=2026-11`), server-rendered: works without JavaScript."""
        today = timezone.localdate()
        try:
            year, month = map(int, request.GET.get("month", "").split("-"))
            first = dt.date(year, month, 1)
        except (ValueError, OverflowError):  # not a month, or a year past C's long
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
        return self.render_subpage(
            request,
            "events/event_calendar.html",
            {
                "month": first,
                "weeks": weeks,
                "weekdays": [cell["date"] for cell in weeks[0]],
                "previous_month": previous_month,
                "next_month": next_month,
            },
        )

    @path("series/<slug:slug>/", name="series")
    def series_view(self, request, slug: str):
        """A series (`series/monthly-seminar/`) and its sessions in this language:
        upcoming soonest first, past latest first. The slug is the same in every
        language; the series shows in this page's language where translated."""
        series = in_locale_or_source(
            EventSeries.objects.filter(slug=slug).select_related("locale"),
            self.locale,
        )
        if series is None:
            raise Http404
        events = self.listing_queryset().filter(
            series__translation_key=series.translation_key
        )
        now = timezone.now()
        return self.render_subpage(
            request,
            "events/event_series.html",
            {
                "series": series,
                "upcoming": list(events.filter(end__gte=now)),
                "items": paginate(
                    request,
                    events.filter(end__lt=now).order_by("-start", "-pk"),
                    self.per_page,
                ),
            },
        )

    @path("ical/", name="ics")
    def ics_feed(self, request):
        """Every event of this language as an iCalendar feed to subscribe to."""
        events = self.listing_queryset().filter(
            end__gte=timezone.now() - dt.timedelta(days=365)
        )
        body = ical.calendar_for(
            events, name=self.title, language=self.locale.language_code, request=request
        )
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")

    def shared_context(self, request) -> dict:
        return {
            **super().shared_context(request),
            "ics_url": self.ics_url(request),
            "calendar_url": self.calendar_url(request),
        }

    def ics_url(self, request=None) -> str:
        return self.get_absolute_url(request) + self.reverse_subpage("ics")

    def calendar_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("calendar")


def in_language(events: QuerySet, language: str) -> QuerySet:
    return events.filter(
        pk__in=EventLanguage.objects.filter(language=language).values("page_id")
    )


class EventFilters(ListingFilters):
    """An event listing's filters (kind, format, language)."""

    filters = (
        Choice("kind", lookup="kind", values=dict(KINDS)),
        Choice("format", lookup="format", values=dict(FORMATS)),
        Choice("language", lookup=in_language, values=dict(ALL_LANGUAGES)),
    )

    def form_options(self, events: QuerySet) -> dict[str, list[dict]]:
        """Every kind and format; the languages the events of this index use."""
        used_languages = set(
            EventLanguage.objects.filter(page__in=events).values_list(
                "language", flat=True
            )
        )
        return {
            "kind": self.options("kind", KINDS),
            "format": self.options("format", FORMATS),
            "language": self.options(
                "language",
                (
                    (code, name)
                    for code, name in ALL_LANGUAGES
                    if code in used_languages
                ),
            ),
        }
