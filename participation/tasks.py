"""Background work of taking part, queued by the scheduler (PORTAL_PERIODIC_TASKS)."""

import logging

from django.conf import settings

from django_tasks import task

from .reminders import remind, reminders_due

logger = logging.getLogger(__name__)


@task()
def reminder_task() -> int:
    """The day-before reminders, a batch at a time."""
    sent = 0
    for registration in reminders_due()[: settings.PARTICIPATION_REMINDERS_PER_RUN]:
        try:
            sent += remind(registration)
        except Exception:
            logger.exception("reminder of registration %s failed", registration.pk)
    return sent
