from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from core.bandwidth import is_low_bandwidth
from events.models import EventPage

from .models import EventRegistration


class EventRegistrationViewSet(ModelViewSet):
    """Who registered for which event, for organisers: filter by event and
    standing, export (CSV or Excel), and mark who came. The standing itself changes
    only through registering and cancelling, which keep the waiting list right."""

    model = EventRegistration
    icon = "date"
    menu_label = _("Event registrations")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "email", "event", "status", "attended", "created_at"]
    list_filter = ["event", "status", "attended", "language"]
    list_export = [
        "event",
        "name",
        "email",
        "language",
        "status",
        "attended",
        "created_at",
        "queued_at",
        "cancelled_at",
    ]
    export_filename = "event-registrations"
    search_fields = ["name", "email"]
    form_fields = ["attended"]
    inspect_view_enabled = True


@hooks.register("member_data")
def member_event_registrations(member) -> dict:
    """A member's event registrations, for the download of all the site holds."""
    mine = EventRegistration.objects.filter(user=member.user).select_related("event")
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "name": registration.name,
                "email": registration.email,
                "language": registration.language,
                "status": registration.status,
                "attended": registration.attended,
                "registered": registration.created_at.isoformat(),
            }
            for registration in mine.order_by("pk")
        ]
    }


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return EventRegistrationViewSet("event_registrations")


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
