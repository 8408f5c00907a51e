"""Demo registrations: demo members with places at the coming learning clinic, and
at a past seminar, where the organisers marked who came. Made as rows (the demo
sends no email); safe to run again."""

from wagtail.models import Locale

from demo.members import DEMO_DOMAIN
from events.models import EventPage
from members.models import Member
from participation.models import EventRegistration

# (event slug, how many demo members registered, whether attendance is marked)
REGISTERED = [
    ("clinic-keeping-volunteers", 8, False),
    ("seminar-reading-circles", 12, True),
]


def ensure_registrations() -> int:
    """Returns how many registrations were made."""
    members = list(
        Member.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("user")
        .order_by("pk")
    )
    made = 0
    for slug, count, marked in REGISTERED:
        event = EventPage.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if event is None:
            continue
        for number, member in enumerate(members[:count]):
            _registration, created = EventRegistration.objects.get_or_create(
                event_key=event.translation_key,
                email=member.user.email,
                defaults={
                    "event": event,
                    "user": member.user,
                    "name": member.display_name,
                    "language": member.language,
                    "time_zone": member.time_zone,
                    "status": EventRegistration.Status.CONFIRMED,
                    "queued_at": event.first_published_at,
                    "attended": marked and number % 4 != 3,  # most of them came
                },
            )
            made += created
    return made
