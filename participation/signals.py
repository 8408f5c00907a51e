"""When an editor publishes an event with more places, the waiting list moves up
into them (and those moved up are emailed, as on a cancellation). A barnstar
awarded or withdrawn shows on the member's page at once: the community pages leave
the page cache, as on any change to a profile."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published

from events.models import EventPage
from members.signals import community_changed

from . import registrations
from .models import Recognition


def fill_new_places(sender, instance, **kwargs) -> None:
    registrations.fill(instance)


def connect() -> None:
    page_published.connect(fill_new_places, sender=EventPage)
    post_save.connect(community_changed, sender=Recognition, dispatch_uid="c-award")
    post_delete.connect(community_changed, sender=Recognition, dispatch_uid="cd-award")
