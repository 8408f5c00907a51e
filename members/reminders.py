"""Once a month each member is asked, in their language, to check that their entry
is still accurate: members who have not changed their profile or registration nor
been reminded for MEMBERS_REMINDER_DAYS days, with a verified address. Each member
is claimed before the email goes, so two workers never send it twice."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.emails import send_in_language
from core.utils import absolute_url

from .models.profiles import Member


def reminders_due(now=None):
    since = (now or timezone.now()) - dt.timedelta(days=settings.MEMBERS_REMINDER_DAYS)
    return (
        Member.objects.filter(
            user__is_active=True,
            user__emailaddress__verified=True,
            created_at__lte=since,
            updated_at__lte=since,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=since))
        .exclude(registration__updated_at__gt=since)
        .select_related("user")
        .distinct()  # one row however many verified addresses
        .order_by("pk")
    )


def remind(member: Member, now=None) -> bool:
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.MEMBERS_REMINDER_DAYS)
    claimed = (
        Member.objects.filter(pk=member.pk)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=since))
        .update(reminded_at=now)  # update() leaves updated_at alone
    )
    if not claimed:
        return False
    send_in_language(
        member.language,
        member.user.email,
        "members/email/reminder",
        {
            "member": member,
            "listed": member.listed,
            "area_url": absolute_url(f"/{member.language}/accounts/me/"),
        },
    )
    return True
