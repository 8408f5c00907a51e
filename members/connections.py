"""What members do with each other: ask to connect, accept, decline, withdraw, block
and report, and what coordinators do for them (introduce two members). Each step is
checked here, says what went wrong in words, and changes nothing when refused; each
answer emails the other member in their own language, and only an accepted
connection shares the two addresses."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from core.emails import send_in_language
from core.utils import absolute_url

from .models.connections import Block, Connection, Feedback, Report
from .models.profiles import Member, Visibility

OPEN = [Connection.Status.PENDING, Connection.Status.ACCEPTED]


class Refused(Exception):
    """A step that may not be taken, with the reason to show the member."""


def open_count(member: Member) -> int:
    return Connection.objects.filter(
        Q(requester=member) | Q(recipient=member), status__in=OPEN
    ).count()


def blocked_between(one: Member, other: Member) -> bool:
    return Block.objects.filter(
        Q(blocker=one, blocked=other) | Q(blocker=other, blocked=one)
    ).exists()


def ask(requester: Member, recipient: Member, message: str) -> Connection:
    """A request from `requester`, emailed to `recipient` once it is saved."""
    message = message.strip()
    if requester == recipient:
        raise Refused(_("You cannot ask yourself to connect."))
    if not message:
        raise Refused(_("Write a few words to say why you would like to connect."))
    if len(message) > 1000:
        raise Refused(_("Keep your message under 1,000 characters."))
    if recipient.hidden or not recipient.user.is_active:
        raise Refused(_("This member cannot be asked at the moment."))
    if blocked_between(requester, recipient):
        raise Refused(_("This member cannot be asked at the moment."))
    since = timezone.now() - dt.timedelta(days=1)
    sent_today = Connection.objects.filter(
        requester=requester, created_at__gte=since
    ).count()
    if sent_today >= settings.MEMBERS_REQUESTS_PER_DAY:
        raise Refused(
            _("You have asked %(count)d members today: you can ask more tomorrow.")
            % {"count": sent_today}
        )
    between = Q(requester=requester, recipient=recipient) | Q(
        requester=recipient, recipient=requester
    )
    if Connection.objects.filter(between, status__in=OPEN).exists():
        raise Refused(_("You already have a request or a connection with this member."))
    registration = getattr(recipient, "registration", None)
    if registration is None or open_count(recipient) >= registration.capacity:
        raise Refused(_("This member has no room for another connection just now."))
    try:
        with transaction.atomic():
            connection = Connection.objects.create(
                requester=requester, recipient=recipient, message=message
            )
    except IntegrityError:  # the same request sent twice at once
        message = _("You already have a request or a connection with this member.")
        raise Refused(message) from None
    transaction.on_commit(lambda: notify(connection, "request", recipient))
    return connection


def answer(connection: Connection, member: Member, accept: bool) -> None:
    """The recipient accepts or declines a pending request."""
    if connection.recipient != member or connection.status != Connection.Status.PENDING:
        raise Refused(_("This request is no longer waiting for your answer."))
    if accept and open_count(member) > member.registration.capacity:
        raise Refused(
            _("Your connections are full: close one before accepting another.")
        )
    connection.status = (
        Connection.Status.ACCEPTED if accept else Connection.Status.DECLINED
    )
    connection.decided_at = timezone.now()
    connection.save(update_fields=["status", "decided_at"])
    if accept:
        transaction.on_commit(
            lambda: notify(connection, "accepted", connection.requester)
        )
        transaction.on_commit(
            lambda: notify(connection, "accepted", connection.recipient)
        )
    else:
        transaction.on_commit(
            lambda: notify(connection, "declined", connection.requester)
        )


def withdraw(connection: Connection, member: Member) -> None:
    if connection.requester != member or connection.status != Connection.Status.PENDING:
        raise Refused(_("This request can no longer be withdrawn."))
    connection.status = Connection.Status.WITHDRAWN
    connection.decided_at = timezone.now()
    connection.save(update_fields=["status", "decided_at"])


def close(connection: Connection, member: Member) -> None:
    """Either side ends an accepted connection: it no longer counts against their
    capacity."""
    if member not in (connection.requester, connection.recipient):
        raise Refused(_("This connection is not yours."))
    if connection.status != Connection.Status.ACCEPTED:
        raise Refused(_("Only an open connection can be closed."))
    connection.status = Connection.Status.CLOSED
    connection.save(update_fields=["status"])


def block(blocker: Member, blocked: Member) -> None:
    """No more requests or suggestions either way; a pending request between the two
    is declined without telling the other."""
    if blocker == blocked:
        raise Refused(_("You cannot block yourself."))
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    Connection.objects.filter(
        Q(requester=blocked, recipient=blocker)
        | Q(requester=blocker, recipient=blocked),
        status=Connection.Status.PENDING,
    ).update(status=Connection.Status.DECLINED, decided_at=timezone.now())


def report(
    reporter: Member, member: Member, reason: str, connection: Connection | None = None
) -> Report:
    reason = reason.strip()
    if not reason:
        raise Refused(_("Say in a few words what is wrong."))
    if len(reason) > 1000:
        raise Refused(_("Keep your report under 1,000 characters."))
    if reporter == member:
        raise Refused(_("You cannot report yourself."))
    since = timezone.now() - dt.timedelta(days=1)
    if Report.objects.filter(reporter=reporter, created_at__gte=since).count() >= 10:
        raise Refused(
            _("You have sent many reports today: the coordinators will read them.")
        )
    return Report.objects.create(
        reporter=reporter, member=member, reason=reason, connection=connection
    )


def introduce(one: Member, other: Member, note: str) -> Connection:
    """A coordinator introduces two members: an accepted connection at once, and an
    email to each with the other's address."""
    if one == other:
        raise Refused(_("Choose two different members."))
    if blocked_between(one, other):
        raise Refused(_("One of these members has blocked the other."))
    try:
        with transaction.atomic():
            connection = Connection.objects.create(
                requester=one,
                recipient=other,
                message=note.strip(),
                status=Connection.Status.ACCEPTED,
                introduced=True,
                decided_at=timezone.now(),
            )
    except IntegrityError:
        raise Refused(_("These two already have a request or a connection.")) from None
    transaction.on_commit(lambda: notify(connection, "introduced", one))
    transaction.on_commit(lambda: notify(connection, "introduced", other))
    return connection


