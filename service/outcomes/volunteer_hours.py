"""A volunteer's own service: hearings sat and hours, from accepted seats on held hearings
(less those the outcome records the volunteer as absent or excused from)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, select

from service.config import get_settings
from service.models import Hearing, SeatAssignment, Volunteer
from service.models.base import AttendanceMark, HearingStatus, SeatStatus
from service.outcomes.sqlfn import hours_between
from service.repo import get_or_404
from service.schemas.outcomes import VolunteerService


def yearly_service(session: Session, volunteer_id: int, year: int) -> VolunteerService:
    """Hearings sat and hours served in a calendar year (local time), in one query."""
    get_or_404(session, Volunteer, volunteer_id, what="volunteer")
    zone = get_settings().zone
    start, end = datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    dialect = session.get_bind().dialect.name
    count, hours = session.exec(
        select(
            func.count(Hearing.id),
            func.coalesce(func.sum(hours_between(dialect, Hearing.start_at, Hearing.end_at)), 0.0),
        )
        .join(SeatAssignment, SeatAssignment.hearing_id == Hearing.id)
        .where(
            SeatAssignment.volunteer_id == volunteer_id,
            SeatAssignment.status == SeatStatus.accepted.value,
            # Attendance unrecorded (older hearings) counts as sat; absent or excused does not.
            or_(
                SeatAssignment.attendance.is_(None),
                SeatAssignment.attendance == AttendanceMark.present.value,
            ),
            Hearing.status == HearingStatus.held.value,
            Hearing.start_at >= start,
            Hearing.start_at < end,
        )
    ).one()
    return VolunteerService(
        volunteer_id=volunteer_id, year=year, hearings=int(count), hours=round(float(hours), 2)
    )
