"""Reading the roster: the one volunteer search (API and pages), filters, and per-volunteer lists."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_
from sqlmodel import Session, select

from service import programs
from service.db import local_today, utcnow
from service.models import (
    Blackout,
    Certification,
    Conflict,
    Volunteer,
    VolunteerLanguage,
)
from service.repo import paginate


def search(
    session: Session,
    *,
    limit: int,
    offset: int,
    q: str | None = None,
    language: str | None = None,
    certification: str | None = None,
    neighborhood_id: int | None = None,
    active: bool | None = None,
) -> tuple[list[Volunteer], int]:
    """A page of volunteers by name, matching every filter given (a language in any case)."""
    stmt = select(Volunteer).order_by(Volunteer.full_name, Volunteer.id)
    if q:
        stmt = stmt.where(Volunteer.full_name.ilike(f"%{q}%"))
    if language:
        spoken = select(VolunteerLanguage.volunteer_id).where(
            VolunteerLanguage.language == language.lower()
        )
        stmt = stmt.where(Volunteer.id.in_(spoken))
    if certification:
        holders = select(Certification.volunteer_id).where(Certification.name == certification)
        stmt = stmt.where(Volunteer.id.in_(holders))
    if neighborhood_id is not None:
        stmt = stmt.where(Volunteer.neighborhood_id == neighborhood_id)
    if active is not None:
        stmt = stmt.where(Volunteer.active == active)
    return paginate(session, stmt, limit=limit, offset=offset)


def filter_choices(session: Session) -> dict:
    """What the volunteer filters offer: certification names, languages, neighborhoods."""
    return {
        "cert_names": session.exec(
            select(Certification.name).distinct().order_by(Certification.name)
        ).all(),
        "language_codes": session.exec(
            select(VolunteerLanguage.language).distinct().order_by(VolunteerLanguage.language)
        ).all(),
        "neighborhoods": programs.neighborhoods(session),
    }


def languages_and_certifications(
    session: Session, volunteer_ids: list[int]
) -> tuple[dict[int, list[str]], dict[int, set[str]]]:
    """The languages and certification names of these volunteers, in two queries."""
    langs: dict[int, list[str]] = {}
    certs: dict[int, set[str]] = {}
    if not volunteer_ids:
        return langs, certs
    for vid, lang in session.exec(
        select(VolunteerLanguage.volunteer_id, VolunteerLanguage.language).where(
            VolunteerLanguage.volunteer_id.in_(volunteer_ids)
        )
    ).all():
        langs.setdefault(vid, []).append(lang)
    for vid, name in session.exec(
        select(Certification.volunteer_id, Certification.name).where(
            Certification.volunteer_id.in_(volunteer_ids)
        )
    ).all():
        certs.setdefault(vid, set()).add(name)
    return langs, certs


def expiring_certifications(session: Session, zone: ZoneInfo, within_days: int) -> list:
    """Certifications of active volunteers that expire within the next days, soonest first."""
    today = local_today(zone)
    stmt = (
        select(Certification, Volunteer)
        .join(Volunteer, Volunteer.id == Certification.volunteer_id)
        .where(
            Volunteer.active.is_(True),
            Certification.expires_on >= today,
            Certification.expires_on <= today + timedelta(days=within_days),
        )
        .order_by(Certification.expires_on, Volunteer.full_name)
    )
    return list(session.exec(stmt).all())


def blackouts(
    session: Session, volunteer_id: int, *, upcoming_only: bool = False
) -> list[Blackout]:
    """A volunteer's blackouts (or those not over yet), earliest first."""
    stmt = select(Blackout).where(Blackout.volunteer_id == volunteer_id).order_by(Blackout.start_at)
    if upcoming_only:
        stmt = stmt.where(Blackout.end_at > utcnow())
    return list(session.exec(stmt).all())


def conflicts(session: Session, volunteer_id: int) -> list[Conflict]:
    """A volunteer's declared conflicts of interest."""
    return list(
        session.exec(
            select(Conflict).where(Conflict.volunteer_id == volunteer_id).order_by(Conflict.id)
        ).all()
    )


def by_calendar_token(session: Session, token: str) -> Volunteer | None:
    """The volunteer whose calendar feed this token opens, if any."""
    return session.exec(select(Volunteer).where(Volunteer.calendar_token == token)).first()


def volunteer_with_contact(session: Session, mobile: str | None, email: str | None):
    """The first volunteer who has this mobile (E.164) or this email (any case), or None."""
    found = []
    if mobile:
        found.append(Volunteer.mobile == mobile)
    if email:
        found.append(func.lower(Volunteer.email) == email.lower())
    if not found:
        return None
    return session.exec(select(Volunteer).where(or_(*found)).order_by(Volunteer.id)).first()
