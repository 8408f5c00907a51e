"""Structured logs: one JSON object per line, one line per request and per task,
each carrying the request id of the request that caused it.

`LOGGING` (portal/settings/env.py, `logging_settings`) points the console handler at
`JSONFormatter` (LOG_FORMAT=json) or `TextFormatter`, both with `RequestIdFilter`.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from django_tasks.signals import task_enqueued, task_finished, task_started

from core.utils import client_ip

request_logger = logging.getLogger("portal.request")
task_logger = logging.getLogger("portal.tasks")

# The request being served by this thread (or the task being run), for every line.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)

# An incoming X-Request-ID is kept only when it is a short, plain token.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

# Attributes every LogRecord has; anything else was passed through `extra=`.
STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__
) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Puts the request id on every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # django.request logs server errors after the middleware has finished,
            # with the request itself attached.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "id", "") or current_request_id.get()
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, then any
    extra fields, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
        }
        for key, value in record.__dict__.items():
            if key not in STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Plain lines for a developer's terminal, with the request id when there is one."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s%(request_tag)s %(message)s"
        )

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", "")
        record.request_tag = f" [{request_id}]" if request_id else ""
        return super().format(record)


def incoming_request_id(request: HttpRequest) -> str:
    """The proxy's X-Request-ID when it is a safe short token, else a new one."""
    candidate = request.META.get("HTTP_X_REQUEST_ID", "").strip()
    if SAFE_REQUEST_ID.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Gives each request an id (`request.id`, the `X-Request-ID` response header,
    every log line written while it is served) and logs one line when it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.id = incoming_request_id(request)
        token = current_request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            self.log(request, response.status_code, started)
            return response
        finally:
            current_request_id.reset(token)

    def log(self, request: HttpRequest, status: int, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        request_logger.log(
            logging.WARNING if status >= 500 else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
                "client": client_ip(request),
                "language": getattr(request, "LANGUAGE_CODE", ""),
            },
        )


def _task_fields(task_result) -> dict[str, object]:
    started = getattr(task_result, "started_at", None)
    finished = getattr(task_result, "finished_at", None)
    duration_ms = None
    if started and finished:
        duration_ms = round((finished - started).total_seconds() * 1000, 1)
    return {
        "task_id": str(task_result.id),
        "task": task_result.task.module_path,
        "status": str(task_result.status),
        "duration_ms": duration_ms,
    }


@receiver(task_enqueued, dispatch_uid="ops.logs.task_enqueued")
def log_task_enqueued(sender, task_result, **kwargs) -> None:
    fields = _task_fields(task_result)
    task_logger.info("task %s enqueued", fields["task"], extra=fields)


@receiver(task_started, dispatch_uid="ops.logs.task_started")
def log_task_started(sender, task_result, **kwargs) -> None:
    fields = _task_fields(task_result)
    task_logger.info("task %s started", fields["task"], extra=fields)


@receiver(task_finished, dispatch_uid="ops.logs.task_finished")
def log_task_finished(sender, task_result, **kwargs) -> None:
    fields = _task_fields(task_result)
    failed = fields["status"] == "FAILED"
    task_logger.log(
        logging.WARNING if failed else logging.INFO,
        "task %s %s",
        fields["task"],
        "failed" if failed else "finished",
        extra=fields,
    )
