"""What other sections show of the events app: the narrow functions they may call
(the import contracts allow these and nothing else of events)."""

from django.utils import timezone

from core.memo import private_q

from .models import EventPage, RecordingPage


def upcoming_events(locale, count: int = 3) -> list[EventPage]:
    """The next live events in a language, for the home page."""
    return list(
        EventPage.objects.live()
        .exclude(private_q())
        .filter(locale=locale, end__gte=timezone.now())
        .defer_streamfields()
        .select_related("series")
        .order_by("start")[:count]
    )


def latest_recordings(locale, count: int = 3) -> list[RecordingPage]:
    """The newest live recordings in a language, for the home page."""
    return list(
        RecordingPage.objects.live()
        .exclude(private_q())
        .filter(locale=locale)
        .defer_streamfields()
        .select_related("audio")
        .order_by("-date")[:count]
    )
