"""A member's rights over what the site holds on them: everything, as one JSON
document they download, and erasure of their account. Erasing removes the
account, the profile, the registration and the requests either way; what they
wrote about others (reports) stays for the coordinators without their name."""

from django.db import transaction
from django.db.models import Q

from wagtail import hooks

from allauth.account.models import EmailAddress

from .connections import shown_name
from .models.connections import Block, Connection, Feedback, Report
from .models.groups import GroupRevision
from .models.profiles import Member
from .models.registrations import Registration
from .models.skills import SkillProposal


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _skills(skills) -> list[dict]:
    return [{"key": str(skill.translation_key), "name": skill.name} for skill in skills]


def everything(member: Member) -> dict:
    """What the site holds on `member`, in their own words and the site's."""
    user = member.user
    data = {
        "account": {
            "email": user.email,
            "joined": _when(user.date_joined),
            "last_sign_in": _when(user.last_login),
            "addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("email")
            ],
        },
        "profile": {
            "display_name": member.display_name,
            "handle": member.handle,
            "group": (
                {"name": member.group.name, "kind": member.group.kind}
                if member.group
                else None
            ),
            "country": str(member.country.code or ""),
            "region": member.region,
            "time_zone": member.time_zone,
            "bio": member.bio,
            "bio_language": member.bio_language,
            "photo": member.photo.file.name if member.photo else None,
            "languages": [lang.code for lang in member.spoken_languages.all()],
            "links": [
                {"label": link.label, "url": link.url} for link in member.links.all()
            ],
            "language_of_emails": member.language,
            "visibility": member.visibility,
            "listed_in_directory": member.listed,
            "search_engines_may_list": member.indexable,
            "hidden_by_coordinators": member.hidden,
            "updated": _when(member.updated_at),
            "last_reminded": _when(member.reminded_at),
        },
        "registration": None,
        "connections": [],
        "feedback": [
            {
                "connection": answer.connection_id,
                "answer": answer.answer,
                "comment": answer.comment,
                "answered": _when(answer.answered_at),
            }
            for answer in Feedback.objects.filter(member=member)
        ],
        "blocked_members": [
            shown_name(block.blocked)
            for block in Block.objects.filter(blocker=member).select_related("blocked")
        ],
        "reports_sent": [
            {
                "about": shown_name(r.member),
                "reason": r.reason,
                "sent": _when(r.created_at),
            }
            for r in Report.objects.filter(reporter=member).select_related("member")
        ],
        "group_page_saves": [
            _when(revision.created_at)
            for revision in GroupRevision.objects.filter(author=member)
        ],
        "skill_proposals": [
            {
                "name": proposal.name,
                "note": proposal.note,
                "status": proposal.status,
                "proposed": _when(proposal.created_at),
            }
            for proposal in SkillProposal.objects.filter(member=member)
        ],
    }
    registration = Registration.objects.filter(member=member).first()
    if registration is not None:
        data["registration"] = {
            "shares": _skills(registration.shares.all()),
            "learns": _skills(registration.learns.all()),
            "ways": registration.way_codes,
            "support": [need.kind for need in registration.support_needs.all()],
            "support_note": registration.support_note,
            "ambassador_interest": registration.ambassador_interest,
            "capacity": registration.capacity,
            "updated": _when(registration.updated_at),
        }
    mine = Connection.objects.filter(Q(requester=member) | Q(recipient=member))
    for connection in mine.select_related("requester", "recipient").order_by("pk"):
        data["connections"].append(
            {
                "id": connection.pk,
                "with": shown_name(connection.other(member)),
                "asked_by_me": connection.requester_id == member.pk,
                "message": connection.message,
                "status": connection.status,
                "introduced_by_coordinators": connection.introduced,
                "asked": _when(connection.created_at),
                "decided": _when(connection.decided_at),
            }
        )
    # What other apps hold on the member (the `member_data` hook: a function of
    # the member returning a dict of their parts of the download).
    for part in hooks.get_hooks("member_data"):
        data.update(part(member))
    return data


@transaction.atomic
def erase(member: Member) -> None:
    """Remove the member's account and all that hangs on it; their reports stay,
    anonymised, for the coordinators, and their saves of their group's page for the
    group (the database sets `reporter` and `author` to null)."""
    photo = member.photo
    # cascades: profile, registration, connections, feedback, event registrations
    member.user.delete()
    if photo is not None:  # uploaded by the member for their profile alone
        photo.delete()
