"""The email backend of every environment: it hands messages to the configured
backend (PORTAL_EMAIL_BACKEND, from EMAIL_URL), but on a site that is not the
production origin it drops every recipient outside PORTAL_EMAIL_ALLOWLIST."""

import copy
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .staging import email_allowed

logger = logging.getLogger(__name__)


class AllowlistEmailBackend(BaseEmailBackend):
    """Wraps the real backend; counts only the messages it passed on."""

    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.backend = get_connection(
            settings.PORTAL_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.backend.open()

    def close(self) -> None:
        self.backend.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        allowed = [
            message
            for message in (self.filter(message) for message in email_messages)
            if message is not None
        ]
        if not allowed:
            return 0
        return self.backend.send_messages(allowed) or 0

    def filter(self, message: EmailMessage) -> EmailMessage | None:
        """The message with only its allowed recipients, or None when none is left."""
        dropped = [
            address for address in message.recipients() if not email_allowed(address)
        ]
        if not dropped:
            return message
        logger.warning(
            "Staging: %s recipient(s) of %r dropped (not in PORTAL_EMAIL_ALLOWLIST)",
            len(dropped),
            message.subject,
            extra={"dropped_recipients": len(dropped)},
        )
        kept = copy.copy(message)
        kept.to = [address for address in message.to if email_allowed(address)]
        kept.cc = [address for address in message.cc if email_allowed(address)]
        kept.bcc = [address for address in message.bcc if email_allowed(address)]
        return kept if kept.recipients() else None
