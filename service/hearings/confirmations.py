"""A party's confirmation of a hearing taken by a coordinator (by phone, in person), audited."""

from __future__ import annotations

from sqlmodel import Session, select

from service import audit
from service.accounts.auth import Principal
from service.cases import referrals as case_uc
from service.db import utcnow
from service.errors import Invalid, NotFound
from service.models import Case, Hearing, Party, PartyConfirmation
from service.models.base import ConfirmationStatus, HearingStatus

# How a coordinator heard the answer, in the words the case history uses.
BY_WORDS = {"phone": "by phone", "in_person": "in person", "email": "by email"}


def record_confirmation(
    session: Session,
    hearing: Hearing,
    party_id: int,
    status: ConfirmationStatus,
    by: str,
    principal: Principal,
) -> PartyConfirmation:
    """Record a party's answer taken outside texts. It counts as asked and answered in the
    report's confirmation rate; the case history and the audit trail say who recorded it."""
    case = session.get(Case, hearing.case_id)
    principal.require_program(case.program_id, write=True)
    if hearing.status != HearingStatus.scheduled:
        raise Invalid(
            f"this hearing is {hearing.status}: only a scheduled hearing takes confirmations",
            field="status",
        )
    if status == ConfirmationStatus.pending:
        raise Invalid("record an answer: confirmed, or asked for another time", field="status")
    row = session.exec(
        select(PartyConfirmation, Party)
        .join(Party, Party.id == PartyConfirmation.party_id)
        .where(PartyConfirmation.hearing_id == hearing.id, Party.id == party_id)
    ).first()
    if row is None:
        raise NotFound(f"party {party_id} is not a party to this hearing")
    conf, party = row
    conf.status = status.value
    conf.responded_at = utcnow()
    session.add(conf)
    words = (
        "confirmed" if status == ConfirmationStatus.confirmed else status.value.replace("_", " ")
    )
    detail = f"{party.role} {words} hearing {hearing.id} {BY_WORDS[by]}"
    case_uc.add_event(session, case, "confirmation", actor=principal.actor, detail=detail)
    audit.by(session, principal, "record_confirmation", "hearing", hearing.id, detail=detail)
    session.flush()
    return conf
