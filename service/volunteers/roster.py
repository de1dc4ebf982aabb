"""Use cases for volunteers: profile, languages, certifications, availability, conflicts."""

from __future__ import annotations

import secrets
from datetime import UTC

from sqlmodel import Session, delete, select

from service.config import get_settings
from service.errors import Conflict, Invalid, NotFound
from service.messaging.languages import texts_in
from service.models import (
    AvailabilityWindow,
    Blackout,
    Certification,
    Neighborhood,
    Person,
    Volunteer,
    VolunteerLanguage,
)
from service.models import Conflict as ConflictRow
from service.repo import apply_update
from service.schemas.common import zip_location
from service.schemas.programs import WeeklyWindow
from service.schemas.volunteers import (
    BlackoutCreate,
    BlackoutPublic,
    CertificationCreate,
    CertificationPublic,
    ConflictCreate,
    VolunteerCreate,
    VolunteerPublic,
    VolunteerUpdate,
)


def _check_mobile_free(
    session: Session, mobile: str | None, volunteer_id: int | None = None
) -> None:
    if not mobile:
        return
    other = session.exec(select(Volunteer).where(Volunteer.mobile == mobile)).first()
    if other is not None and other.id != volunteer_id:
        raise Conflict(f"another volunteer already has mobile {mobile}", field="mobile")


def _locate(volunteer: Volunteer) -> None:
    # A ZIP code gives a home location when no exact coordinates were given.
    if volunteer.home_zip and volunteer.home_lat is None:
        loc = zip_location(volunteer.home_zip)
        if loc:
            volunteer.home_lat, volunteer.home_lon = loc


def _set_languages(session: Session, volunteer_id: int, languages: list[str]) -> None:
    session.exec(delete(VolunteerLanguage).where(VolunteerLanguage.volunteer_id == volunteer_id))
    for lang in dict.fromkeys(languages):
        session.add(VolunteerLanguage(volunteer_id=volunteer_id, language=lang))


def set_availability(session: Session, volunteer_id: int, windows: list[WeeklyWindow]) -> None:
    """Replace a volunteer's weekly availability."""
    session.exec(delete(AvailabilityWindow).where(AvailabilityWindow.volunteer_id == volunteer_id))
    for w in windows:
        session.add(
            AvailabilityWindow(
                volunteer_id=volunteer_id, day=w.day, start_time=w.start, end_time=w.end
            )
        )


def create_volunteer(session: Session, data: VolunteerCreate) -> Volunteer:
    """Create a volunteer with languages, certifications and availability."""
    _check_mobile_free(session, data.mobile)
    if data.neighborhood_id is not None and session.get(Neighborhood, data.neighborhood_id) is None:
        raise Invalid(
            f"neighborhood {data.neighborhood_id} does not exist", field="neighborhood_id"
        )
    volunteer = Volunteer(
        **data.model_dump(exclude={"languages", "certifications", "availability"})
    )
    _locate(volunteer)
    session.add(volunteer)
    session.flush()
    _set_languages(session, volunteer.id, data.languages or [data.preferred_language])
    for cert in data.certifications:
        session.add(Certification(volunteer_id=volunteer.id, **cert.model_dump()))
    set_availability(session, volunteer.id, data.availability)
    session.flush()
    return volunteer


def update_volunteer(session: Session, volunteer: Volunteer, data: VolunteerUpdate) -> Volunteer:
    """Change the given fields of a volunteer."""
    changes = data.model_dump(exclude_unset=True, exclude={"languages"})
    if "mobile" in changes:
        _check_mobile_free(session, changes["mobile"], volunteer.id)
    if (
        changes.get("neighborhood_id") is not None
        and session.get(Neighborhood, changes["neighborhood_id"]) is None
    ):
        raise Invalid(
            f"neighborhood {changes['neighborhood_id']} does not exist", field="neighborhood_id"
        )
    if "home_zip" in changes and "home_lat" not in changes:
        volunteer.home_lat = volunteer.home_lon = None
    apply_update(volunteer, changes)
    _locate(volunteer)
    session.add(volunteer)
    if data.languages is not None:
        _set_languages(session, volunteer.id, data.languages)
    session.flush()
    return volunteer


