"""The monthly reminder: a member whose entry has not changed for a month is asked,
in their language, to check it; once a month, not before, and never twice for one
period, nor to unverified or inactive accounts."""

import datetime as dt

from django.utils import timezone

import pytest

from members.models import Member, Registration
from members.tasks import reminder_task
from tests.members.test_accounts import text_of
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db


def age(member: Member, days: int) -> None:
    """As if the member joined and last edited `days` ago (update() keeps the date)."""
    then = timezone.now() - dt.timedelta(days=days)
    Member.objects.filter(pk=member.pk).update(created_at=then, updated_at=then)
    Registration.objects.filter(member=member).update(updated_at=then)


def test_a_month_old_entry_is_reminded_once_in_the_members_language(mail):
    nour = make("nour", language="ar")
    age(nour, 40)
    assert reminder_task.call() == 1
    [message] = mail.messages
    assert message["To"] == "nour@example.org"
    assert message["Content-Language"] == "ar"
    assert "/ar/accounts/me/" in text_of(message)
    assert 'dir="rtl"' in message.get_body(("html",)).get_content()
    # Not again this month, whoever runs the task.
    assert reminder_task.call() == 0
    nour.refresh_from_db()
    assert nour.reminded_at is not None
    # A month on, again.
    Member.objects.filter(pk=nour.pk).update(
        reminded_at=timezone.now() - dt.timedelta(days=31)
    )
    assert reminder_task.call() == 1


def test_recent_entries_unverified_and_inactive_accounts_are_left_alone(mail):
    fresh = make("fresh")
    age(fresh, 10)
    edited = make("edited")
    age(edited, 60)
    Registration.objects.filter(member=edited).update(updated_at=timezone.now())
    unverified = make("unverified")
    age(unverified, 60)
    unverified.user.emailaddress_set.update(verified=False)
    gone = make("gone")
    age(gone, 60)
    gone.user.is_active = False
    gone.user.save()
    # The demo members (if any) are out of the way: only these four count here.
    Member.objects.exclude(pk__in=[fresh.pk, edited.pk, unverified.pk, gone.pk]).update(
        reminded_at=timezone.now()
    )
    assert reminder_task.call() == 0
    assert mail.messages == []
