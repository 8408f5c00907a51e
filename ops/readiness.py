"""What /readyz checks: the database, the default cache, the worker's heartbeat and
the age of the oldest task waiting in the queue."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Case, Count, F, Max, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone

from django_tasks import task_backends


def readiness() -> dict[str, dict]:
    """Every check by name; each has `ok` and what it measured."""
    checks = {"database": check_database(), "cache": check_cache()}
    if not checks["database"]["ok"]:
        return checks
    if not uses_database_queue():
        # Tasks run in the web process (tests) or elsewhere: no worker to watch.
        return checks
    now = timezone.now()
    for name, check in (("worker", check_worker), ("queue", check_queue)):
        try:
            checks[name] = check(now)
        except DatabaseError as error:
            checks[name] = {"ok": False, "error": type(error).__name__}
    return checks


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def check_cache() -> dict:
    """A set and get round trip of a value of our own on the default cache."""
    key = f"portal:readyz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    try:
        cache.set(key, value, timeout=30)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as error:  # any backend's failure: Redis down, table missing
        return {"ok": False, "backend": backend, "error": type(error).__name__}
    return {"ok": ok, "backend": backend}


def uses_database_queue() -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:
        return False
    return isinstance(task_backends["default"], DatabaseBackend)


def _age(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def check_worker(now: datetime) -> dict:
    """When a worker last finished the heartbeat task (queued every minute)."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import heartbeat_task

    last = (
        DBTaskResult.objects.successful()
        .filter(task_path=heartbeat_task.module_path)
        .aggregate(last=Max("finished_at"))["last"]
    )
    age = _age(last, now)
    limit = settings.PORTAL_READY_HEARTBEAT_MAX_AGE
    return {
        "ok": age is not None and age <= limit,
        "last_heartbeat": last.isoformat() if last else None,
        "age_seconds": age,
        "max_age_seconds": limit,
    }


def check_queue(now: datetime) -> dict:
    """How long the oldest task that is due has waited: since it was queued, or since
    its `run_after` for a task deferred to later."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    due = DBTaskResult.objects.ready().annotate(
        due_at=Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest("enqueued_at", "run_after"),
        )
    )
    summary = due.aggregate(oldest=Min("due_at"), waiting=Count("pk"))
    age = _age(summary["oldest"], now)
    limit = settings.PORTAL_READY_QUEUE_MAX_AGE
    return {
        "ok": age is None or age <= limit,
        "waiting": summary["waiting"],
        "oldest_age_seconds": max(age, 0.0) if age is not None else None,
        "max_age_seconds": limit,
    }
