"""iCalendar (RFC 5545) output for events, built with the icalendar package."""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

import icalendar

PRODUCT_ID = "-//Learning Commons//Events//EN"


def calendar_for(
    events: Iterable,
    name: str,
    language: str,
    request: HttpRequest | None = None,
    join_link: bool = False,
) -> bytes:
    """A VCALENDAR of the given events; UIDs follow the event across edits and
    languages' own pages (translation_key + language). The join link of an online
    event only with `join_link` (for someone registered): the public calendar says
    "Online" where it is held."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.translation_key}-{language}@learning-commons")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.start)
        item.add("dtend", event.end)
        item.add("summary", event.title)
        online = event.online_url if join_link else ""
        item.add("description", "\n\n".join(filter(None, [event.summary, online])))
        item.add("url", event.get_absolute_url(request))
        location = ", ".join(part for part in [event.venue, event.address] if part)
        item.add("location", location or online or _("Online"))
        if event.last_published_at:
            item.add("last-modified", event.last_published_at)
        item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        cal.add_component(item)
    return cal.to_ical()
