"""Confidential case notes: who may read and write them, and the audit of every access.

docs/DESIGN.md §6 and the privacy issue: notes are for the case's mediators and its program's
coordinators only. Administrators and viewers are not on that list, so they are refused even
though they may read the case itself; an administrator who needs notes is made a coordinator
of the program. Mediators (volunteers seated on the case's hearings, invited or accepted) read
`mediation` notes on their self-service page; `staff` notes stay with the coordinators.
Notes never go into texts, invites, feeds, reports, exports or the case history: the history
records only that a note was added.
"""

from __future__ import annotations

from sqlmodel import Session, select

from service import audit
from service.accounts.auth import Principal
from service.errors import Forbidden
from service.models import Case, CaseEvent, Hearing, SeatAssignment, User, Volunteer
from service.models.base import ACTIVE_SEAT_STATUSES, Role
from service.models.notes import CaseNote, NoteKind
from service.schemas.notes import CaseNoteCreate, CaseNotePublic


def may_use_notes(principal: Principal, case: Case) -> bool:
    """Coordinators of the case's program (with a write-capable credential to add one)."""
    return principal.role == Role.coordinator and principal.sees_program(case.program_id)


def require_notes(principal: Principal, case: Case, *, write: bool = False) -> None:
    """Refuse everyone but the case's program's coordinators (audited by the caller)."""
    if not may_use_notes(principal, case):
        raise principal.refuse(
            Forbidden("only the program's coordinators and the case's mediators read its notes")
        )
    if write and not principal.can_write:
        raise principal.refuse(Forbidden("your role may not change records"))


def note_public(note: CaseNote, authors: dict[int, str]) -> CaseNotePublic:
    """A note with its author's name."""
    return CaseNotePublic(
        id=note.id,
        case_id=note.case_id,
        kind=note.kind,
        body=note.body,
        author=authors.get(note.author_user_id) if note.author_user_id else None,
        created_at=note.created_at,
    )


def _authors(session: Session, notes: list[CaseNote]) -> dict[int, str]:
    ids = {n.author_user_id for n in notes if n.author_user_id}
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.full_name).where(User.id.in_(ids))).all()
    return dict(rows)


def add_note(
    session: Session, case: Case, data: CaseNoteCreate, principal: Principal
) -> CaseNotePublic:
    """Write a note; the case history says a note was added, never what it says."""
    require_notes(principal, case, write=True)
    note = CaseNote(
        case_id=case.id, author_user_id=principal.user.id, kind=data.kind.value, body=data.body
    )
    session.add(note)
    session.flush()
    session.add(
        CaseEvent(case_id=case.id, kind="note_added", detail=f"{data.kind.value} note added",
                  actor=principal.actor)
    )  # fmt: skip
    audit.by(session, principal, "create", "case_note", case.id, detail=f"note {note.id}")
    return note_public(note, _authors(session, [note]))


def case_notes(session: Session, case: Case, principal: Principal) -> list[CaseNotePublic]:
    """The case's notes, oldest first, for one of its program's coordinators; the read is audited."""
    require_notes(principal, case)
    notes = list(
        session.exec(
            select(CaseNote)
            .where(CaseNote.case_id == case.id)
            .order_by(CaseNote.created_at, CaseNote.id)
        ).all()
    )
    audit.by(session, principal, "read", "case_note", case.id, detail=f"{len(notes)} notes")
    authors = _authors(session, notes)
    return [note_public(n, authors) for n in notes]


def mediator_notes(
    session: Session, volunteer: Volunteer, case_ids: set[int]
) -> dict[int, list[CaseNotePublic]]:
    """Mediation notes of those of `case_ids` the volunteer sits on, by case id.

    Only seats invited or accepted on a hearing of the case count: a volunteer who declined or
    was replaced no longer reads its notes. Every read is audited under the volunteer's name.
    """
    seated = set(
        session.exec(
            select(Hearing.case_id)
            .join(SeatAssignment, SeatAssignment.hearing_id == Hearing.id)
            .where(
                SeatAssignment.volunteer_id == volunteer.id,
                SeatAssignment.status.in_(ACTIVE_SEAT_STATUSES),
                Hearing.case_id.in_(case_ids or {-1}),
            )
        ).all()
    )
    if not seated:
        return {}
    notes = list(
        session.exec(
            select(CaseNote)
            .where(CaseNote.case_id.in_(seated), CaseNote.kind == NoteKind.mediation.value)
            .order_by(CaseNote.created_at, CaseNote.id)
        ).all()
    )
    authors = _authors(session, notes)
    by_case: dict[int, list[CaseNotePublic]] = {}
    for note in notes:
        by_case.setdefault(note.case_id, []).append(note_public(note, authors))
    for case_id in sorted(by_case):
        audit.record(
            session,
            actor=f"volunteer {volunteer.id} (self-service link)",
            action="read",
            entity="case_note",
            entity_id=case_id,
            detail=f"{len(by_case[case_id])} notes",
        )
    return by_case
