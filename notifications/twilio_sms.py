"""SMS sender for Twilio, through the official `twilio` library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from notifications.errors import PermanentSendError, SendError, TransientSendError
from notifications.sms import SendResult

# Twilio error codes that mean "this number will never take this text": do not retry.
INVALID_NUMBER = 21211
UNSUBSCRIBED = 21610
NOT_MOBILE = 21614
PERMANENT_CODES = frozenset({INVALID_NUMBER, UNSUBSCRIBED, NOT_MOBILE})
# Twilio's "too many requests" code, sometimes sent with a status other than 429.
TOO_MANY_REQUESTS = 20429
NOT_FOUND = 20404

DEFAULT_TIMEOUT = 10.0  # seconds; requests has no timeout of its own and a worker must not hang
# Clock skew allowed between our "sending" timestamp and Twilio's date_created.
_LOOKUP_SLACK = timedelta(minutes=2)


def classify_twilio_error(status: int, code: int | None, message: str) -> SendError:
    """Turn a Twilio HTTP status and error code into a transient or permanent send error."""
    code = code if code is not None else status
    if code in PERMANENT_CODES:
        return PermanentSendError(code, message)
    if status == 429 or status >= 500 or code == TOO_MANY_REQUESTS:
        return TransientSendError(code, message)
    return PermanentSendError(code, message)  # any other 4xx: the request itself is wrong


class TwilioSmsSender:
    """Sends texts through Twilio's Messages API from a messaging service or a number."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        messaging_service_sid: str | None = None,
        from_number: str | None = None,
        base_url: str | None = None,
        http_client: Any | None = None,
    ) -> None:
        if bool(messaging_service_sid) == bool(from_number):
            raise ValueError("give exactly one of messaging_service_sid and from_number")
        self.messaging_service_sid = messaging_service_sid
        self.from_number = from_number
        self.client = Client(
            account_sid,
            auth_token,
            http_client=http_client or TwilioHttpClient(timeout=DEFAULT_TIMEOUT),
        )
        if base_url:
            # The Api domain builds every URL from this; tests and contract mocks set it.
            self.client.api.base_url = base_url.rstrip("/")

    @property
    def _messages(self):
        return self.client.api.account.messages

    def send(
        self,
        to: str,
        body: str,
        *,
        status_callback: str | None = None,
        validity_period: int | None = None,
    ) -> SendResult:
        """Create the message at Twilio; raise Transient/PermanentSendError on failure."""
        kwargs: dict[str, Any] = {"to": to, "body": body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = self.from_number
        if status_callback:
            kwargs["status_callback"] = status_callback
        if validity_period is not None:
            kwargs["validity_period"] = validity_period
        message = self._call(lambda: self._messages.create(**kwargs))
        return SendResult(provider_id=message.sid, status=message.status or "queued")

    def lookup(
        self, provider_id: str | None, *, to: str, body: str, sent_after: datetime
    ) -> SendResult | None:
        """Find a message that may have been sent before a crash; None if it cannot be found."""
        if provider_id:
            try:
                message = self._call(lambda: self._messages(provider_id).fetch())
            except PermanentSendError as exc:
                if exc.code in (404, NOT_FOUND):  # deleted at Twilio: nothing to tell
                    return None
                raise
            return SendResult(message.sid, message.status or "queued")
        since = sent_after.astimezone(UTC) if sent_after.tzinfo else sent_after.replace(tzinfo=UTC)
        since -= _LOOKUP_SLACK
        found = self._match(
            self._call(lambda: self._messages.list(to=to, date_sent_after=since, limit=50)),
            body,
            since,
        )
        if found is None:
            # A message still queued at Twilio has no date_sent and escapes that filter: look
            # through the newest messages to this number by creation time as well.
            found = self._match(
                self._call(lambda: self._messages.list(to=to, limit=50)), body, since
            )
        return found

    @staticmethod
    def _match(messages, body: str, since: datetime) -> SendResult | None:
        for message in messages:
            created = message.date_created or message.date_sent
            if message.body == body and (created is None or created >= since):
                return SendResult(message.sid, message.status or "queued")
        return None

    @staticmethod
    def _call(fn):
        try:
            return fn()
        except TwilioRestException as exc:
            raise classify_twilio_error(exc.status, exc.code, exc.msg) from exc
        except TwilioServiceException as exc:
            raise classify_twilio_error(exc.status, exc.code, exc.title) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise TransientSendError("network", str(exc)) from exc
        except TwilioException as exc:
            # Listing wraps an HTTP failure as TwilioException("Unable to fetch page", response).
            response = exc.args[1] if len(exc.args) > 1 else None
            status = getattr(response, "status_code", None)
            if isinstance(status, int):
                raise classify_twilio_error(status, None, str(exc)) from exc
            # Anything else (credentials missing...) is configuration: retrying cannot help.
            raise PermanentSendError("twilio", str(exc)) from exc


__all__ = ["TwilioSmsSender", "classify_twilio_error"]
