"""Requests to stop or restart texts: honour them at once, and ask once when one is unclear."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlmodel import Session

from notifications.replies import Intent
from service.db import utcnow
from service.messaging import inbound_sql as sql
from service.models import Person, Program, Volunteer
from service.models.base import MessageStatus
from service.outbox import queue
from service.programs import program_zone


class Sender(Protocol):
    """What the stop question needs of the conversation a text arrived in (replies.Conversation)."""

    session: Session
    phone: str
    lang: str
    program: Program | None
    volunteer: Volunteer | None
    person: Person | None
    case_id: int | None

    def attention(self) -> None: ...


STOP_QUESTION = "stop_question"
# How long a "yes" still answers the question "do you want us to stop texting you?".
QUESTION_TTL = timedelta(days=3)
_WENT_OUT = (MessageStatus.sending.value, MessageStatus.sent.value, MessageStatus.delivered.value)


def opt_out(session: Session, phone: str, rows: list[Volunteer | Person | None]) -> None:
    """No more texts to this number: queued ones are cancelled, the people marked opted out."""
    queue.opt_out(session, phone)
    for row in rows:
        if row is not None:
            row.sms_opted_out_at = utcnow()
            session.add(row)


def opt_in(session: Session, phone: str, rows: list[Volunteer | Person | None]) -> None:
    """Texts to this number again."""
    queue.opt_in(session, phone)
    for row in rows:
        if row is not None:
            row.sms_opted_out_at = None
            session.add(row)


def ask(
    session: Session,
    *,
    phone: str,
    lang: str,
    program_name: str,
    volunteer_id: int | None,
    person_id: int | None,
    case_id: int | None,
    zone: ZoneInfo | None,
) -> None:
    """Queue the one question "do you want us to stop texting you?" in the sender's language.

    At most one a day to a number (the dedupe key): a person who keeps writing "why do you keep
    texting me" is not answered with more texts; the coordinator reads them in the inbox.
    """
    queue.queue_sms(
        session,
        to=phone,
        template=STOP_QUESTION,
        language=lang,
        context={"program_name": program_name},
        audience="volunteer" if volunteer_id is not None else "participant",
        kind=STOP_QUESTION,
        case_id=case_id,
        volunteer_id=volunteer_id,
        person_id=person_id,
        dedupe_key=f"{STOP_QUESTION}:{phone}:{utcnow().date().isoformat()}",
        zone=zone,
    )


def ask_sender(convo: Sender) -> str:
    """A reply that might ask us to stop: one question, in their language, and no guess.

    The question goes through the outbox like every text (quiet hours, opt-outs, the record);
    the reply itself is empty, and the coordinator sees the text in the inbox.
    """
    ask(
        convo.session,
        phone=convo.phone,
        lang=convo.lang,
        program_name=convo.program.name if convo.program else "Convene",
        volunteer_id=convo.volunteer.id if convo.volunteer else None,
        person_id=convo.person.id if convo.person else None,
        case_id=convo.case_id,
        zone=program_zone(convo.program) if convo.program else None,
    )
    convo.attention()
    return ""


def question_open(session: Session, phone: str) -> bool:
    """Whether the last text queued to this number is our stop question, and it went out lately.

    Then a "yes" (or a like of the question) answers it, and is a stop, not a yes to a seat.
    A question still waiting (quiet hours) has not been read: a "yes" then answers what was.
    """
    last = sql.last_text_to(session, phone)
    return (
        last is not None
        and last.kind == STOP_QUESTION
        and last.status in _WENT_OUT
        and last.created_at > utcnow() - QUESTION_TTL
    )


def answer_to_question(session: Session, phone: str, intent: Intent) -> Intent | None:
    """What a reply does when our last text to the number was the stop question.

    A yes is a stop; a no keeps the texts coming and answers nothing else (None: it must not
    decline a seat or a hearing); any other reply, or no open question, keeps its intent.
    """
    if intent not in (Intent.yes, Intent.no) or not question_open(session, phone):
        return intent
    return Intent.stop if intent == Intent.yes else None
