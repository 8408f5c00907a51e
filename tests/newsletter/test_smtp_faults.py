"""The mail server misbehaves during a send (a real aiosmtpd server on loopback):
it drops the connection part-way through, answers 421 and hangs up, or is not
there at all and comes back later. Whatever happens, nobody receives the issue
twice, every delivery is accounted for (sent, failed or still queued; none lost,
none left "sending"), and the send finishes with everything sent once the server
answers again."""

import socket
import threading
import time
from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest
from aiosmtpd.controller import Controller

from demo.newsletter import ISSUE
from newsletter import sending
from newsletter.models import Delivery, NewsletterIssuePage, Send, Subscriber
from tests.smtp import HOST, CollectingHandler, SMTPServer, free_port

pytestmark = pytest.mark.django_db

RECIPIENTS = 12


def readers(count: int = RECIPIENTS) -> list[Subscriber]:
    now = timezone.now()
    return [
        Subscriber.objects.create(
            email=f"fault{number:02d}@example.org",
            language=["en", "fr", "ar"][number % 3],
            status=Subscriber.Status.CONFIRMED,
            consent_text="I agree.",
            consented_at=now,
            confirmed_at=now,
        )
        for number in range(count)
    ]


def demo_send() -> Send:
    issue = NewsletterIssuePage.objects.get(
        slug=ISSUE["slug"], locale__language_code="en"
    )
    return sending.start_send(issue)


def send_wait() -> str:
    out = StringIO()
    call_command("send_newsletter", ISSUE["slug"], "--wait", stdout=out)
    return out.getvalue()


def statuses() -> Counter:
    return Counter(Delivery.objects.values_list("status", flat=True))


def assert_everyone_exactly_once(server: SMTPServer, people: list[Subscriber]):
    received = Counter(item.rcpt_tos[0] for item in server.received)
    assert max(received.values()) == 1, "someone received two copies"
    assert set(received) == {person.email for person in people}


def assert_accounted_for(people: list[Subscriber]) -> Counter:
    counts = statuses()
    assert Delivery.objects.count() == len(people)
    assert counts[Delivery.Status.SENDING] == 0
    assert counts[Delivery.Status.SENT] + counts[Delivery.Status.FAILED] + counts[
        Delivery.Status.QUEUED
    ] == len(people), counts
    return counts


class HangingUpHandler(CollectingHandler):
    """Accepts `every - 1` messages, then on the next one hangs up instead of
    accepting it: silently (the connection drops) or with `421` first."""

    def __init__(self, every: int, reply: str | None) -> None:
        super().__init__()
        self.every = every
        self.reply = reply
        self.seen = 0
        self.hung_up = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.seen += 1
            hang_up = self.seen % self.every == 0
            if hang_up:
                self.hung_up += 1
        if not hang_up:
            return await super().handle_DATA(server, session, envelope)
        if self.reply:
            await server.push(self.reply)
        server.transport.close()
        return "421 4.4.2 Already gone"


@pytest.fixture
def hanging_up(settings, request):
    """A mail server of this test's own that hangs up as `request.param` says."""
    every, reply = request.param
    handler = HangingUpHandler(every, reply)
    port = free_port()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    server = SMTPServer(controller=controller, handler=handler, port=port)
    for name, value in server.settings().items():
        setattr(settings, name, value)
    settings.NEWSLETTER_RETRY_BACKOFF_SECONDS = 0
    settings.NEWSLETTER_BATCH_SIZE = 5
    yield server
    controller.stop()