def languages_of(session: Session, volunteer_id: int) -> list[str]:
    """A volunteer's languages."""
    stmt = select(VolunteerLanguage.language).where(VolunteerLanguage.volunteer_id == volunteer_id)
    return sorted(session.exec(stmt).all())


def certifications_of(session: Session, volunteer_id: int) -> list[Certification]:
    """A volunteer's certifications, newest first."""
    stmt = (
        select(Certification)
        .where(Certification.volunteer_id == volunteer_id)
        .order_by(Certification.name, Certification.completed_on.desc())
    )
    return list(session.exec(stmt).all())


def availability_of(session: Session, volunteer_id: int) -> list[WeeklyWindow]:
    """A volunteer's weekly windows."""
    stmt = (
        select(AvailabilityWindow)
        .where(AvailabilityWindow.volunteer_id == volunteer_id)
        .order_by(AvailabilityWindow.id)
    )
    return [
        WeeklyWindow(day=w.day, start=w.start_time, end=w.end_time)
        for w in session.exec(stmt).all()
    ]


def volunteer_public(session: Session, volunteer: Volunteer) -> VolunteerPublic:
    """A volunteer with languages, certifications and availability."""
    return VolunteerPublic(
        **volunteer.model_dump(exclude={"calendar_token"}),
        texts_in=texts_in(volunteer),
        languages=languages_of(session, volunteer.id),
        certifications=[
            CertificationPublic.model_validate(c.model_dump())
            for c in certifications_of(session, volunteer.id)
        ],
        availability=availability_of(session, volunteer.id),
    )


def add_certification(
    session: Session, volunteer_id: int, data: CertificationCreate
) -> Certification:
    """Record a completed training."""
    exists = session.exec(
        select(Certification).where(
            Certification.volunteer_id == volunteer_id,
            Certification.name == data.name,
            Certification.completed_on == data.completed_on,
        )
    ).first()
    if exists:
        raise Conflict(
            f"{data.name} completed on {data.completed_on} is already recorded", field="name"
        )
    cert = Certification(volunteer_id=volunteer_id, **data.model_dump())
    session.add(cert)
    session.flush()
    return cert


def add_blackout(session: Session, volunteer_id: int, data: BlackoutCreate) -> Blackout:
    """Record a period when the volunteer cannot sit."""
    row = Blackout(
        volunteer_id=volunteer_id, start_at=data.start, end_at=data.end, reason=data.reason
    )
    session.add(row)
    session.flush()
    return row


def blackout_public(row: Blackout) -> BlackoutPublic:
    """A blackout in API form."""
    return BlackoutPublic(
        id=row.id,
        volunteer_id=row.volunteer_id,
        start=row.start_at.astimezone(UTC),
        end=row.end_at.astimezone(UTC),
        reason=row.reason,
    )


def add_conflict(session: Session, volunteer_id: int, data: ConflictCreate) -> ConflictRow:
    """Recuse a volunteer from a person's hearings."""
    if session.get(Person, data.person_id) is None:
        raise Invalid(f"person {data.person_id} does not exist", field="person_id")
    exists = session.exec(
        select(ConflictRow).where(
            ConflictRow.volunteer_id == volunteer_id, ConflictRow.person_id == data.person_id
        )
    ).first()
    if exists:
        raise Conflict("this conflict is already recorded", field="person_id")
    row = ConflictRow(volunteer_id=volunteer_id, **data.model_dump())
    session.add(row)
    session.flush()
    return row


def rotate_calendar_token(session: Session, volunteer: Volunteer) -> str:
    """A new long random feed token (the old one is revoked); returns the feed URL."""
    volunteer.calendar_token = secrets.token_urlsafe(32)
    session.add(volunteer)
    session.flush()
    return f"{get_settings().public_base_url}/calendar/{volunteer.calendar_token}.ics"


def delete_blackout(session: Session, volunteer_id: int, blackout_id: int) -> None:
    """Remove one of this volunteer's blackouts."""
    row = session.get(Blackout, blackout_id)
    if row is None or row.volunteer_id != volunteer_id:
        raise NotFound(f"blackout {blackout_id} not found for volunteer {volunteer_id}")
    session.delete(row)
