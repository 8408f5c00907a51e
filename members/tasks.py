"""Members' background work, queued by the scheduler (PORTAL_PERIODIC_TASKS)."""

import logging

from django.conf import settings
from django.db.models import Q

from django_tasks import task

from . import words
from .connections import follow_up, follow_up_due
from .figures import refresh_facts
from .models import Member
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


@task()
def refresh_facts_task(page_id: int, language: str, audience: str, tags: list[str]):
    """The skills directory's figures recomputed after a member's change, while the
    page serves the ones kept (members.figures.kept_facts)."""
    return refresh_facts(page_id, language, audience, tags)


@task()
def reindex_skill_task(translation_key: str) -> int:
    """The searched words of every member who shares or wants a skill, after its
    name changed in some language."""
    having = Member.objects.filter(
        Q(registration__shares__translation_key=translation_key)
        | Q(registration__learns__translation_key=translation_key)
    ).distinct()
    return words.reindex(having)
