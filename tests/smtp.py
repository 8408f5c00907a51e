"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the
tests of every email the site sends. Messages are parsed with the `email` package
(modern policy), so tests read headers and parts as a mail client would."""

import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class ReceivedMessage:
    """One message as the server accepted it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class CollectingHandler:
    """Keeps every message it accepts; can be told to refuse the next few."""

    def __init__(self) -> None:
        self.received: list[ReceivedMessage] = []
        self.lock = threading.Lock()
        self.refusals: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            if self.refusals:
                return self.refusals.pop(0)
            self.received.append(
                ReceivedMessage(
                    mail_from=envelope.mail_from,
                    rcpt_tos=list(envelope.rcpt_tos),
                    message=message_from_bytes(
                        envelope.original_content or envelope.content,
                        policy=policy.default,
                    ),
                )
            )
        return "250 OK"


@dataclass
class SMTPServer:
    """What tests see: the port, the messages received, and the settings to use it."""

    controller: Controller
    handler: CollectingHandler
    port: int
    host: str = HOST

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            return [item.message for item in self.handler.received]

    @property
    def received(self) -> list[ReceivedMessage]:
        with self.handler.lock:
            return list(self.handler.received)

    @property
    def url(self) -> str:
        """An EMAIL_URL for a subprocess (a worker, a management command)."""
        return f"smtp://{self.host}:{self.port}"

    def settings(self) -> dict[str, object]:
        """The EMAIL_* settings that point Django's SMTP backend at this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 10,
        }

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.received.clear()
            self.handler.refusals.clear()

    def refuse_next(self, count: int = 1, reply: str = "451 4.3.0 Try again later"):
        """Answer the next `count` messages with `reply` instead of accepting them
        (a 4xx reply is transient, a 5xx one permanent)."""
        with self.handler.lock:
            self.handler.refusals.extend([reply] * count)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages, once at least `count` have arrived (for senders in another
        thread or process); fails the test after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.messages
            if len(messages) >= count:
                return messages
            time.sleep(0.05)
        pytest.fail(f"expected {count} messages, {len(self.messages)} arrived")
