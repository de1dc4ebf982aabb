"""Statements of the inbound-text hot path, built once: a text then costs bindings, not building."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from service.db import utcnow
from service.models import (
    Case,
    InboundMessage,
    Message,
    Party,
    Person,
    Program,
    ReplyContext,
    Volunteer,
)
from service.models.base import Channel

_inbound = InboundMessage.__table__


def _claim_stmt(insert):
    # ON CONFLICT DO NOTHING: a concurrent delivery of the same sid waits for the first one's
    # commit and then finds the row, so a text is acted on once without a savepoint.
    return (
        insert(_inbound)
        .values(
            provider_id=bindparam("p_sid"),
            from_number=bindparam("p_from"),
            to_number=bindparam("p_to"),
            body=bindparam("p_body"),
            received_at=bindparam("p_now", type_=_inbound.c.received_at.type),
        )
        .on_conflict_do_nothing(index_elements=["provider_id"])
        .returning(_inbound.c.id)
    )


_CLAIM = {"sqlite": _claim_stmt(sqlite_insert), "postgresql": _claim_stmt(pg_insert)}
_FINISH = (
    _inbound.update()
    .where(_inbound.c.id == bindparam("p_id"))
    .values(
        intent=bindparam("p_intent"),
        volunteer_id=bindparam("p_volunteer"),
        person_id=bindparam("p_person"),
        case_id=bindparam("p_case"),
        needs_attention=bindparam("p_attention"),
        reply_body=bindparam("p_reply"),
        handled_at=bindparam("p_now", type_=_inbound.c.handled_at.type),
    )
)
_SEEN = select(InboundMessage).where(InboundMessage.provider_id == bindparam("sid"))
_VOLUNTEER = select(Volunteer).where(Volunteer.mobile == bindparam("phone")).limit(1)
_PERSON = (
    select(Person).where(Person.mobile == bindparam("phone")).order_by(Person.id.desc()).limit(1)
)
_LATEST_CASE = (
    select(Case)
    .join(Party, Party.case_id == Case.id)
    .where(Party.person_id == bindparam("person_id"))
    .order_by(Case.id.desc())
    .limit(1)
)
_LAST_TEXT_TO = (
    select(Message)
    .where(Message.to_address == bindparam("phone"), Message.channel == Channel.sms.value)
    .order_by(Message.id.desc())
    .limit(1)
)
_FIRST_PROGRAM = select(Program).order_by(Program.id).limit(1)
_OPEN_CONTEXT = (
    select(ReplyContext)
    .where(
        ReplyContext.phone == bindparam("phone"),
        ReplyContext.resolved_at.is_(None),
        ReplyContext.expires_at > bindparam("now"),
    )
    .order_by(ReplyContext.id.desc())
    .limit(1)
)


def claim(session: Session, sid: str, from_number: str, to_number: str | None, body: str):
    """Store the text under its sid and return its id; None if that sid is already stored."""
    stmt = _CLAIM[session.get_bind().dialect.name]
    params = {"p_sid": sid, "p_from": from_number, "p_to": to_number, "p_body": body}
    return session.execute(stmt, params | {"p_now": utcnow()}).scalar_one_or_none()


def finish(session: Session, inbound_id: int, **learnt) -> None:
    """Write what handling the text found out, in one UPDATE."""
    params = {f"p_{key}": value for key, value in learnt.items()}
    session.execute(_FINISH, params | {"p_id": inbound_id, "p_now": utcnow()})


def seen_reply(session: Session, sid: str) -> str:
    """The reply given to the first delivery of this sid."""
    return session.exec(_SEEN, params={"sid": sid}).one().reply_body or ""


def volunteer_by_phone(session: Session, phone: str) -> Volunteer | None:
    """The volunteer with this mobile number."""
    return session.exec(_VOLUNTEER, params={"phone": phone}).first()


def person_by_phone(session: Session, phone: str) -> Person | None:
    """The newest person with this mobile number."""
    return session.exec(_PERSON, params={"phone": phone}).first()


def latest_case_of(session: Session, person_id: int) -> Case | None:
    """The newest case this person is a party to."""
    return session.exec(_LATEST_CASE, params={"person_id": person_id}).first()


def first_program(session: Session) -> Program | None:
    """The program a text from an unknown number is answered in the name of."""
    return session.exec(_FIRST_PROGRAM).first()


def open_context(session: Session, phone: str) -> ReplyContext | None:
    """The newest unanswered question this number was asked."""
    return session.exec(_OPEN_CONTEXT, params={"phone": phone, "now": utcnow()}).first()


def last_text_to(session: Session, phone: str) -> Message | None:
    """The newest text queued to this number (sent or not)."""
    return session.exec(_LAST_TEXT_TO, params={"phone": phone}).first()
