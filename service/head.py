"""HEAD is answered wherever GET is: uptime monitors and link checkers ask with HEAD.

FastAPI routes declare GET only, and adding HEAD to each route would double the OpenAPI
operations; so a HEAD request runs as its GET and the body is dropped on the way out.
"""

from __future__ import annotations


class HeadAsGet:
    """Plain ASGI: run HEAD as GET, send the GET's status and headers, never its body."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # swallow streamed chunks; the last one ends the response
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)
