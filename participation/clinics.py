"""Learning clinics members bring: a coordinator makes a member a Learning Ambassador;
the ambassador proposes a clinic; a coordinator accepts it (a draft learning-clinic
event page in the proposal's language, hosted by the ambassador, sent into the
review workflow), asks for changes (the ambassador edits and sends it again) or
declines it with a reason. Each step emails the ambassador in their language."""

import datetime as dt
import zoneinfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.models import Locale

from core.emails import send_in_language
from core.utils import absolute_url
from events.models import EventIndexPage, EventLanguage, EventPage
from members.models import Member

from .models import Ambassador, ClinicProposal

Status = ClinicProposal.Status
# An ambassador's proposals waiting at once.
OPEN_PER_AMBASSADOR = 5


class Refused(Exception):
    """A step that may not be taken, with the reason in words."""


def appoint(member: Member, by) -> Ambassador:
    """Make the member an ambassador (once) and tell them."""
    ambassador, created = Ambassador.objects.get_or_create(
        member=member, defaults={"appointed_by": by}
    )
    if created:
        transaction.on_commit(lambda: notify_appointed(ambassador))
    return ambassador


def may_propose(ambassador: Ambassador) -> None:
    if ambassador.proposals.filter(status__in=ClinicProposal.OPEN).count() >= (
        OPEN_PER_AMBASSADOR
    ):
        raise Refused(
            _(
                "You have five proposals waiting: the coordinators will answer them first."
            )
        )


def submitted(proposal: ClinicProposal, again: bool = False) -> None:
    """A proposal saved by its ambassador: new, or sent again after changes."""
    if again:
        ClinicProposal.objects.filter(pk=proposal.pk).update(
            status=Status.SUBMITTED, submitted_at=timezone.now()
        )
        proposal.refresh_from_db()
    transaction.on_commit(lambda: notify(proposal))


def may_decide(
    proposal: ClinicProposal, status: str | None, reason: str, online_url: str = ""
) -> None:
    """Refused unless the decision can be taken as it stands: an online or hybrid
    clinic is accepted with its join link (the working group sets it up)."""
    if proposal.status != Status.SUBMITTED:
        raise Refused(_("This proposal is not waiting for a decision."))
    if status in (Status.CHANGES, Status.DECLINED) and not reason.strip():
        raise Refused(_("Say what to change or why not, in a few words."))
    if status == Status.ACCEPTED:
        if not proposal.dates:
            raise Refused(_("The proposal has no date."))
        if proposal.format in ("online", "hybrid") and not online_url:
            raise Refused(_("Give the join link of this online clinic to accept it."))
        if not EventIndexPage.objects.filter(
            locale__language_code=proposal.language
        ).exists():
            raise Refused(_("There is no events section in this language yet."))


def decide(
    proposal: ClinicProposal, status: str, reason: str, by, online_url: str = ""
) -> None:
    """A coordinator's decision; accepting makes the draft event page. Checked
    again on the locked row: two coordinators deciding at once decide once."""
    locked = ClinicProposal.objects.select_for_update().get(pk=proposal.pk)
    may_decide(locked, status, reason, online_url)
    proposal.status = status
    proposal.reason = reason.strip()
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    if status == Status.ACCEPTED:
        proposal.event = draft_event(proposal, by, online_url)
    proposal.save()
    transaction.on_commit(lambda: notify(proposal))


def start_of(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def draft_event(proposal: ClinicProposal, by, online_url: str = "") -> EventPage:
    """The learning clinic as a draft event page under the events index of the
    proposal's language, at its first possible date, submitted for review."""
    locale = Locale.objects.get(language_code=proposal.language)
    index = EventIndexPage.objects.filter(locale=locale).first()
    start = start_of(proposal.dates[0])
    base = slugify(proposal.title)[:60] or "clinic"
    slug, n = base, 2
    while index.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    host = proposal.ambassador.member
    page = EventPage(
        title=proposal.title,
        slug=slug,
        locale=locale,
        kind="learning_clinic",
        format=proposal.format,
        start=start,
        end=start + dt.timedelta(minutes=proposal.minutes),
        time_zone=proposal.time_zone,
        summary=proposal.outcomes[:400],
        venue=proposal.place[:160],
        online_url=online_url,
        capacity=proposal.capacity,
        organiser=host.display_name[:160],
        description=[("paragraph", linebreaks(escape(proposal.outcomes)))],
        live=False,
    )
    page.event_languages = [EventLanguage(language=proposal.language)] + [
        EventLanguage(language=code, interpretation=True)
        for code in proposal.interpretation
        if code != proposal.language
    ]
    index.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, by)
    return page


def local_dates(proposal: ClinicProposal) -> list[dt.datetime]:
    """The possible dates in the proposal's time zone."""
    try:
        zone = zoneinfo.ZoneInfo(proposal.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return [start_of(value).astimezone(zone) for value in proposal.dates]


def url_in(language: str, name: str) -> str:
    with override(language):
        return absolute_url(reverse(name))


def notify_appointed(ambassador: Ambassador) -> None:
    member = ambassador.member
    send_in_language(
        member.language,
        member.user.email,
        "participation/email/clinic",
        {
            "step": "appointed",
            "member": member,
            "propose_url": url_in(member.language, "clinics:propose"),
        },
    )


def notify(proposal: ClinicProposal) -> None:
    member = proposal.ambassador.member
    send_in_language(
        member.language,
        member.user.email,
        "participation/email/clinic",
        {
            "step": proposal.status,
            "member": member,
            "proposal": proposal,
            "mine_url": url_in(member.language, "clinics:mine"),
        },
    )
