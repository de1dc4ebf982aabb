"""How fresh a caller needs Today and the attention list: after their own last change.

Those lists are shared between callers for a few seconds (service/reports/shared.py). A browser
that changed something (a form posted, a seat filled) carries a change mark, a cookie set on
the answer to its change, and a page computed before that moment is not shown to it; a reload
(`Cache-Control: max-age=0`) and an API client's `Cache-Control: no-cache` ask for lists
computed now.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Request

from service.config import get_settings
from service.deps import SESSION_COOKIE

CHANGED_COOKIE = "convene_changed"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


async def fresh_after(request: Request) -> float | None:
    """The moment (time.time()) the lists shown to this caller must have been begun after
    (async: pure, so FastAPI calls it without a trip to the thread pool)."""
    directives = request.headers.get("cache-control", "").replace(" ", "").lower().split(",")
    if "no-cache" in directives or "max-age=0" in directives:
        return time.time()
    try:
        return float(request.cookies[CHANGED_COOKIE])
    except (KeyError, ValueError):
        return None


FreshAfter = Annotated[float | None, Depends(fresh_after)]


class ChangeMark:
    """Plain ASGI: a browser's change that succeeded gets the change mark on its answer.

    The answer starts after the request's commit, so the mark is later than the change.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in _UNSAFE or not _signed_in(scope):
            await self.app(scope, receive, send)
            return

        async def marked(message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                cookie = f"{CHANGED_COOKIE}={time.time():.3f}; Path=/; Max-Age=3600; HttpOnly; "
                cookie += "SameSite=Lax" + ("; Secure" if get_settings().https else "")
                headers = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, marked)


def _signed_in(scope) -> bool:
    """Whether the request comes from a browser's session (API clients carry no cookie)."""
    marker = f"{SESSION_COOKIE}=".encode()
    return any(name == b"cookie" and marker in value for name, value in scope["headers"])
