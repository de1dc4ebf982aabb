"""Who may be texted: a mobile number, consent to texts, and a language Convene can text them
in (languages.py: never silently English); opt-outs are the outbox's to honour.

The one home of this rule: hearing texts, reminders, closing and survey texts all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from notifications.i18n import DEFAULT_LANGUAGE
from service.messaging.languages import no_catalog_words, text_language
from service.models import Hearing, Party, Person, SeatAssignment, SmsSuppression, Volunteer
from service.models.base import HOLDING_SEAT, PartyRole
from service.outbox import queue
from service.wording import language_name


def may_text(row: Person | Volunteer) -> bool:
    """Whether Convene may text this person or volunteer at all (someone waiting for a
    coordinator's choice of language may not be)."""
    return bool(row.mobile and row.sms_consent) and text_language(row) is not None


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


# Who will be told of a change, and how: what a coordinator confirms before an act that texts.


@dataclass(frozen=True)
class Told:
    """One person a change reaches (or cannot reach), and how in words."""

    name: str
    how: str


@dataclass(frozen=True)
class Audience:
    """Who will be told of a change, and who will not (with why)."""

    told: list[Told] = field(default_factory=list)
    not_told: list[Told] = field(default_factory=list)

    def __add__(self, other: Audience) -> Audience:
        return Audience(self.told + other.told, self.not_told + other.not_told)


def why_no_text(session: Session, row: Person | Volunteer) -> str | None:
    """Why a text cannot reach this person or volunteer ("no mobile number", "opted out of
    texts"), or None when it can."""
    if not row.mobile:
        return "no mobile number"
    if not row.sms_consent or queue.is_suppressed(session, row.mobile):
        return "opted out of texts"
    if text_language(row) is None:
        return no_catalog_words(row)
    return None


def opted_out(session: Session, volunteers: list[Volunteer]) -> set[int]:
    """Of these volunteers, who has a mobile but opted out of texts, or waits for a choice of
    language (why_no_text, asked of many at once): an invitation cannot reach them by text nor
    by email, so matching skips them."""
    phones = [v.mobile for v in volunteers if v.mobile]
    suppressed = set(
        session.exec(select(SmsSuppression.phone).where(SmsSuppression.phone.in_(phones))).all()
    )
    return {
        v.id
        for v in volunteers
        if text_language(v) is None or (v.mobile and (not v.sms_consent or v.mobile in suppressed))
    }


def silent_words(session: Session, volunteer: Volunteer) -> str:
    """Why an invitation cannot reach a volunteer `opted_out` holds, in words."""
    if text_language(volunteer) is None:
        return no_catalog_words(volunteer)
    return "opted out of texts"


def _reach(session: Session, name: str, row, language: str | None, calendar: str | None):
    no_text = why_no_text(session, row)
    ways = [] if no_text else ["text"]
    # A calendar email follows the texts' language rule (invites.py): not sent while it waits.
    if calendar and getattr(row, "email", None) and text_language(row) is not None:
        ways.append(calendar)
    if not ways:
        emailed = calendar and getattr(row, "email", None)
        return Audience(not_told=[Told(name, no_catalog_words(row) if emailed else no_text)])
    how = " and ".join(ways)
    lang = None if no_text else text_language(row)
    if lang and lang != DEFAULT_LANGUAGE:  # any language with a complete catalog, not only Spanish
        how += f", {language_name(lang)}"
    if no_text:
        how += f" only ({no_text})"
    return Audience(told=[Told(name, how)])


def volunteer_audience(session: Session, volunteer: Volunteer, calendar: str) -> Audience:
    """How a volunteer hears of a change to their seat: a text and, with an email, `calendar`."""
    return _reach(session, volunteer.full_name, volunteer, volunteer.preferred_language, calendar)


def hearing_audience(session: Session, hearing: Hearing, calendar: str) -> Audience:
    """Who hears of a change to the whole hearing (a move, a cancellation): every party by text
    and everyone seated on the panel by text and `calendar` (the messages hearing_texts queues)."""
    out = Audience()
    parties = session.exec(
        select(Person)
        .join(Party, Party.person_id == Person.id)
        .where(Party.case_id == hearing.case_id)
        .order_by(Party.id)
    ).all()
    for person in parties:
        out += _reach(session, person.full_name, person, person.language, None)
    panel = session.exec(
        select(Volunteer)
        .join(SeatAssignment, SeatAssignment.volunteer_id == Volunteer.id)
        .where(SeatAssignment.hearing_id == hearing.id, SeatAssignment.status.in_(HOLDING_SEAT))
        .order_by(SeatAssignment.id)
    ).all()
    for volunteer in panel:
        out += volunteer_audience(session, volunteer, calendar)
    return out
