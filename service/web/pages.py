"""The front door: signed-in coordinators go to today's work, everyone else to sign in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from service.deps import SESSION_COOKIE

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> RedirectResponse:
    """Send the browser to the right first page."""
    return RedirectResponse(
        "/today" if request.cookies.get(SESSION_COOKIE) else "/login", status_code=303
    )
