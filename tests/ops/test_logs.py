"""Structured logs: one JSON object per line for each request and each task, with
the request id, and error reporting switched on only by SENTRY_DSN."""

import io
import json
import logging
import re

import pytest

from ops.logs import JSONFormatter, RequestIdFilter
from ops.tasks import heartbeat_task
from tests.helpers import django_json, run_django


@pytest.fixture
def log_lines():
    """What the portal's loggers write through the JSON formatter, line by line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("portal.request", "portal.tasks")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_id(client, log_lines):
    response = client.get(
        "/fr/", HTTP_X_REQUEST_ID="edge-4f2a.91", REMOTE_ADDR="203.0.113.5"
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "edge-4f2a.91"
    lines = [line for line in log_lines() if line["logger"] == "portal.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "edge-4f2a.91"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/fr/", 200)
    assert line["client"] == "203.0.113.5"
    assert line["language"] == "fr"
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", line["time"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    ["", "a" * 65, "id with spaces", "<script>", "x\r\nSet-Cookie: a=b", "ü-id"],
)
def test_an_unsafe_incoming_request_id_is_replaced(client, log_lines, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert [line["request_id"] for line in log_lines()] == [request_id]


@pytest.mark.django_db
def test_two_requests_get_different_ids(client, log_lines):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second
    assert [line["request_id"] for line in log_lines()] == [first, second]


@pytest.mark.django_db
def test_each_task_logs_json_lines_with_its_id_status_and_duration(log_lines):
    result = heartbeat_task.enqueue()
    lines = [line for line in log_lines() if line["logger"] == "portal.tasks"]
    assert [line["message"].rsplit(" ", 1)[1] for line in lines] == [
        "enqueued",
        "started",
        "finished",
    ]
    assert {line["task_id"] for line in lines} == {str(result.id)}
    assert {line["task"] for line in lines} == {"ops.tasks.heartbeat_task"}
    assert lines[-1]["status"] == "SUCCESSFUL"
    assert lines[-1]["duration_ms"] >= 0


def test_production_writes_every_request_line_as_json(tmp_path):
    """The real LOGGING of production settings, read from the process's stderr."""
    result = run_django(
        "from django.test import Client\n"
        "response = Client().get('/healthz', HTTP_X_REQUEST_ID='probe-1')\n"
        "response = Client().get('/readyz')\n",
        "portal.settings.production",
        {
            "SECRET_KEY": "x" * 50,
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "STATIC_ROOT": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    requests = [line for line in lines if line["logger"] == "portal.request"]
    assert [(line["path"], line["status"]) for line in requests][0] == (
        "/healthz",
        200,
    )
    assert requests[0]["request_id"] == "probe-1"
    # No tables in this database: /readyz fails, and its line says so.
    assert (requests[-1]["path"], requests[-1]["status"]) == ("/readyz", 503)
    assert requests[-1]["level"] == "WARNING"
    # Django's own error line for it carries the same request id.
    errors = [line for line in lines if line["logger"] == "django.request"]
    assert [line["request_id"] for line in errors] == [requests[-1]["request_id"]]


def test_text_logs_can_be_chosen_in_production():
    result = run_django(
        "import logging\nlogging.getLogger('portal.request').info('plain line')\n",
        "portal.settings.production",
        {"SECRET_KEY": "x" * 50, "LOG_FORMAT": "text"},
    )
    assert result.returncode == 0, result.stderr
    assert "INFO portal.request plain line" in result.stderr
    bad = run_django(
        "", "portal.settings.production", {"SECRET_KEY": "x" * 50, "LOG_FORMAT": "xml"}
    )
    assert bad.returncode != 0
    assert "LOG_FORMAT must be one of json, text" in bad.stderr


SENTRY_STATE = (
    "import sentry_sdk\n"
    "client = sentry_sdk.get_client()\n"
    "print(json.dumps([client.is_active(), client.options.get('dsn'), "
    "client.options.get('environment'), client.options.get('send_default_pii'), "
    "client.options.get('traces_sample_rate')]))"
)


def test_error_reporting_is_off_without_sentry_dsn():
    state = django_json(
        SENTRY_STATE, "portal.settings.production", {"SECRET_KEY": "x" * 50}
    )
    assert state[0] is False


def test_sentry_dsn_switches_on_error_reporting_without_personal_data():
    # A closed port on loopback: nothing can leave the machine.
    dsn = "http://public@127.0.0.1:9/1"
    state = django_json(
        SENTRY_STATE,
        "portal.settings.production",
        {"SECRET_KEY": "x" * 50, "SENTRY_DSN": dsn, "SENTRY_ENVIRONMENT": "staging"},
    )
    assert state == [True, dsn, "staging", False, 0.0]
