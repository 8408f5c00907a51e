"""Subprocesses for tests: a snippet of Python in a fresh process with its own
environment, so that settings read at start-up (DATABASE_URL, REDIS_URL,
SECRET_KEY...) can be tested, and gunicorn serving the project."""

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(
    code: str, settings: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    environment = environment_without(
        "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PORTAL_", "DJANGO_ALLOW_ASYNC"
    )
    environment.update({"DJANGO_SETTINGS_MODULE": settings, **(env or {})})
    script = (
        "import django, json\ndjango.setup()\nfrom django.conf import settings\n" + code
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def django_json(code: str, settings: str = "portal.settings.dev", env=None):
    """The JSON a snippet prints on its last line of output."""
    result = run_django(code, settings, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(
    args: list[str], env: dict[str, str], *, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`manage.py` in a process of its own; a failure shows what it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def migrate_sqlite(path: Path) -> None:
    """A migrated SQLite database at `path` (with the dev settings' apps)."""
    env = environment_without("DATABASE_URL", "DJANGO_SETTINGS", "PORTAL_", "REDIS_URL")
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev")
    env.update(DATABASE_URL=f"sqlite:///{path}")
    manage(["migrate", "--noinput", "-v0"], env)


def copy_sqlite(source: Path, target: Path) -> None:
    """A copy of a SQLite database, through SQLite's backup API (WAL included)."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()


def file_site_environment(
    tmp_path: Path, migrated: Path, settings_code: str, **variables: str
) -> dict[str, str]:
    """The environment of processes (manage.py, a worker, a server) running
    `settings_code` as their settings module against a SQLite file of their own,
    copied from the migrated one."""
    (tmp_path / "file_site_settings.py").write_text(settings_code)
    database = tmp_path / "site.sqlite3"
    copy_sqlite(migrated, database)
    env = environment_without(
        "DATABASE_URL", "DJANGO_SETTINGS", "EMAIL_", "PORTAL_", "REDIS_URL"
    )
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "file_site_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
            "DATABASE_URL": f"sqlite:///{database}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "DEBUG": "0",
            **variables,
        }
    )
    return env


@contextmanager
def scratch_databases(names: list[str], folder: Path):
    """URLs of empty databases of their own, on the server of this run's
    DATABASE_URL when it is PostgreSQL (dropped afterwards), else SQLite files in
    `folder`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield [f"sqlite:///{folder / name}.sqlite3" for name in names]
        return
    import psycopg

    base, _slash, _name = url.rpartition("/")
    created = [f"portal_{uuid.uuid4().hex[:8]}_{name}" for name in names]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in created:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [f"{base}/{name}" for name in created]
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_path(env: dict[str, str]) -> str:
    return env["DATABASE_URL"].removeprefix("sqlite:///")


def environment_without(*prefixes: str) -> dict[str, str]:
    """This process's environment less the variables a test sets for its own
    subprocesses (a database, settings module or origin of their own)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


def serve_with_gunicorn(env: dict[str, str], port: int, workers: int = 1, **popen):
    """gunicorn serving the project on loopback, once its /healthz answers (any
    status: a test may serve a site whose database is down)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        **popen,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"gunicorn on port {port} did not start") from None
            time.sleep(0.2)
