"""Run a snippet of Python in a fresh process with its own environment, so that
settings read at start-up (DATABASE_URL, REDIS_URL, SECRET_KEY...) can be tested."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(
    code: str, settings: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PORTAL_", "DJANGO_ALLOW_ASYNC")
        )
    }
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
