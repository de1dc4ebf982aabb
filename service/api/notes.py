"""Confidential case notes: the case's program's coordinators write and read them."""

from __future__ import annotations

from fastapi import APIRouter

from service.cases import notes as uc
from service.cases.referrals import load_case
from service.deps import CurrentUser, SessionDep, Writer
from service.errors import ERROR_RESPONSES
from service.schemas.notes import CaseNoteCreate, CaseNotePublic

router = APIRouter(tags=["cases"], responses=ERROR_RESPONSES)


@router.get("/cases/{case_id}/notes", response_model=list[CaseNotePublic])
def list_notes(case_id: int, session: SessionDep, principal: CurrentUser) -> list[CaseNotePublic]:
    """The case's notes, oldest first (the program's coordinators only; every read is audited)."""
    case = load_case(session, case_id, principal)
    return uc.case_notes(session, case, principal)


@router.post("/cases/{case_id}/notes", response_model=CaseNotePublic, status_code=201)
def add_note(
    case_id: int, body: CaseNoteCreate, session: SessionDep, principal: Writer
) -> CaseNotePublic:
    """Add a note; `mediation` notes are shown to the mediators seated on the case's hearings."""
    case = load_case(session, case_id, principal, write=True)
    return uc.add_note(session, case, body, principal)