def shown_name(member: Member) -> str:
    """The name a member shows to other members, or a neutral word."""
    if member.shows("display_name", Visibility.MEMBERS):
        return member.display_name
    with override(member.language):
        return str(_("A member"))


def notify(connection: Connection, kind: str, to: Member) -> None:
    """The email of a step (`request`, `accepted`, `declined`, `introduced`) to one
    of the two, in their language; the other's address only once accepted."""
    other = connection.other(to)
    shared = connection.status == Connection.Status.ACCEPTED
    send_in_language(
        to.language,
        to.user.email,
        f"members/email/connection_{kind}",
        {
            "member": to,
            "other_name": shown_name(other),
            "other_email": other.user.email if shared else None,
            "message": connection.message,
            "connections_url": absolute_url(f"/{to.language}/accounts/me/connections/"),
        },
    )


def follow_up_due(now=None):
    """Accepted connections three weeks old whose members have not been asked yet."""
    now = now or timezone.now()
    return Connection.objects.filter(
        status__in=[Connection.Status.ACCEPTED, Connection.Status.CLOSED],
        decided_at__lte=now - dt.timedelta(days=settings.MEMBERS_FOLLOW_UP_DAYS),
        followed_up_at__isnull=True,
    )


def follow_up(connection: Connection) -> bool:
    """Ask both whether the connection helped, once: claimed before sending, so two
    workers never send it twice."""
    claimed = Connection.objects.filter(
        pk=connection.pk, followed_up_at__isnull=True
    ).update(followed_up_at=timezone.now())
    if not claimed:
        return False
    for member in (connection.requester, connection.recipient):
        send_in_language(
            member.language,
            member.user.email,
            "members/email/follow_up",
            {
                "member": member,
                "other_name": shown_name(connection.other(member)),
                "feedback_url": absolute_url(
                    f"/{member.language}/accounts/me/connections/{connection.pk}/feedback/"
                ),
            },
        )
    return True


def give_feedback(connection: Connection, member: Member, answer: str, comment: str):
    if member not in (connection.requester, connection.recipient):
        raise Refused(_("This connection is not yours."))
    if answer not in Feedback.Answer.values:
        raise Refused(_("Choose one of the answers."))
    Feedback.objects.update_or_create(
        connection=connection,
        member=member,
        defaults={"answer": answer, "comment": comment.strip()[:1000]},
    )
