"""An opt-out belongs to the number it came from: a new number starts without it.

STOP puts the number on the suppression list and marks the person or volunteer opted out. When
a coordinator then corrects the number (a wrong number, a new phone), the mark would keep the
new number from being texted and a volunteer from getting their link, though its holder never
said stop; so here, once, for every write: a changed mobile takes the opt-out state of the new
number (opted out only if that number is itself on the list). The old number stays listed.
"""

from __future__ import annotations

from sqlalchemy import event, func, inspect
from sqlmodel import Session, select

from service.models.cases import Person
from service.models.messaging import SmsSuppression
from service.models.volunteers import Volunteer


def _listed(session: Session, phone: str | None) -> bool:
    if not phone:
        return False
    count = select(func.count()).select_from(SmsSuppression).where(SmsSuppression.phone == phone)
    return session.exec(count).one() > 0


@event.listens_for(Session, "before_flush")
def _opt_out_follows_number(session: Session, _context, _instances) -> None:
    for row in list(session.dirty):
        if not isinstance(row, Person | Volunteer) or row.sms_opted_out_at is None:
            continue
        if not inspect(row).attrs.mobile.history.has_changes():
            continue
        with session.no_autoflush:
            listed = _listed(session, row.mobile)
        row.sms_opted_out_at = row.sms_opted_out_at if listed else None
