"""Demo registrations, ambassadors, clinics and certificates: demo members with
places (and three on the waiting list) at the coming learning clinic, and at a past
seminar, where the organisers marked who came and certificates were issued; two
Learning Ambassadors whose accepted proposals are those two events, and a third
ambassador's proposal waiting for review. Made as rows (the demo sends no email);
safe to run again."""

import contextlib
import datetime as dt

from django.utils import timezone

from wagtail.models import Locale

from demo.members import DEMO_DOMAIN
from events.models import EventPage
from members.models import Member, Skill
from participation import certificates
from participation.models import Ambassador, ClinicProposal, EventRegistration

# (event slug, how many demo members registered, whether attendance is marked);
# past the event's capacity, people wait.
REGISTERED = [
    ("clinic-keeping-volunteers", 11, False),
    ("seminar-reading-circles", 12, True),
]
# (ambassador's handle, event slug or None for a proposal waiting, proposal)
CLINICS = [
    (
        "anna-kovacs",
        "seminar-reading-circles",
        {
            "title": "Reading circles that choose their books",
            "outcomes": "How a circle lets its members choose what they read, and why attendance doubled.",
            "language": "en",
            "interpretation": ["fr"],
            "format": "online",
            "skills": ["reading-circles"],
            "support": ["translation"],
        },
    ),
    (
        "ines-costa",
        "clinic-keeping-volunteers",
        {
            "title": "Keeping volunteers for more than a year",
            "outcomes": "Bring a situation with a volunteer who left too soon; leave with what peers did.",
            "language": "en",
            "interpretation": ["pt", "es"],
            "format": "online",
            "skills": ["volunteer-groups", "learning-clinics"],
            "support": ["connectivity", "stipend"],
            "stipend_amount": 120,
            "stipend_currency": "EUR",
        },
    ),
    (
        "fatima-zahra",
        None,
        {
            "title": "عيادة: متطوعون من الأحياء",
            "outcomes": "كيف نجد متطوعين من الحي نفسه ونحافظ عليهم.",
            "language": "ar",
            "interpretation": ["fr"],
            "format": "in_person",
            "place": "Fès, bibliothèque municipale",
            "skills": ["volunteer-groups"],
            "support": ["childcare"],
        },
    ),
]


def demo_members() -> list[Member]:
    return list(
        Member.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("user")
        .order_by("pk")
    )


def ensure_registrations() -> int:
    """Returns how many registrations were made."""
    members = demo_members()
    made = 0
    for slug, count, marked in REGISTERED:
        event = EventPage.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if event is None:
            continue
        for number, member in enumerate(members[:count]):
            has_place = event.capacity is None or number < event.capacity
            _registration, created = EventRegistration.objects.get_or_create(
                event_key=event.translation_key,
                email=member.user.email,
                defaults={
                    "event": event,
                    "user": member.user,
                    "name": member.display_name,
                    "language": member.language,
                    "time_zone": member.time_zone,
                    "status": EventRegistration.Status.CONFIRMED
                    if has_place
                    else EventRegistration.Status.WAITING,
                    "queued_at": event.first_published_at
                    + dt.timedelta(minutes=number),
                    "attended": marked and has_place and number % 4 != 3,
                },
            )
            made += created
        for registration in EventRegistration.objects.filter(
            event_key=event.translation_key, attended=True
        ).select_related("event"):
            certificates.for_attendance(registration)
    return made


def ensure_clinics() -> int:
    """Returns how many proposals were made."""
    source = Locale.get_default()
    made = 0
    for handle, slug, proposal in CLINICS:
        member = Member.objects.filter(handle=handle).first()
        if member is None:
            continue
        ambassador, _created = Ambassador.objects.get_or_create(member=member)
        if ambassador.proposals.filter(title=proposal["title"]).exists():
            continue
        event = slug and EventPage.objects.filter(slug=slug, locale=source).first()
        fields = {key: value for key, value in proposal.items() if key != "skills"}
        start = event.start if event else timezone.now() + dt.timedelta(days=45)
        made_proposal = ClinicProposal.objects.create(
            ambassador=ambassador,
            time_zone=event.time_zone if event else "Africa/Casablanca",
            dates=[start.isoformat()],
            minutes=int((event.end - event.start).total_seconds() // 60)
            if event
            else 90,
            capacity=event.capacity if event else 20,
            status=ClinicProposal.Status.ACCEPTED
            if event
            else ClinicProposal.Status.SUBMITTED,
            reviewed_at=timezone.now() if event else None,
            event=event or None,
            **fields,
        )
        made_proposal.skills.set(
            Skill.objects.filter(locale=source, slug__in=proposal["skills"])
        )
        if event and event.is_past:
            # (Not yet if its page were published only at the seed's end.)
            with contextlib.suppress(certificates.NotYet):
                certificates.for_hosting(made_proposal)
        made += 1
    return made
