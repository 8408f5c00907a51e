"""A real `db_worker` process killed (SIGKILL) part-way through a send, and the
send finished either by `send_newsletter --resume` or, with nobody at the
keyboard, by the sweeper in the next worker: nobody receives two copies and every
delivery is accounted for.

The worker and the commands run against a SQLite file database of their own (copied
from one migrated once), with the database task queue and Django's SMTP backend pointed at aiosmtpd.
"""

import asyncio
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from tests.helpers import ROOT, file_site_environment, manage, sqlite_path

RECIPIENTS = 40
BATCH = 4
HOLD_AT = 10  # the message the server holds unanswered until the worker is killed

SETTINGS = f"""
from portal.settings.dev import *  # noqa

TASKS = {{"default": {{"BACKEND": "django_tasks_db.DatabaseBackend"}}}}
NEWSLETTER_BATCH_SIZE = {BATCH}
"""

CONTENT = f"""
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from demo import content
from home.models import HomePage
from newsletter.models import NewsletterIndexPage, NewsletterIssuePage, Subscriber
from core.locales import ensure_locales

ensure_locales()
root = Page.get_first_root_node()
home = HomePage(locale=Locale.get_default(), **{{**content.HOME, "slug": "home-w"}})
root.add_child(instance=home)
home.save_revision().publish()
Site.objects.update(root_page=home)
index = NewsletterIndexPage(title="E-newsletter", slug="newsletter")
home.add_child(instance=index)
index.save_revision().publish()
issue = NewsletterIssuePage(
    title="Worker issue", slug="worker-issue", subject="Sent by a worker",
    lead="<p>Killed and resumed.</p>",
)
index.add_child(instance=issue)
issue.save_revision().publish()
now = timezone.now()
Subscriber.objects.bulk_create(
    Subscriber(
        email=f"w{{n:02d}}@example.org", language=["en", "fr"][n % 2],
        status="confirmed", consented_at=now, confirmed_at=now,
        consent_text="I agree.",
    )
    for n in range({RECIPIENTS})
)
"""


@pytest.fixture
def environment(tmp_path, migrated_sqlite, smtp_server) -> dict[str, str]:
    env = file_site_environment(
        tmp_path,
        migrated_sqlite,
        SETTINGS,
        EMAIL_URL=smtp_server.url,
        PORTAL_BASE_URL="https://commons.example.org",
    )
    manage(["shell", "-c", CONTENT], env)
    return env


def delivery_counts(env: dict[str, str]) -> Counter:
    with sqlite3.connect(sqlite_path(env)) as db:
        rows = db.execute(
            "SELECT status, count(*) FROM newsletter_delivery GROUP BY status"
        ).fetchall()
    return Counter(dict(rows))


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_a_worker_mid_send(env: dict[str, str], smtp_server) -> Counter:
    """Queue the send, let a real db_worker send part of it, hold one message
    unanswered and SIGKILL the worker while it waits; the delivery counts then."""
    smtp_server.clear()
    handler = smtp_server.handler
    killed = threading.Event()
    accept = type(handler).handle_DATA

    async def slow_data(server, session, envelope):
        await asyncio.sleep(0.02)
        if len(smtp_server.received) == HOLD_AT - 1 and not killed.is_set():
            # Hold this message unanswered: the worker dies while it is in flight.
            while not killed.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.2 Going away"
        return await accept(handler, server, session, envelope)

    handler.handle_DATA = slow_data
    worker = start_worker(env)
    try:
        queued = manage(["send_newsletter", "worker-issue"], env)
        assert "queued for the worker" in queued.stdout
        deadline = time.monotonic() + 60
        while len(smtp_server.received) < HOLD_AT - 1:
            assert time.monotonic() < deadline, "the worker sent too little"
            assert worker.poll() is None, "the worker stopped by itself"
            time.sleep(0.05)
        time.sleep(0.3)  # the held message is now in flight
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(timeout=10) == -signal.SIGKILL
    finally:
        killed.set()
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        del handler.handle_DATA

    before = delivery_counts(env)
    assert before["sending"] >= 1, before  # killed mid-batch
    assert before["queued"] >= 1, before  # and part-way through the send
    return before


def assert_finished_once(env, smtp_server, before: Counter, received_before: int):
    """Every delivery accounted for: the in-flight ones unknown (never resent), the
    queued ones sent once, nobody with two copies."""
    after = delivery_counts(env)
    assert after["sent"] + after["unknown"] + after["failed"] == RECIPIENTS, after
    assert after["unknown"] == before["sending"]
    assert after["queued"] == after["sending"] == 0
    received = [item.rcpt_tos[0] for item in smtp_server.received]
    assert len(received) == len(set(received)), "someone received two copies"
    assert len(received) - received_before == before["queued"]
    assert after["sent"] <= len(received) <= after["sent"] + after["unknown"]
    return received


def test_a_killed_worker_is_resumed_without_a_second_copy(environment, smtp_server):
    before = kill_a_worker_mid_send(environment, smtp_server)
    received_before = len(smtp_server.received)

    resumed = manage(
        ["send_newsletter", "worker-issue", "--resume", "--wait"], environment
    )
    assert "marked unknown, not resent" in resumed.stdout
    received = assert_finished_once(environment, smtp_server, before, received_before)

    again = manage(["send_newsletter", "worker-issue", "--wait"], environment)
    assert "this run sent 0" in again.stdout
    assert len(smtp_server.received) == len(received)


def send_finished(env: dict[str, str]) -> bool:
    with sqlite3.connect(sqlite_path(env)) as db:
        row = db.execute("SELECT finished_at FROM newsletter_send").fetchone()
    return bool(row and row[0])


def test_a_killed_worker_is_noticed_by_the_sweeper_and_the_send_finished(
    environment, smtp_server
):
    """Nobody runs --resume: the sweeper the send queued for itself runs in the next
    worker, sees the dead worker's heartbeat stop, marks its in-flight deliveries
    unknown and queues the rest of the send, which that worker finishes."""
    environment = {**environment, "NEWSLETTER_WORKER_STALE_SECONDS": "2"}
    before = kill_a_worker_mid_send(environment, smtp_server)
    received_before = len(smtp_server.received)

    worker = start_worker(environment)
    try:
        deadline = time.monotonic() + 60
        while not send_finished(environment):
            assert time.monotonic() < deadline, delivery_counts(environment)
            assert worker.poll() is None, "the second worker stopped by itself"
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    received = assert_finished_once(environment, smtp_server, before, received_before)

    again = manage(["send_newsletter", "worker-issue", "--wait"], environment)
    assert "this run sent 0" in again.stdout
    assert len(smtp_server.received) == len(received)
