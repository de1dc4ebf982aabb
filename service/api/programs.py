"""Programs, neighborhoods and venues."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service import programs as uc
from service.api.common import PageDep
from service.deps import Admin, CurrentUser, SessionDep
from service.errors import ERROR_RESPONSES
from service.hearings import venues
from service.models import Neighborhood, Venue
from service.repo import get_or_404
from service.schemas.common import Page
from service.schemas.programs import (
    NeighborhoodCreate,
    NeighborhoodPublic,
    NeighborhoodUpdate,
    ProgramCreate,
    ProgramPublic,
    ProgramUpdate,
    VenueCreate,
    VenuePublic,
    VenueUpdate,
)

router = APIRouter(responses=ERROR_RESPONSES)


@router.get("/programs", response_model=Page[ProgramPublic], tags=["programs"])
def list_programs(
    session: SessionDep, principal: CurrentUser, page: PageDep, active: bool | None = None
) -> Page[ProgramPublic]:
    """Programs the caller works in (all of them for an administrator)."""
    rows, total = uc.list_programs(
        session, principal, limit=page.limit, offset=page.offset, active=active
    )
    return Page(
        items=[uc.program_public(session, p) for p in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/programs", response_model=ProgramPublic, status_code=201, tags=["programs"])
def create_program(body: ProgramCreate, session: SessionDep, principal: Admin) -> ProgramPublic:
    """Create a program with its hearing kinds and obligation types."""
    return uc.program_public(session, uc.create_program(session, body))


@router.get("/programs/{program_id}", response_model=ProgramPublic, tags=["programs"])
def get_program(program_id: int, session: SessionDep, principal: CurrentUser) -> ProgramPublic:
    """One program."""
    program = uc.get_program(session, program_id)
    principal.require_program(program.id)
    return uc.program_public(session, program)


@router.patch("/programs/{program_id}", response_model=ProgramPublic, tags=["programs"])
def update_program(
    program_id: int, body: ProgramUpdate, session: SessionDep, principal: Admin
) -> ProgramPublic:
    """Change a program's settings."""
    program = uc.get_program(session, program_id)
    return uc.program_public(session, uc.update_program(session, program, body))


@router.get("/neighborhoods", response_model=Page[NeighborhoodPublic], tags=["places"])
def list_neighborhoods(
    session: SessionDep,
    principal: CurrentUser,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[NeighborhoodPublic]:
    """Neighborhoods, optionally filtered by name."""
    rows, total = uc.list_neighborhoods(session, limit=page.limit, offset=page.offset, q=q)
    return Page(
        items=[NeighborhoodPublic.model_validate(r.model_dump()) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/neighborhoods", response_model=NeighborhoodPublic, status_code=201, tags=["places"])
def create_neighborhood(
    body: NeighborhoodCreate, session: SessionDep, principal: Admin
) -> NeighborhoodPublic:
    """Create a neighborhood."""
    return NeighborhoodPublic.model_validate(uc.create_neighborhood(session, body).model_dump())


@router.get("/neighborhoods/{neighborhood_id}", response_model=NeighborhoodPublic, tags=["places"])
def get_neighborhood(
    neighborhood_id: int, session: SessionDep, principal: CurrentUser
) -> NeighborhoodPublic:
    """One neighborhood."""
    return NeighborhoodPublic.model_validate(
        get_or_404(session, Neighborhood, neighborhood_id).model_dump()
    )


@router.patch(
    "/neighborhoods/{neighborhood_id}", response_model=NeighborhoodPublic, tags=["places"]
)
def update_neighborhood(
    neighborhood_id: int, body: NeighborhoodUpdate, session: SessionDep, principal: Admin
) -> NeighborhoodPublic:
    """Rename or move a neighborhood's centroid."""
    row = get_or_404(session, Neighborhood, neighborhood_id)
    return NeighborhoodPublic.model_validate(
        uc.update_neighborhood(session, row, body).model_dump()
    )


@router.get("/venues", response_model=Page[VenuePublic], tags=["places"])
def list_venues(
    session: SessionDep,
    principal: CurrentUser,
    page: PageDep,
    neighborhood_id: int | None = None,
    active: bool | None = None,
) -> Page[VenuePublic]:
    """Venues, optionally by neighborhood or active state."""
    rows, total = uc.list_venues(
        session,
        limit=page.limit,
        offset=page.offset,
        neighborhood_id=neighborhood_id,
        active=active,
    )
    return Page(
        items=[uc.venue_public(session, v) for v in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/venues", response_model=VenuePublic, status_code=201, tags=["places"])
def create_venue(body: VenueCreate, session: SessionDep, principal: Admin) -> VenuePublic:
    """Create a venue with its weekly windows."""
    return uc.venue_public(session, uc.create_venue(session, body))


@router.get("/venues/{venue_id}", response_model=VenuePublic, tags=["places"])
def get_venue(venue_id: int, session: SessionDep, principal: CurrentUser) -> VenuePublic:
    """One venue."""
    return uc.venue_public(session, get_or_404(session, Venue, venue_id, what="venue"))


@router.patch("/venues/{venue_id}", response_model=VenuePublic, tags=["places"])
def update_venue(
    venue_id: int, body: VenueUpdate, session: SessionDep, principal: Admin
) -> VenuePublic:
    """Change a venue; `windows` replaces its weekly windows."""
    venue = get_or_404(session, Venue, venue_id, what="venue")
    venue, _updated = venues.update_venue(session, venue, body, principal)
    return uc.venue_public(session, venue)
