"""Reading cases: the list's statements, parties, a case's history of events."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.models import Case, CaseEvent, Party, Person
from service.repo import changed_since, hot, page_statements


def case_events(session: Session, case: Case) -> list[CaseEvent]:
    """The case's history, oldest first."""
    stmt = (
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    )
    return list(session.exec(stmt).all())


def case_ref_taken(session: Session, program_id: int, external_ref: str) -> bool:
    """Whether the program already has a case with this reference."""
    stmt = select(Case.id).where(Case.program_id == program_id, Case.external_ref == external_ref)
    return session.exec(stmt).first() is not None


@hot
def case_list(scoped: bool, filters: tuple[str, ...]):
    """The case list's page and count for a shape of filters (each value a bind parameter)."""
    stmt = select(Case).order_by(Case.referred_on.desc(), Case.id.desc())
    if scoped:
        stmt = stmt.where(Principal.in_bound_programs(Case.program_id))
    for name in filters:
        if name == "updated_since":
            stmt = changed_since(stmt, Case, bindparam(name, type_=Case.updated_at.type))
        elif name == "ref_contains":
            stmt = stmt.where(Case.external_ref.ilike(bindparam(name)))
        else:
            stmt = stmt.where(getattr(Case, name) == bindparam(name))
    return page_statements(stmt)


# The parties of the cases whose ids are the parameter `case_ids`, with the columns of their
# persons the API shows (texts_in is worked out from them): plain rows, no ORM instances, which
# were most of a case list's time.
PERSON_COLUMNS = (
    "id",
    "full_name",
    "mobile",
    "email",
    "language",
    "zip",
    "sms_consent",
    "sms_opted_out_at",
    "texts_in_english_ok_at",
)
PARTIES = (
    select(
        Party.id.label("party_id"),
        Party.case_id,
        Party.role,
        *(getattr(Person, name) for name in PERSON_COLUMNS),
    )
    .join(Person, Person.id == Party.person_id)
    .where(Party.case_id.in_(bindparam("case_ids", expanding=True)))
    .order_by(Party.id)
)
