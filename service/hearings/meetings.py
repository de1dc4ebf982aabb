"""Online hearings: each hearing's own video-meeting link, made from its venue's template or pasted."""

from __future__ import annotations

import base64
import secrets

from sqlmodel import Session

from service.errors import Invalid
from service.models import Hearing, Venue
from service.repo import get_or_404
from service.schemas.hearings import HearingUpdate

TOKEN_BYTES = 15  # 120 random bits: a room name nobody can guess or enumerate


def room_token() -> str:
    """A random room name in lower case (Jitsi and others fold case), with nothing about anyone."""
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode("ascii").lower()


def link_for(venue: Venue, pasted: str | None, kept: str | None = None) -> str | None:
    """The meeting link of a hearing at this venue: none in person; online, the link pasted,
    else the one it already has (`kept`), else a new one from the venue's template."""
    if not venue.online:
        if pasted:
            raise Invalid(
                f"{venue.name} is a place people go to: only an online hearing has a meeting link",
                field="meeting_url",
            )
        return None
    if pasted:
        return pasted
    if kept:
        return kept
    if venue.meeting_template:
        return venue.meeting_template.replace("{token}", room_token())
    raise Invalid(
        f"{venue.name} makes no meeting links: paste the link of the video meeting",
        field="meeting_url",
    )


def mode_question(session: Session, hearing: Hearing, data: HearingUpdate) -> str:
    """The confirmation step's question for a change of venue or link, in words."""
    venue = get_or_404(session, Venue, data.venue_id or hearing.venue_id, what="venue")
    if not venue.online:
        return f"Hold this hearing in person at {venue.name}, {venue.address}?"
    if venue.id == hearing.venue_id and hearing.meeting_url:
        return "Send everyone on this hearing its new meeting link?"
    return f"Hold this hearing online ({venue.name})?"
