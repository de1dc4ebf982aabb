"""Who gets a case's texts: its participants with a mobile number and consent to texts."""

from __future__ import annotations

from sqlmodel import Session, select

from service.models import Party, Person


def texted_participants(session: Session, case_id: int) -> list[Person]:
    """The case's participants who agreed to texts and have a mobile number."""
    rows = session.exec(
        select(Person)
        .join(Party, Party.person_id == Person.id)
        .where(Party.case_id == case_id, Party.role == "participant")
        .order_by(Party.id)
    ).all()
    return [p for p in rows if p.mobile and p.sms_consent]
