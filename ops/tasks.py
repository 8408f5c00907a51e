"""The worker's heartbeat: the scheduler queues it every minute (PORTAL_PERIODIC_TASKS)
and /readyz reads from the task results when a worker last finished it."""

from datetime import timedelta

from django.utils import timezone

from django_tasks import task

# Heartbeat results older than this are deleted by the next heartbeat.
HEARTBEAT_RETENTION = timedelta(hours=1)


@task()
def heartbeat_task() -> str:
    """Does nothing but finish (and tidy its own old results): the row it leaves
    records that a worker is alive."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        pass
    else:
        DBTaskResult.objects.successful().filter(
            task_path=heartbeat_task.module_path,
            finished_at__lt=timezone.now() - HEARTBEAT_RETENTION,
        ).delete()
    return timezone.now().isoformat()
