"""Calendar files: a volunteer's personal feed, and the one-hearing file behind a text's link."""

from __future__ import annotations

import hashlib
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import APIRouter, Request, Response

from service.config import get_settings
from service.deps import SessionDep
from service.errors import NotFound
from service.messaging import invites
from service.models import SeatAssignment
from service.security import short_unsign
from service.volunteers import queries

router = APIRouter(include_in_schema=False)
ICS = "text/calendar; charset=utf-8"


def _not_found() -> NotFound:
    # The same answer for unknown, revoked and malformed tokens: nothing to learn from it.
    return NotFound("calendar not found")


@router.get("/calendar/{token}.ics")
def feed(token: str, request: Request, session: SessionDep) -> Response:
    """A volunteer's hearings (last 30 days and upcoming), cacheable with ETag and Last-Modified."""
    if len(token) < 32:
        raise _not_found()
    volunteer = queries.by_calendar_token(session, token)
    if volunteer is None:
        raise _not_found()
    body, latest = invites.volunteer_feed(session, volunteer)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=300"}
    if latest is not None:
        headers["Last-Modified"] = format_datetime(latest.replace(microsecond=0), usegmt=True)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    since = request.headers.get("if-modified-since")
    if since and latest is not None and "if-none-match" not in request.headers:
        try:
            if latest.replace(microsecond=0) <= parsedate_to_datetime(since):
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError):
            pass
    return Response(content=body, media_type=ICS, headers=headers)


@router.get("/c/{token}")
def one_hearing(token: str, session: SessionDep) -> Response:
    """The .ics of one seat, from a signed, expiring link in the volunteer's text."""
    seat_id = short_unsign(get_settings().secret_key, "ics", token.removesuffix(".ics"))
    seat = session.get(SeatAssignment, seat_id) if seat_id is not None else None
    if seat is None:
        raise _not_found()
    return Response(
        content=invites.seat_calendar(session, seat),
        media_type=ICS,
        headers={"Content-Disposition": 'inline; filename="hearing.ics"'},
    )
