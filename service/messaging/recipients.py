"""Who may be texted: a mobile number and consent to texts (opt-outs are the outbox's to honour).

The one home of this rule: hearing texts, reminders and closing texts all ask here.
"""

from __future__ import annotations

from sqlmodel import Session, select

from service.models import Party, Person, Volunteer
from service.models.base import PartyRole


def may_text(row: Person | Volunteer) -> bool:
    """Whether Convene may text this person or volunteer at all."""
    return bool(row.mobile and row.sms_consent)


def texted_parties(
    session: Session, case_id: int, role: PartyRole | None = None
) -> list[tuple[Party, Person]]:
    """The case's parties (of one role, if given) who may be texted, in the order they were added."""
    stmt = (
        select(Party, Person)
        .join(Person, Person.id == Party.person_id)
        .where(Party.case_id == case_id)
        .order_by(Party.id)
    )
    if role is not None:
        stmt = stmt.where(Party.role == role.value)
    return [(party, person) for party, person in session.exec(stmt).all() if may_text(person)]


def texted_participants(session: Session, case_id: int) -> list[Person]:
    """The case's participants who may be texted."""
    return [person for _, person in texted_parties(session, case_id, PartyRole.participant)]
