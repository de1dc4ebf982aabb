"""Volunteers and their certifications, availability, blackouts and conflicts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.api.common import PageDep
from service.cases.referrals import visible_person
from service.deps import CurrentUser, SessionDep, Writer
from service.errors import ERROR_RESPONSES, Invalid, NotFound
from service.models import Certification, Conflict, Volunteer
from service.repo import get_or_404
from service.schemas.common import Page
from service.schemas.programs import WeeklyWindow
from service.schemas.volunteers import (
    AvailabilityPut,
    BlackoutCreate,
    BlackoutPublic,
    CalendarFeedPublic,
    CertificationCreate,
    CertificationPublic,
    ConflictCreate,
    ConflictPublic,
    VolunteerCreate,
    VolunteerPublic,
    VolunteerUpdate,
)
from service.volunteers import queries
from service.volunteers import roster as uc

router = APIRouter(prefix="/volunteers", tags=["volunteers"], responses=ERROR_RESPONSES)


def _volunteer(session, volunteer_id: int) -> Volunteer:
    return get_or_404(session, Volunteer, volunteer_id, what="volunteer")


@router.get("", response_model=Page[VolunteerPublic])
def list_volunteers(
    session: SessionDep,
    principal: CurrentUser,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
    language: Annotated[str | None, Query(max_length=8)] = None,
    certification: Annotated[str | None, Query(max_length=64)] = None,
    neighborhood_id: int | None = None,
    active: bool | None = None,
) -> Page[VolunteerPublic]:
    """Volunteers, filtered by name, language, certification, neighborhood or active state."""
    rows, total = queries.search(
        session,
        limit=page.limit,
        offset=page.offset,
        q=q,
        language=language,
        certification=certification,
        neighborhood_id=neighborhood_id,
        active=active,
    )
    return Page(
        items=[uc.volunteer_public(session, v) for v in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("", response_model=VolunteerPublic, status_code=201)
def create_volunteer(
    body: VolunteerCreate, session: SessionDep, principal: Writer
) -> VolunteerPublic:
    """Add a volunteer; a ZIP code gives the home location, mobile becomes E.164."""
    return uc.volunteer_public(session, uc.create_volunteer(session, body))


@router.get("/{volunteer_id}", response_model=VolunteerPublic)
def get_volunteer(
    volunteer_id: int, session: SessionDep, principal: CurrentUser
) -> VolunteerPublic:
    """One volunteer."""
    return uc.volunteer_public(session, _volunteer(session, volunteer_id))


@router.patch("/{volunteer_id}", response_model=VolunteerPublic)
def update_volunteer(
    volunteer_id: int, body: VolunteerUpdate, session: SessionDep, principal: Writer
) -> VolunteerPublic:
    """Change a volunteer's profile."""
    return uc.volunteer_public(
        session, uc.update_volunteer(session, _volunteer(session, volunteer_id), body)
    )


@router.get("/{volunteer_id}/certifications", response_model=list[CertificationPublic])
def list_certifications(
    volunteer_id: int, session: SessionDep, principal: CurrentUser
) -> list[CertificationPublic]:
    """A volunteer's certifications."""
    _volunteer(session, volunteer_id)
    return [
        CertificationPublic.model_validate(c.model_dump())
        for c in uc.certifications_of(session, volunteer_id)
    ]


@router.post("/{volunteer_id}/certifications", response_model=CertificationPublic, status_code=201)
def add_certification(
    volunteer_id: int, body: CertificationCreate, session: SessionDep, principal: Writer
) -> CertificationPublic:
    """Record a completed training."""
    _volunteer(session, volunteer_id)
    return CertificationPublic.model_validate(
        uc.add_certification(session, volunteer_id, body).model_dump()
    )


@router.delete("/{volunteer_id}/certifications/{certification_id}", status_code=204)
def delete_certification(
    volunteer_id: int, certification_id: int, session: SessionDep, principal: Writer
) -> None:
    """Remove a certification recorded in error."""
    row = session.get(Certification, certification_id)
    if row is None or row.volunteer_id != volunteer_id:
        raise NotFound(f"certification {certification_id} not found for volunteer {volunteer_id}")
    session.delete(row)


