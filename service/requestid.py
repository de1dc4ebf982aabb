"""A request id on every request: answered in X-Request-ID and written on every log line of it.

A caller (a proxy, a prosecutor's system) may send its own X-Request-ID; a well-formed one is
kept so one id follows the request across systems, anything else is replaced.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid

HEADER = b"x-request-id"
_WELL_FORMED = re.compile(rb"^[A-Za-z0-9._:-]{8,128}$")
current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """Plain ASGI: set the id for the request's context and answer it in the response headers."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers", [])).get(HEADER, b"")
        rid = sent.decode() if _WELL_FORMED.match(sent) else uuid.uuid4().hex
        token = current.set(rid)

        async def with_id(message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [
                    *(h for h in message.get("headers", []) if h[0].lower() != HEADER),
                    (HEADER, rid.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        finally:
            current.reset(token)


class WithRequestId(logging.Filter):
    """Puts the current request's id on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Never drops a record."""
        record.request_id = current.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message (and the exception)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        out = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", current.get()),
            "message": record.getMessage(),
        }
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)
