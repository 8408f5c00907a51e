"""The newsletter tests' mail server.

`smtp_server` runs for one test module; `mail` points Django's SMTP backend at it
for one test and starts that test with an empty mailbox.
"""

import pytest
from aiosmtpd.controller import Controller

from tests.smtp import HOST, CollectingHandler, SMTPServer, free_port


@pytest.fixture(scope="module")
def smtp_server():
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    try:
        yield SMTPServer(controller=controller, handler=handler, port=port)
    finally:
        controller.stop()


@pytest.fixture
def mail(smtp_server: SMTPServer, settings) -> SMTPServer:
    """The module's SMTP server, used by Django for this test, with an empty mailbox."""
    for name, value in smtp_server.settings().items():
        setattr(settings, name, value)
    smtp_server.clear()
    yield smtp_server
    smtp_server.clear()
