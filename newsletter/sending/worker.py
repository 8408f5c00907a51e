"""One process's run through a send: it registers as a worker, claims and sends
batches until none is left, keeps its heartbeat fresh for the sweeper, and says when
the deliveries it left for a retry are due."""

import os
import socket
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from ..models import Delivery, Send, SendWorker
from . import batches
from .batches import RateLimiter
from .copies import IssueRenderer
from .lifecycle import add_recipients, finish_if_done


@dataclass
class RunTally:
    """What one run of the sending loop did, and when the deliveries it left queued
    for a retry are due (None: nothing left, or the run stayed to retry them)."""

    send_id: int
    counts: Counter = field(default_factory=Counter)
    by_language: dict[str, Counter] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    retry_at: datetime | None = None

    def add(self, language: str, status: str) -> None:
        """Count one delivery's outcome, for a subscriber of `language`."""
        self.counts[status] += 1
        self.by_language[language][status] += 1


def new_worker_id() -> str:
    """Unique across processes and machines, and says which process it is."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def run_send(
    send: Send,
    *,
    worker_id: str | None = None,
    wait_for_retries: bool = False,
    batch_size: int | None = None,
) -> RunTally:
    """Send every claimable delivery of `send` from this process; with
    `wait_for_retries`, stay until transient failures are retried or given up, else
    leave them queued and say when they are due (`RunTally.retry_at`)."""
    add_recipients(send)
    worker_id = worker_id or new_worker_id()
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    worker = _register_worker(send, worker_id)
    tally = RunTally(send_id=send.pk)
    renderer = IssueRenderer(send)
    limiter = RateLimiter(settings.NEWSLETTER_RATE_LIMIT)
    try:
        while True:
            ids = batches.claim_batch(send, worker_id, batch_size)
            if ids:
                for language, status in batches.send_batch(
                    send, ids, worker_id, renderer, limiter
                ):
                    tally.add(language, status)
                _heartbeat(worker)
                continue
            next_attempt = _next_retry(send)
            if next_attempt is None:
                break
            if not wait_for_retries:
                tally.retry_at = next_attempt
                break
            delay = (next_attempt - timezone.now()).total_seconds()
            if delay > 0:
                _sleep_with_heartbeat(worker, delay)
    finally:
        SendWorker.objects.filter(pk=worker.pk).update(
            stopped_at=timezone.now(), heartbeat_at=timezone.now()
        )
    finish_if_done(send)
    return tally


def _register_worker(send: Send, worker_id: str) -> SendWorker:
    """This process as a worker of `send`, so that the sweeper can tell if it dies."""
    worker, _created = SendWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "send": send,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "heartbeat_at": timezone.now(),
            "stopped_at": None,
        },
    )
    return worker


def _heartbeat(worker: SendWorker) -> None:
    """Tell the sweeper this worker is still alive."""
    SendWorker.objects.filter(pk=worker.pk).update(heartbeat_at=timezone.now())


def _sleep_with_heartbeat(worker: SendWorker, seconds: float) -> None:
    """Wait for a retry without looking dead to the sweeper."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 5.0))
        _heartbeat(worker)


def _next_retry(send: Send) -> datetime | None:
    """When the earliest queued delivery is due, if any is left."""
    return send.deliveries.filter(status=Delivery.Status.QUEUED).aggregate(
        at=Min("next_attempt_at")
    )["at"]
