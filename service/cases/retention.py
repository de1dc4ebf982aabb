"""Retention: closed cases are anonymised after a set period; counts for reports stay."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from service import audit
from service.db import utcnow
from service.models import Case, CaseNote, InboundMessage, Message, Party, Person

CLOSED = ("completed", "returned", "withdrawn", "ineligible")
REMOVED = "[removed]"


def anonymise_closed_cases(
    session: Session, *, older_than_days: int, now: datetime | None = None
) -> dict[str, int]:
    """Strip names, phones, message and note bodies from cases closed `older_than_days` ago."""
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    cases = session.exec(
        select(Case).where(
            Case.status.in_(CLOSED), Case.closed_at < cutoff, Case.description != REMOVED
        )
    ).all()
    counts = {"cases": 0, "persons": 0, "messages": 0, "notes": 0}
    for case in cases:
        case.description = REMOVED
        case.external_ref = f"anonymised-{case.id}"
        case.zip, case.lat, case.lon, case.screening = None, None, None, {}
        session.add(case)
        counts["cases"] += 1
        for message in session.exec(select(Message).where(Message.case_id == case.id)).all():
            message.body, message.to_address, message.subject, message.ics = (
                REMOVED,
                REMOVED,
                None,
                None,
            )
            session.add(message)
            counts["messages"] += 1
        for inbound in session.exec(
            select(InboundMessage).where(InboundMessage.case_id == case.id)
        ).all():
            inbound.body, inbound.from_number, inbound.reply_body = REMOVED, REMOVED, None
            session.add(inbound)
            counts["messages"] += 1
        # Confidential notes say the most about a person: nothing of them outlives the period.
        for note in session.exec(select(CaseNote).where(CaseNote.case_id == case.id)).all():
            if note.body != REMOVED:
                note.body = REMOVED
                session.add(note)
                counts["notes"] += 1
        for person in session.exec(
            select(Person).join(Party, Party.person_id == Person.id).where(Party.case_id == case.id)
        ).all():
            if person.anonymised_at is None and not _in_live_case(session, person.id, cutoff):
                person.full_name = f"Anonymised person {person.id}"
                person.mobile = person.email = person.zip = None
                person.anonymised_at = utcnow()
                session.add(person)
                counts["persons"] += 1
    audit.record(
        session,
        actor="retention",
        action="anonymise",
        entity="case",
        detail=f"{counts['cases']} cases, {counts['persons']} persons, "
        f"{counts['messages']} messages, {counts['notes']} notes",
    )
    return counts


def _in_live_case(session: Session, person_id: int, cutoff: datetime) -> bool:
    # A person still party to an open (or recently closed) case keeps their contact details.
    return (
        session.exec(
            select(Case.id)
            .join(Party, Party.case_id == Case.id)
            .where(
                Party.person_id == person_id,
                (Case.status.not_in(CLOSED)) | (Case.closed_at >= cutoff),
            )
        ).first()
        is not None
    )