@pytest.mark.parametrize(
    "hanging_up",
    [
        pytest.param((4, None), id="drops-the-connection"),
        pytest.param(
            (3, "421 4.3.2 Service shutting down"), id="answers-421-and-closes"
        ),
    ],
    indirect=True,
)
def test_a_server_that_hangs_up_mid_send(hanging_up):
    people = readers()
    output = send_wait()

    assert hanging_up.handler.hung_up >= 3, "the server never hung up"
    assert_everyone_exactly_once(hanging_up, people)
    counts = assert_accounted_for(people)
    assert counts[Delivery.Status.SENT] == len(people), counts
    # Every attempt counted reached the server: a hang-up costs the next
    # subscriber in the batch nothing.
    attempts = sum(Delivery.objects.values_list("attempts", flat=True))
    assert (
        attempts == hanging_up.handler.seen == len(people) + hanging_up.handler.hung_up
    )
    send = Send.objects.get()
    assert send.finished_at and send.sent_count == len(people)
    assert f"this run sent {len(people)}" in output


def test_a_refused_connection_then_the_server_comes_back(settings):
    """The server is down for the first run: every delivery stays queued for a later
    attempt (none lost, none sent, none stuck). It comes back on the same port and
    the next run sends each one once and finishes."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = HOST, port
    settings.EMAIL_TIMEOUT = 5
    settings.NEWSLETTER_RETRY_BACKOFF_SECONDS = 60
    settings.NEWSLETTER_BATCH_SIZE = 5
    people = readers()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((HOST, port), timeout=1).close()

    send = demo_send()
    tally = sending.run_send(send)

    assert tally.counts[Delivery.Status.SENT] == 0
    counts = assert_accounted_for(people)
    assert counts[Delivery.Status.QUEUED] == len(people)
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    assert not Delivery.objects.filter(next_attempt_at__lte=timezone.now()).exists()
    assert not Send.objects.get(pk=send.pk).finished_at

    # The backoff passes.
    Delivery.objects.update(next_attempt_at=timezone.now())

    handler = CollectingHandler()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    try:
        server = SMTPServer(controller=controller, handler=handler, port=port)
        output = send_wait()
        assert_everyone_exactly_once(server, people)
    finally:
        controller.stop()
    counts = assert_accounted_for(people)
    assert counts[Delivery.Status.SENT] == len(people)
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {2}
    send.refresh_from_db()
    assert send.finished_at and send.sent_count == len(people)
    assert f"this run sent {len(people)}" in output


def test_a_server_that_goes_away_during_the_send_and_returns(settings):
    """Up for the first messages, then gone (the process stops, the port refuses),
    then back: the copies that went out are not sent again, the rest wait in the
    queue and go out once, and the send finishes."""
    port = free_port()
    handler = CollectingHandler()
    controller = Controller(handler, hostname=HOST, port=port)
    server = SMTPServer(controller=controller, handler=handler, port=port)
    for name, value in server.settings().items():
        setattr(settings, name, value)
    settings.NEWSLETTER_RETRY_BACKOFF_SECONDS = 1
    settings.NEWSLETTER_BATCH_SIZE = 3
    people = readers()
    stop_after = 5
    accept = handler.handle_DATA
    stopped = threading.Event()

    async def handle_DATA(smtp, session, envelope):
        if len(handler.received) < stop_after:
            return await accept(smtp, session, envelope)
        # Going down: this message is not kept, and the port closes.
        if not stopped.is_set():
            stopped.set()
            threading.Thread(target=controller.stop).start()
        return "421 4.3.2 Shutting down"

    handler.handle_DATA = handle_DATA
    controller.start()
    send = demo_send()
    sending.run_send(send)
    assert stopped.wait(10)
    delivered_first = len(server.received)
    assert delivered_first == stop_after
    counts = assert_accounted_for(people)
    assert counts[Delivery.Status.SENT] == delivered_first
    assert counts[Delivery.Status.QUEUED] == len(people) - delivered_first

    time.sleep(0.2)
    back = Controller(handler, hostname=HOST, port=port)
    handler.handle_DATA = accept
    back.start()
    try:
        send_wait()
    finally:
        back.stop()
    assert_everyone_exactly_once(server, people)
    counts = assert_accounted_for(people)
    assert counts[Delivery.Status.SENT] == len(people)
    send.refresh_from_db()
    assert send.finished_at and send.sent_count == len(people)
