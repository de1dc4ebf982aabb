"""Calendar files: a volunteer's personal feed, and the one-hearing file behind a text's link."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import APIRouter, Request, Response

from service.config import get_settings
from service.db import utcnow
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
    modified = latest.replace(microsecond=0) if latest is not None else None
    # HTTP dates count whole seconds: a date is only given once its second is over, so any
    # later change falls in a later second and a client's If-Modified-Since never hides it.
    if modified is not None and utcnow() >= modified + timedelta(seconds=1):
        headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    if _not_modified(request, etag, headers.get("Last-Modified") and modified):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type=ICS, headers=headers)


def _not_modified(request: Request, etag: str, modified: datetime | None) -> bool:
    """RFC 9110 13.1.2 and 13.2.2: If-None-Match (weak comparison, a list, or *) decides when
    present; otherwise If-Modified-Since against the Last-Modified sent."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        return _opaque(etag) in {_opaque(tag) for tag in _ETAG_LIST.findall(if_none_match)}
    since = request.headers.get("if-modified-since")
    if not since or modified is None:
        return False
    try:
        return modified <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 13.1.3)


# An entity tag: optional W/ then a quoted string without quotes inside (RFC 9110 8.8.3).
_ETAG_LIST = re.compile(r'(?:W/)?"[^"]*"')


def _opaque(tag: str) -> str:
    """The opaque tag that weak comparison compares (W/ dropped)."""
    return tag.removeprefix("W/")


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
