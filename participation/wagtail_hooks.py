from django.template.loader import render_to_string
from django.urls import reverse

from wagtail import hooks

from core.bandwidth import is_low_bandwidth
from events.models import EventPage


@hooks.register("render_page_extras")
def event_registration(page, request) -> str:
    """On an event's page, the way to register and, filled in by a small script
    from the live figures, how many places are left (the page itself is cached)."""
    if not isinstance(page, EventPage) or page.registration_url or page.is_past:
        return ""
    return render_to_string(
        "participation/includes/event_panel.html",
        {
            "page": page,
            "register_url": reverse("participation:event", args=[page.pk]),
            "places_url": reverse("participation:places", args=[page.pk]),
            # In the low-bandwidth mode pages carry no script: the registration
            # page says how many places are left.
            "with_script": request is None or not is_low_bandwidth(request),
        },
    )
