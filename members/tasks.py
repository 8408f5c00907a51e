"""Members' background work, queued by the scheduler (PORTAL_PERIODIC_TASKS)."""

import logging

from django.conf import settings

from django_tasks import task

from .connections import follow_up, follow_up_due
from .reminders import remind, reminders_due

logger = logging.getLogger(__name__)


@task()
def follow_up_task() -> int:
    """Ask both members of each three-week-old connection whether it helped; each
    connection is claimed before its emails go, so it is asked once."""
    asked = 0
    for connection in follow_up_due().select_related(
        "requester__user", "recipient__user"
    ):
        try:
            asked += follow_up(connection)
        except Exception:
            logger.exception("follow-up of connection %s failed", connection.pk)
    return asked


@task()
def reminder_task() -> int:
    """The monthly "is your entry still accurate?" email, a batch at a time."""
    sent = 0
    for member in reminders_due()[: settings.MEMBERS_REMINDERS_PER_RUN]:
        try:
            sent += remind(member)
        except Exception:
            logger.exception("reminder to member %s failed", member.pk)
    return sent
