"""Errors as pages: a browser asking for a page gets one it can act on, everyone else JSON."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from service.web.base import error_page, wants_html


def page_for(request: Request, status_code: int, message: str) -> Response | None:
    """The error page for a browser, or None when the caller wants the JSON shape."""
    return error_page(request, status_code, message) if wants_html(request) else None
