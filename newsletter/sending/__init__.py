"""Sending an issue to the list, reliably: never a second copy, nothing silently lost.

A Send is one issue with all its translations. Its recipients become Delivery rows
(one per subscriber, unique), which workers *claim* in small batches before sending
(`SKIP LOCKED` on PostgreSQL, a conditional UPDATE in an IMMEDIATE transaction on
SQLite), so the db_worker and `send_newsletter --wait` can run side by side. Each
batch re-checks that its subscribers are still confirmed, sends over one SMTP
connection and commits its outcome. A worker that dies leaves its claimed rows as
`sending`; they become `unknown` (never resent) when `--resume` runs or when the
sweeper sees the worker's heartbeat stop, and the rest of the send carries on.

`lifecycle` starts and finishes a Send, `worker` is one process's run through it,
`batches` claims and sends one batch, `copies` picks and renders each subscriber's
copy (and the editor's test copy), and `recovery` deals with dead workers. Nothing
here queues a task: `newsletter.tasks` queues what these functions say is left.
"""

from .batches import STAGING_SKIP, claim_batch, send_batch
from .copies import IssueRenderer, send_test, topics_by_subscriber
from .lifecycle import add_recipients, finish_if_done, start_send
from .recovery import SweptSends, resume_send, sweep_dead_workers
from .worker import RunTally, run_send

__all__ = [
    "STAGING_SKIP",
    "IssueRenderer",
    "RunTally",
    "SweptSends",
    "add_recipients",
    "claim_batch",
    "finish_if_done",
    "resume_send",
    "run_send",
    "send_batch",
    "send_test",
    "start_send",
    "sweep_dead_workers",
    "topics_by_subscriber",
]
