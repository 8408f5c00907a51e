"""What a worker that died mid-send leaves behind: its in-flight deliveries become
`unknown` (they may or may not have gone out, so they are never resent), through
`send_newsletter --resume` or the sweeper, and the rest of the send carries on."""

import logging
import os
import socket
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Delivery, Send, SendWorker
from .lifecycle import finish_if_done

logger = logging.getLogger(__name__)


@dataclass
class SweptSends:
    """What one sweep did: deliveries marked unknown, and the sends that lost a
    worker with deliveries still queued, for the caller to run again."""

    marked: int = 0
    to_resume: list[Send] = field(default_factory=list)


def resume_send(send: Send) -> int:
    """Mark the in-flight deliveries of dead workers `unknown` (they may or may not
    have gone out, so they are never resent); returns how many."""
    dead = [worker.worker_id for worker in send.workers.all() if _is_dead(worker)]
    return _mark_unknown(send, dead)


def sweep_dead_workers() -> SweptSends:
    """For every unfinished send: workers with no heartbeat for
    NEWSLETTER_WORKER_STALE_SECONDS lose their in-flight deliveries to `unknown`,
    and the sends with deliveries still queued are returned to be run again."""
    stale = timezone.now() - timedelta(seconds=settings.NEWSLETTER_WORKER_STALE_SECONDS)
    swept = SweptSends()
    workers = SendWorker.objects.filter(
        stopped_at__isnull=True,
        heartbeat_at__lt=stale,
        send__finished_at__isnull=True,
    ).select_related("send")
    by_send: dict[int, list[str]] = defaultdict(list)
    sends: dict[int, Send] = {}
    for worker in workers:
        by_send[worker.send_id].append(worker.worker_id)
        sends[worker.send_id] = worker.send
    for send_id, worker_ids in by_send.items():
        swept.marked += _mark_unknown(sends[send_id], worker_ids)
        if _has_queued(sends[send_id]):
            swept.to_resume.append(sends[send_id])
        else:
            finish_if_done(sends[send_id])
    return swept


def _is_dead(worker: SendWorker) -> bool:
    """Stopped, silent for too long, or a process of this machine that has gone."""
    if worker.stopped_at:
        return True
    stale = timedelta(seconds=settings.NEWSLETTER_WORKER_STALE_SECONDS)
    if worker.heartbeat_at < timezone.now() - stale:
        return True
    if worker.hostname == socket.gethostname():
        try:
            os.kill(worker.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def _mark_unknown(send: Send, worker_ids: list[str]) -> int:
    """The workers' in-flight deliveries become `unknown` and the workers stopped."""
    if not worker_ids:
        return 0
    with transaction.atomic():
        count = Delivery.objects.filter(
            send=send, status=Delivery.Status.SENDING, claimed_by__in=worker_ids
        ).update(
            status=Delivery.Status.UNKNOWN,
            smtp_response="The worker stopped while sending; not resent.",
        )
        SendWorker.objects.filter(
            send=send, worker_id__in=worker_ids, stopped_at__isnull=True
        ).update(stopped_at=timezone.now())
    if count:
        logger.warning("Send %s: %s deliveries marked unknown", send.pk, count)
    return count


def _has_queued(send: Send) -> bool:
    """Deliveries left for a run, now or after their backoff."""
    return send.deliveries.filter(status=Delivery.Status.QUEUED).exists()
