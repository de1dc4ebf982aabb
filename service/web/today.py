"""Today: the coordinator's day — upcoming hearings and everything waiting for a person."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from service.deps import SessionDep
from service.errors import NotFound
from service.freshness import FreshAfter
from service.outbox import queue
from service.reports.attention import inbound_for, message_for
from service.reports.dashboard import today_page, todo_list
from service.web.base import Csrf, PageUser, PageWriter, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/today", response_class=HTMLResponse)
def today(
    request: Request, session: SessionDep, principal: PageUser, fresh_after: FreshAfter
) -> HTMLResponse:
    """The coordinator's to-do list, then the hearings of the next seven days."""
    page = today_page(session, principal, fresh_after=fresh_after)
    return render(request, "today.html", principal, **page)


@router.get("/today/{key}", response_class=HTMLResponse)
def today_list(
    key: str, request: Request, session: SessionDep, principal: PageUser
) -> HTMLResponse:
    """One of Today's lists whole: Today itself shows the first few of each."""
    section = todo_list(session, principal, key)
    if section is None:
        raise NotFound(f"There is no list called “{key}” on Today.")
    return render(request, "today_list.html", principal, s=section)


def _back(back: str, key: str) -> str:
    """Where a button of a list returns: that list's own page, or Today (never a given URL)."""
    return f"/today/{key}" if back == "list" else "/today"


@router.post("/inbox/{inbound_id}/reply")
def reply(
    inbound_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
    body: str = Form(..., min_length=1, max_length=300),
    back: str = Form(""),
):
    """Answer a text from the inbox; the answer goes through the outbox like any other text."""
    inbound = inbound_for(session, inbound_id, principal)
    queue.queue_sms(
        session,
        to=inbound.from_number,
        template="staff_reply",
        language="en",
        context={"text": body},
        audience="staff",
        kind="staff_reply",
        case_id=inbound.case_id,
        person_id=inbound.person_id,
        volunteer_id=inbound.volunteer_id,
    )
    inbound.needs_attention = False
    session.add(inbound)
    return redirect(_back(back, "replies"), "Reply queued", anchor="todo-replies")


@router.post("/inbox/{inbound_id}/done")
def done(
    inbound_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf, back: str = Form("")
):
    """Mark a text as dealt with."""
    inbound = inbound_for(session, inbound_id, principal)
    inbound.needs_attention = False
    session.add(inbound)
    return redirect(_back(back, "replies"), "Marked as done", anchor="todo-replies")


@router.post("/messages/{message_id}/done")
def message_done(
    message_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf, back: str = Form("")
):
    """Acknowledge an undelivered message (the coordinator reached the person another way)."""
    message = message_for(session, message_id, principal)
    message.needs_attention = False
    session.add(message)
    return redirect(_back(back, "texts"), "Acknowledged", anchor="todo-texts")