@router.get("/{volunteer_id}/availability", response_model=AvailabilityPut)
def get_availability(
    volunteer_id: int, session: SessionDep, principal: CurrentUser
) -> AvailabilityPut:
    """A volunteer's weekly availability."""
    _volunteer(session, volunteer_id)
    return AvailabilityPut(windows=uc.availability_of(session, volunteer_id))


@router.put("/{volunteer_id}/availability", response_model=AvailabilityPut)
def put_availability(
    volunteer_id: int, body: AvailabilityPut, session: SessionDep, principal: Writer
) -> AvailabilityPut:
    """Replace a volunteer's weekly availability."""
    _volunteer(session, volunteer_id)
    uc.set_availability(session, volunteer_id, body.windows)
    session.flush()
    return AvailabilityPut(
        windows=[WeeklyWindow.model_validate(w.model_dump()) for w in body.windows]
    )


@router.get("/{volunteer_id}/blackouts", response_model=list[BlackoutPublic])
def list_blackouts(
    volunteer_id: int, session: SessionDep, principal: CurrentUser
) -> list[BlackoutPublic]:
    """A volunteer's blackout periods."""
    _volunteer(session, volunteer_id)
    return [uc.blackout_public(b) for b in queries.blackouts(session, volunteer_id)]


@router.post("/{volunteer_id}/blackouts", response_model=BlackoutPublic, status_code=201)
def add_blackout(
    volunteer_id: int, body: BlackoutCreate, session: SessionDep, principal: Writer
) -> BlackoutPublic:
    """Add a period when the volunteer cannot sit."""
    _volunteer(session, volunteer_id)
    return uc.blackout_public(uc.add_blackout(session, volunteer_id, body))


@router.delete("/{volunteer_id}/blackouts/{blackout_id}", status_code=204)
def delete_blackout(
    volunteer_id: int, blackout_id: int, session: SessionDep, principal: Writer
) -> None:
    """Remove a blackout."""
    uc.delete_blackout(session, volunteer_id, blackout_id)


@router.get("/{volunteer_id}/conflicts", response_model=list[ConflictPublic])
def list_conflicts(
    volunteer_id: int, session: SessionDep, principal: CurrentUser
) -> list[ConflictPublic]:
    """The persons a volunteer is recused from."""
    _volunteer(session, volunteer_id)
    return [
        ConflictPublic.model_validate(c.model_dump())
        for c in queries.conflicts(session, volunteer_id)
    ]


@router.post("/{volunteer_id}/conflicts", response_model=ConflictPublic, status_code=201)
def add_conflict(
    volunteer_id: int, body: ConflictCreate, session: SessionDep, principal: Writer
) -> ConflictPublic:
    """Recuse a volunteer from a person's hearings (a person of one of the caller's programs)."""
    _volunteer(session, volunteer_id)
    try:
        visible_person(session, body.person_id, principal)
    except NotFound:
        # Another program's person looks exactly like one that does not exist.
        raise Invalid(f"person {body.person_id} does not exist", field="person_id") from None
    return ConflictPublic.model_validate(uc.add_conflict(session, volunteer_id, body).model_dump())


@router.delete("/{volunteer_id}/conflicts/{conflict_id}", status_code=204)
def delete_conflict(
    volunteer_id: int, conflict_id: int, session: SessionDep, principal: Writer
) -> None:
    """Remove a recusal."""
    row = session.get(Conflict, conflict_id)
    if row is None or row.volunteer_id != volunteer_id:
        raise NotFound(f"conflict {conflict_id} not found for volunteer {volunteer_id}")
    session.delete(row)


@router.post("/{volunteer_id}/calendar-feed", response_model=CalendarFeedPublic, status_code=201)
def rotate_calendar_feed(
    volunteer_id: int, session: SessionDep, principal: Writer
) -> CalendarFeedPublic:
    """Issue a new personal calendar-feed link; the old one stops working at once."""
    volunteer = _volunteer(session, volunteer_id)
    return CalendarFeedPublic(url=uc.rotate_calendar_token(session, volunteer))


@router.delete("/{volunteer_id}/calendar-feed", status_code=204)
def revoke_calendar_feed(volunteer_id: int, session: SessionDep, principal: Writer) -> None:
    """Revoke the personal calendar-feed link."""
    volunteer = _volunteer(session, volunteer_id)
    volunteer.calendar_token = None
    session.add(volunteer)
