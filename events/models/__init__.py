"""Learning events (clinics, seminars, e-conferences) with calendars and series, and
the seminar recordings that stay on as a permanent resource."""

from .event_index import EventIndexPage
from .events import (
    ALL_LANGUAGES,
    FORMATS,
    KINDS,
    EventLanguage,
    EventPage,
    EventSeries,
    EventSpeaker,
    time_zone_choices,
)
from .recording_index import RecordingFilters, RecordingIndexPage
from .recordings import (
    ChapterBlock,
    RecordingCaption,
    RecordingPage,
    RecordingPageTopic,
    RecordingSpeaker,
    duration_iso,
)

__all__ = [
    "ALL_LANGUAGES",
    "FORMATS",
    "KINDS",
    "ChapterBlock",
    "EventIndexPage",
    "EventLanguage",
    "EventPage",
    "EventSeries",
    "EventSpeaker",
    "RecordingCaption",
    "RecordingFilters",
    "RecordingIndexPage",
    "RecordingPage",
    "RecordingPageTopic",
    "RecordingSpeaker",
    "duration_iso",
    "time_zone_choices",
]
