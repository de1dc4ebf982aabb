"""A venue changed: the calendars of everyone seated on its coming hearings follow."""

from __future__ import annotations

from sqlmodel import Session

from service import audit, programs
from service.accounts.auth import Principal
from service.db import utcnow
from service.errors import Conflict
from service.hearings import queries
from service.messaging import hearing_texts
from service.models import Venue
from service.schemas.programs import VenueUpdate


def update_venue(session: Session, venue: Venue, data: VenueUpdate, principal: Principal) -> Venue:
    """Change a venue; a new name or address sends its coming hearings' panels updated invites.

    Each such hearing takes a higher SEQUENCE (same UID), queued in this transaction. Parties
    are not texted about it; their queued reminders are re-keyed so they name the new place.
    """
    where = (venue.name, venue.address)
    if data.online is not None and data.online != venue.online:
        coming = queries.upcoming_at_venue(session, venue.id)
        if coming:
            # Its hearings would keep links nobody hosts, or lose the place people go to.
            raise Conflict(
                f"{venue.name} has {len(coming)} coming hearings: move them to another venue "
                "before making it online or in person",
                field="online",
            )
    programs.update_venue(session, venue, data)
    # An online venue's address is not sent to anyone (each hearing has its own link).
    moved = (venue.name, venue.address) != where and not venue.online
    hearings = queries.upcoming_at_venue(session, venue.id) if moved else []
    for hearing in hearings:
        hearing.sequence += 1
        hearing.updated_at = utcnow()
        session.add(hearing)
        session.flush()
        hearing_texts.venue_changed(session, hearing)
    detail = f"{venue.name} saved"
    if moved:
        detail += f"; the place changed, updated invitations for {len(hearings)} coming hearings"
    audit.by(session, principal, "update", "venue", venue.id, detail=detail)
    session.flush()
    return venue, len(hearings)
