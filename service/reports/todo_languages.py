"""Today's lists of people and volunteers Convene cannot text in their language (languages.py)."""

from __future__ import annotations

from sqlalchemy import exists, func, or_
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.models import (
    Case,
    Certification,
    HearingKind,
    Party,
    Person,
    Program,
    SeatRequirement,
    Volunteer,
)
from service.repo import hot
from service.reports.todo_queries import CLOSED, _listed, _page, _scoped


@hot
def _texts_waiting_for_language(scoped: bool, languages: frozenset[str]):
    textable = _in_languages(Person.language, frozenset(sorted(languages)))
    # the person (their language decides the words) and only the case's and program's names
    stmt = (
        select(
            Person,
            Case.id.label("case_id"),
            Case.external_ref,
            Program.name.label("program_name"),
        )
        .join(Party, Party.person_id == Person.id)
        .join(Case, Case.id == Party.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Case.status.not_in(CLOSED),
            Person.mobile.is_not(None),
            Person.sms_consent.is_(True),
            Person.texts_in_english_ok_at.is_(None),
            ~textable,
        )
        .order_by(Case.referred_on, Party.id)
    )
    return _listed(_scoped(stmt, scoped))


def texts_waiting_for_language(
    session: Session, principal: Principal, languages: frozenset[str], limit: int
) -> tuple[list, int]:
    """Parties of open cases who take texts but read a language Convene cannot text, with no
    coordinator's choice yet (service/messaging/languages.py): rows of the Person, the case's
    case_id and external_ref, and the program_name."""
    statements = _texts_waiting_for_language(principal.scoped, frozenset(languages))
    return _page(session, statements, principal, limit)


def _in_languages(column, languages: frozenset[str]):
    """Whether a language code column is one of `languages` ('es' or 'es-MX' for 'es')."""
    lang = func.lower(column)
    return or_(*[(lang == code) | lang.like(f"{code}-%") for code in languages])


def _certifications_wanted(session: Session, principal: Principal) -> set[str] | None:
    """The certifications the volunteer seats of the caller's programs ask for; None when a
    seat there takes anyone (or the caller sees every program)."""
    if principal.program_scope is None:
        return None
    stmt = (
        select(SeatRequirement.requires)
        .join(HearingKind, HearingKind.id == SeatRequirement.hearing_kind_id)
        .where(principal.in_programs(HearingKind.program_id), SeatRequirement.staff_only.is_(False))
    )
    wanted: set[str] = set()
    for requires in session.exec(stmt).all():
        if not requires:
            return None
        wanted.update(requires)
    return wanted


def volunteers_waiting_for_language(
    session: Session, principal: Principal, languages: frozenset[str], limit: int
) -> tuple[list, int]:
    """Active volunteers Convene would text or email (a mobile taking texts, or an email) who
    read a language it cannot text, with no coordinator's choice yet (languages.py): matching
    leaves them out and no invitation reaches them. Volunteers serve every program; a caller
    of some programs sees those certified for a volunteer seat of theirs."""
    stmt = (
        select(Volunteer)
        .where(
            Volunteer.active.is_(True),
            Volunteer.texts_in_english_ok_at.is_(None),
            or_(
                Volunteer.mobile.is_not(None) & Volunteer.sms_consent.is_(True),
                Volunteer.email.is_not(None),
            ),
            ~_in_languages(Volunteer.preferred_language, languages),
        )
        .order_by(Volunteer.full_name, Volunteer.id)
    )
    wanted = _certifications_wanted(session, principal)
    if wanted is not None:
        certified = exists().where(
            Certification.volunteer_id == Volunteer.id,
            Certification.name.in_(wanted or {""}),
        )
        stmt = stmt.where(certified)
    return _page(session, _listed(stmt), principal, limit)
