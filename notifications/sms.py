"""The SMS sender interface the outbox dispatcher uses, and a console sender for development."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from notifications.errors import PermanentSendError, SendError, TransientSendError

__all__ = [
    "ConsoleSmsSender",
    "PermanentSendError",
    "SendError",
    "SendResult",
    "SentSms",
    "SmsSender",
    "TransientSendError",
]

logger = logging.getLogger("convene.sms")


@dataclass(frozen=True)
class SendResult:
    """The provider's id for an accepted message and its status there ("queued", "sent"...)."""

    provider_id: str
    status: str


class SmsSender(Protocol):
    """Hands one text to a provider; raises TransientSendError or PermanentSendError."""

    def send(
        self,
        to: str,
        body: str,
        *,
        status_callback: str | None = None,
        validity_period: int | None = None,
    ) -> SendResult:
        """Send body to the E.164 number `to`; validity_period (s) lets a late text be dropped."""
        ...

    def lookup(
        self, provider_id: str | None, *, to: str, body: str, sent_after: datetime
    ) -> SendResult | None:
        """Find a message a crashed worker may have sent; None when that cannot be determined."""
        # None is "no evidence", not "not sent": the provider may still be accepting it. The
        # caller flags such a row for a person rather than sending it again.
        ...


@dataclass(frozen=True)
class SentSms:
    """One text the console sender 'sent'."""

    provider_id: str
    to: str
    body: str
    status_callback: str | None
    validity_period: int | None
    sent_at: datetime


class ConsoleSmsSender:
    """Development sender: logs each text and keeps it in `sent` instead of sending it.

    Showing the body in the log is the point in development; anywhere else a text is personal
    data (a hearing time, a self-service link that signs its holder in), so only its length is
    logged unless `show_bodies` is set.
    """

    def __init__(self, *, show_bodies: bool = False) -> None:
        self.show_bodies = show_bodies
        self.sent: list[SentSms] = []
        self._lock = threading.Lock()  # the dispatcher may run several threads

    def send(
        self,
        to: str,
        body: str,
        *,
        status_callback: str | None = None,
        validity_period: int | None = None,
    ) -> SendResult:
        """Log the text and record it; always succeeds with status "sent"."""
        sms = SentSms(
            provider_id=f"console-{uuid.uuid4().hex}",
            to=to,
            body=body,
            status_callback=status_callback,
            validity_period=validity_period,
            sent_at=datetime.now(UTC),
        )
        with self._lock:
            self.sent.append(sms)
        if self.show_bodies:
            logger.info("SMS to %s (%s):\n%s", to, sms.provider_id, body)
        else:
            logger.info("SMS to ...%s (%s): %d characters", to[-4:], sms.provider_id, len(body))
        return SendResult(provider_id=sms.provider_id, status="sent")

    def lookup(
        self, provider_id: str | None, *, to: str, body: str, sent_after: datetime
    ) -> SendResult | None:
        """Find a recorded text by id, or else by recipient, body and time."""
        with self._lock:
            sent = list(self.sent)
        for sms in reversed(sent):
            if provider_id is not None and sms.provider_id == provider_id:
                return SendResult(sms.provider_id, "sent")
            same = sms.to == to and sms.body == body and sms.sent_at >= sent_after
            if provider_id is None and same:
                return SendResult(sms.provider_id, "sent")
        return None
