"""/readyz: the database, the cache, the worker's heartbeat and the task queue.

The worker tests run a real `db_worker` process against a SQLite file database of
their own (copied from one migrated once) with the database task queue, and ask /readyz from
another process, as an orchestrator's probe would."""

import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import ROOT, file_site_environment, manage, run_django, sqlite_path

SETTINGS = """
from portal.settings.dev import *  # noqa

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
"""

PROBE = (
    "import json\n"
    "from django.test import Client\n"
    "response = Client().get('/readyz')\n"
    "print(json.dumps([response.status_code, response.json()]))"
)


@pytest.mark.django_db
def test_readyz_checks_the_database_and_the_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["database"] == {"ok": True}
    assert body["cache"] == {"ok": True, "backend": "LocMemCache"}
    # Tasks run in-process in tests: there is no worker or queue to report.
    assert "worker" not in body and "queue" not in body
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/readyz").status_code == 405


def test_readyz_is_503_without_a_database_and_exempt_from_the_tls_redirect(tmp_path):
    result = run_django(
        "from django.test import Client\n"
        "response = Client().get('/readyz')\n"
        "print(json.dumps([response.status_code, response.json()]))",
        "portal.settings.production",
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "STATIC_ROOT": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
        },
    )
    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503  # not a redirect to https
    assert body["status"] == "unavailable"
    assert body["failing"] == ["database", "cache"]


def probe(env: dict[str, str]) -> tuple[int, dict]:
    output = manage(["shell", "-c", PROBE], env).stdout
    status, body = json.loads(output.strip().splitlines()[-1])
    return status, body


@pytest.fixture
def environment(tmp_path, migrated_sqlite) -> dict[str, str]:
    return file_site_environment(
        tmp_path,
        migrated_sqlite,
        SETTINGS,
        PORTAL_READY_HEARTBEAT_MAX_AGE="120",
        PORTAL_READY_QUEUE_MAX_AGE="600",
        ALLOWED_HOSTS="testserver",
    )


def heartbeats(env: dict[str, str]) -> int:
    with sqlite3.connect(sqlite_path(env)) as db:
        return db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'ops.tasks.heartbeat_task' AND status = 'SUCCESSFUL'"
        ).fetchone()[0]


def test_readyz_follows_the_worker_heartbeat_and_the_queue(environment):
    status, body = probe(environment)
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["worker"]["last_heartbeat"] is None
    assert body["queue"] == {
        "ok": True,
        "waiting": 0,
        "oldest_age_seconds": None,
        "max_age_seconds": 600,
    }

    # The scheduler queues the heartbeat with the other periodic tasks; a real
    # worker runs it.
    manage(["run_scheduler", "--once", "-v0"], environment)
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not heartbeats(environment):
            assert time.monotonic() < deadline, "the worker ran no heartbeat"
            assert worker.poll() is None, "the worker stopped by itself"
            time.sleep(0.2)
        status, body = probe(environment)
        assert status == 200, body
        assert body["failing"] == []
        assert 0 <= body["worker"]["age_seconds"] < 120
        assert body["worker"]["last_heartbeat"] is not None
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    # With the worker gone, a task queued an hour ago is still waiting.
    manage(
        [
            "shell",
            "-c",
            "from ops.tasks import heartbeat_task\nheartbeat_task.enqueue()",
        ],
        environment,
    )
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat(" ")
    with sqlite3.connect(sqlite_path(environment)) as db:
        db.execute(
            "UPDATE django_tasks_database_dbtaskresult SET enqueued_at = ? "
            "WHERE status = 'READY'",
            [an_hour_ago],
        )
    status, body = probe(environment)
    assert status == 503
    assert body["failing"] == ["queue"]
    assert body["queue"]["waiting"] == 1
    assert 3600 <= body["queue"]["oldest_age_seconds"] < 3700
