"""Send failures shared by the SMS and email senders, split by whether a retry can help."""

from __future__ import annotations


class SendError(Exception):
    """A message could not be handed to the provider."""

    def __init__(self, code: int | str | None, message: str) -> None:
        super().__init__(f"{code}: {message}" if code is not None else message)
        self.code = code
        self.message = message


class TransientSendError(SendError):
    """Retry later with backoff: rate limit, provider outage or network trouble."""


class PermanentSendError(SendError):
    """Never retry: the provider refused this message for good (bad number, opted out...)."""
