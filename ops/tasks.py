"""The worker's heartbeat: the scheduler queues it every minute (PORTAL_PERIODIC_TASKS)
and /readyz reads from the task results when a worker last finished it; and the
database's statistics, renewed daily."""

from datetime import timedelta

from django.db import connection
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


@task()
def analyze_task() -> str:
    """Fresh planner statistics. SQLite gathers none by itself: without them it picks
    an index on a column with three values over one that finds a row (matching at
    5,000 members with open connections took 1.5 s, 86 ms after ANALYZE). A bounded
    sample (analysis_limit) keeps it short however large the tables. PostgreSQL's
    autovacuum analyzes on its own, so there it does nothing."""
    if connection.vendor != "sqlite":
        return "skipped"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=2000")
        cursor.execute("ANALYZE")
    return "analyzed"
