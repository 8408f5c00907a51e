"""Background work for the newsletter, run by `manage.py db_worker`: thin wrappers
over the send engine and retention, and how they are queued. The engine never
queues a task itself; these wrappers queue what it says is left to do."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django_tasks import task
from django_tasks.base import TaskResultStatus

from .models import Send
from .retention import purge_old_records
from .sending import run_send, sweep_dead_workers


@task()
def send_issue_task(send_id: int) -> dict[str, int]:
    """Send what is left of one issue's send; safe to run twice or side by side."""
    send = Send.objects.filter(pk=send_id).first()
    if send is None or send.finished_at:
        return {}
    # Queued before sending, so that a worker killed mid-send is noticed.
    watch_sends(pending=True)
    tally = run_send(send)
    if tally.retry_at is not None:
        enqueue_send(send, run_after=tally.retry_at)
    return dict(tally.counts)


@task()
def sweep_sends_task() -> int:
    """Notice workers that died mid-send (no heartbeat), mark their in-flight
    deliveries unknown and finish their sends; keeps itself scheduled while any send
    is unfinished."""
    swept = sweep_dead_workers()
    for send in swept.to_resume:
        enqueue_send(send)
    watch_sends()
    return swept.marked


@task()
def purge_newsletter_records_task() -> dict[str, int]:
    """Delete delivery and click records older than the retention period."""
    return purge_old_records()


def enqueue_send(send: Send, run_after: datetime | None = None) -> None:
    """Queue the send task once the surrounding transaction commits; a later run
    only on a backend that can defer (else the next start or sweep runs it)."""

    def enqueue() -> None:
        send_task = send_issue_task
        if run_after is not None:
            if not send_task.get_backend().supports_defer:
                return
            send_task = send_task.using(run_after=run_after)
        send_task.enqueue(send.pk)

    transaction.on_commit(enqueue)


def watch_sends(pending: bool = False) -> None:
    """Schedule the sweeper one stale period ahead while sends are unfinished, unless
    one is already waiting (only on a backend that runs tasks later, such as the
    database queue)."""
    if not sweep_sends_task.get_backend().supports_defer:
        return
    if not pending and not Send.objects.filter(finished_at__isnull=True).exists():
        return
    if _sweep_waiting():
        return
    stale = settings.NEWSLETTER_WORKER_STALE_SECONDS
    sweep_sends_task.using(
        run_after=timezone.now() + timedelta(seconds=stale + 5)
    ).enqueue()


def _sweep_waiting() -> bool:
    """A sweep already in the database queue (the queue's models exist only with the
    database backend installed)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return False
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=sweep_sends_task.module_path
    ).exists()
