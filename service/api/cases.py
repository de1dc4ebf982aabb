"""Cases (referrals), their parties and history, and the persons in them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from service import audit
from service.api.common import PageDep, UpdatedSince, answer
from service.cases import queries
from service.cases import referrals as uc
from service.deps import CurrentUser, SessionDep, Writer
from service.errors import ERROR_RESPONSES
from service.models.base import CaseStatus
from service.schemas.cases import (
    CaseCreate,
    CaseEventPublic,
    CasePublic,
    CaseUpdate,
    PartyCreate,
    PartyPublic,
    PersonPublic,
    PersonUpdate,
)
from service.schemas.common import Page

router = APIRouter(tags=["cases"], responses=ERROR_RESPONSES)


@router.get("/cases", response_model=Page[CasePublic])
def list_cases(
    session: SessionDep,
    principal: CurrentUser,
    page: PageDep,
    program_id: int | None = None,
    status: CaseStatus | None = None,
    neighborhood_id: int | None = None,
    external_ref: Annotated[str | None, Query(max_length=64)] = None,
    updated_since: UpdatedSince = None,
) -> Response:
    """Cases in the caller's programs, newest referral first (with `updated_since`: changed
    since then, oldest change first; a change to a party or a party's details counts)."""
    rows, total = uc.list_cases(
        session,
        principal,
        limit=page.limit,
        offset=page.offset,
        program_id=program_id,
        status=status.value if status is not None else None,
        neighborhood_id=neighborhood_id,
        external_ref=external_ref,
        updated_since=updated_since,
    )
    return answer(
        Page(
            items=uc.cases_public(session, rows),
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
    )


@router.post(
    "/cases",
    response_model=CasePublic,
    status_code=201,
    responses={409: {"description": "the external reference is already referred"}},
)
def create_case(body: CaseCreate, session: SessionDep, principal: Writer) -> Response:
    """Take a referral. One the program may not take is stored too and answered 201 with
    status `ineligible` and the reason in `close_reason` (it gets no hearing and no texts)."""
    principal.require_program(body.program_id, write=True)
    uc.check_parties_visible(session, body.parties, principal)
    case = uc.create_case(session, body, actor=principal.actor)
    refused = case.status == CaseStatus.ineligible
    audit.by(session, principal, "refuse_referral" if refused else "create", "case", case.id)
    return answer(uc.case_public(session, case), status_code=201)


@router.get("/cases/{case_id}", response_model=CasePublic)
def get_case(case_id: int, session: SessionDep, principal: CurrentUser) -> Response:
    """One case with its parties."""
    case = uc.load_case(session, case_id, principal)
    audit.by(session, principal, "read", "case", case.id)
    return answer(uc.case_public(session, case))


@router.patch("/cases/{case_id}", response_model=CasePublic)
def update_case(
    case_id: int, body: CaseUpdate, session: SessionDep, principal: Writer
) -> CasePublic:
    """Edit a case or move it along its flow (referred, scheduled, heard, agreement, closed)."""
    case = uc.load_case(session, case_id, principal, write=True)
    uc.update_case(session, case, body, principal)
    audit.by(session, principal, "update", "case", case.id)
    return uc.case_public(session, case)


@router.get("/cases/{case_id}/events", response_model=list[CaseEventPublic])
def case_events(case_id: int, session: SessionDep, principal: CurrentUser) -> list[CaseEventPublic]:
    """The case's history in order."""
    case = uc.load_case(session, case_id, principal)
    rows = queries.case_events(session, case)
    audit.by(session, principal, "read", "case", case.id)
    return [CaseEventPublic.model_validate(e.model_dump()) for e in rows]


@router.post("/cases/{case_id}/parties", response_model=PartyPublic, status_code=201)
def add_party(
    case_id: int, body: PartyCreate, session: SessionDep, principal: Writer
) -> PartyPublic:
    """Add a party to a case."""
    case = uc.load_case(session, case_id, principal, write=True)
    uc.check_parties_visible(session, [body], principal)
    party = uc.add_party(session, case, body, actor=principal.actor)
    audit.by(session, principal, "update", "case", case.id)
    return next(p for p in uc.parties_public(session, case.id) if p.id == party.id)


@router.get("/persons/{person_id}", response_model=PersonPublic)
def get_person(person_id: int, session: SessionDep, principal: CurrentUser) -> PersonPublic:
    """One person's contact details."""
    person = uc.visible_person(session, person_id, principal)
    audit.by(session, principal, "read", "person", person.id)
    return PersonPublic.model_validate(person.model_dump())


@router.patch("/persons/{person_id}", response_model=PersonPublic)
def update_person(
    person_id: int, body: PersonUpdate, session: SessionDep, principal: Writer
) -> PersonPublic:
    """Change a person's contact details (phone becomes E.164)."""
    person = uc.visible_person(session, person_id, principal, write=True)
    uc.update_person(session, person, body)
    audit.by(session, principal, "update", "person", person.id)
    return PersonPublic.model_validate(person.model_dump())
