"""Development only: the Outbox, every text and email Convene sent, as its reader got it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service.config import get_settings
from service.deps import SessionDep
from service.errors import NotFound
from service.messaging.sent import sent_messages
from service.web.base import PageUser, render

router = APIRouter(include_in_schema=False)


@router.get("/dev/outbox", response_class=HTMLResponse)
def outbox(request: Request, session: SessionDep, principal: PageUser) -> HTMLResponse:
    """The console providers' texts and emails; absent outside development (they are real there)."""
    if get_settings().env != "development":
        raise NotFound("this page exists only in development")
    return render(request, "dev/outbox.html", principal, messages=sent_messages(session, principal))
