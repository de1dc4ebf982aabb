"""Build a `convene-match/1` problem from the database for a program and a horizon."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select

import scheduling
from service.messaging import recipients
from service.models import (
    AvailabilityWindow,
    Blackout,
    Case,
    Certification,
    Hearing,
    Party,
    Program,
    SeatAssignment,
    Venue,
    Volunteer,
    VolunteerLanguage,
)
from service.models import Conflict as ConflictRow
from service.models.base import HOLDING_SEAT, HearingStatus, SeatStatus
from service.programs import program_zone, seats_of_kind

TRAVEL_BUFFER_MINUTES = 30
MAX_TRAVEL_KM = 40.0


def vid(volunteer_id: int) -> str:
    """The FORMAT id of a volunteer."""
    return f"v-{volunteer_id}"


def hid(hearing_id: int) -> str:
    """The FORMAT id of a hearing."""
    return f"h-{hearing_id}"


def pid(person_id: int) -> str:
    """The FORMAT id of a person (for conflicts)."""
    return f"p-{person_id}"


def db_id(format_id: str) -> int:
    """The database id inside a FORMAT id such as v-17."""
    return int(format_id.split("-", 1)[1])


def _iso(moment: datetime, zone) -> str:
    return moment.astimezone(zone).isoformat()


def _hearings(
    session: Session, program: Program, start: datetime, end: datetime, only: set[int] | None
) -> list[Hearing]:
    stmt = (
        select(Hearing)
        .join(Case, Case.id == Hearing.case_id)
        .where(
            Case.program_id == program.id,
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at >= start,
            Hearing.start_at < end,
        )
        .order_by(Hearing.start_at, Hearing.id)
    )
    hearings = list(session.exec(stmt).all())
    return [h for h in hearings if only is None or h.id in only]


def _seats(session: Session, hearing: Hearing, lead_language: str | None) -> list[dict]:
    return kind_seats(session, hearing.kind_id, lead_language)


def kind_seats(session: Session, kind_id: int, lead_language: str | None) -> list[dict]:
    """The volunteer seats of a hearing kind as FORMAT seats; the lead seat speaks the hearing's
    language when it is not English."""
    if lead_language == "en":
        lead_language = None
    out = []
    for i, req in enumerate(seats_of_kind(session, kind_id)):
        if req.staff_only:
            continue  # staff seats (case managers) are not volunteer matching
        seat = {"role": req.role, "count": req.count, "requires": list(req.requires)}
        if i == 0 and lead_language:
            seat["language"] = lead_language
        out.append(seat)
    return out


def build_problem(
    session: Session,
    program: Program,
    start: datetime,
    end: datetime,
    *,
    hearing_ids: set[int] | None = None,
    incomplete_only: bool = True,
) -> dict:
    """The FORMAT problem for a program's scheduled hearings starting in [start, end)."""
    zone = program_zone(program)
    hearings = _hearings(session, program, start, end, hearing_ids)
    seats_by_h: dict[int, list[SeatAssignment]] = defaultdict(list)
    if hearings:
        for seat in session.exec(
            select(SeatAssignment).where(SeatAssignment.hearing_id.in_([h.id for h in hearings]))
        ).all():
            seats_by_h[seat.hearing_id].append(seat)
    out_h = []
    for h in hearings:
        seats = _seats(session, h, h.language if h.language and h.language != "en" else None)
        if not seats:
            continue
        holding = [s for s in seats_by_h[h.id] if s.status in HOLDING_SEAT]
        if incomplete_only and len(holding) >= sum(s["count"] for s in seats):
            continue
        venue = session.get(Venue, h.venue_id)
        parties = session.exec(select(Party.person_id).where(Party.case_id == h.case_id)).all()
        earlier = session.exec(
            select(SeatAssignment.volunteer_id)
            .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
            .where(
                Hearing.case_id == h.case_id,
                Hearing.id != h.id,
                Hearing.status == HearingStatus.held.value,
                SeatAssignment.status == SeatStatus.accepted.value,
            )
        ).all()
        out_h.append(
            {
                "id": hid(h.id),
                "start": _iso(h.start_at, zone),
                "end": _iso(h.end_at, zone),
                "venue": {"lat": venue.lat, "lon": venue.lon},
                # a video meeting: the engine ignores travel (reach, distance) for it
                **({"online": True} if venue.online else {}),
                "seats": seats,
                "parties": [pid(p) for p in parties],
                "excluded": sorted(
                    {
                        vid(s.volunteer_id)
                        for s in seats_by_h[h.id]
                        if s.status in (SeatStatus.declined, SeatStatus.replaced)
                    }
                ),
                "current": [{"volunteer": vid(s.volunteer_id), "role": s.role} for s in holding],
                "preferred": sorted({vid(v) for v in earlier}),
            }
        )
    in_problem = {db_id(h["id"]) for h in out_h}
    volunteers = _volunteers(session, start, end, in_problem, zone)
    silent = _leave_out_opted_out(session, volunteers, out_h)
    return {
        "format": "convene-match/1",
        "timezone": program.timezone,
        "settings": {
            "travel_buffer_minutes": TRAVEL_BUFFER_MINUTES,
            "max_travel_km": MAX_TRAVEL_KM,
            "default_max_assignments": None,
        },
        "volunteers": volunteers,
        "hearings": out_h,
        # Volunteers no invitation can reach (opted out of texts, or no texts in their language
        # until a coordinator chooses English): never proposed.
        "opted_out": silent,
    }


def _leave_out_opted_out(session: Session, volunteers: list[dict], hearings: list[dict]) -> list:
    """Take volunteers who opted out of texts out of the problem (in place); one who still
    holds a seat here keeps it but is proposed for no other. Returns their FORMAT ids."""
    rows = session.exec(
        select(Volunteer).where(Volunteer.id.in_([db_id(v["id"]) for v in volunteers]))
    ).all()
    silent = {vid(i) for i in recipients.opted_out(session, list(rows))}
    if not silent:
        return []
    seated = {c["volunteer"] for h in hearings for c in h["current"]}
    volunteers[:] = [v for v in volunteers if v["id"] not in silent or v["id"] in seated]
    for h in hearings:
        here = {c["volunteer"] for c in h["current"]}
        keep_out = (silent & seated) - here
        if keep_out:
            h["excluded"] = sorted(set(h["excluded"]) | keep_out)
    return sorted(silent)


# The volunteers a problem may seat (active, with a home to measure travel from) and their
# details; built once, so each runs as the same prepared statement.
_ACTIVE = select(Volunteer.id).where(Volunteer.active, Volunteer.home_lat.is_not(None))
_VOLUNTEERS = (
    select(
        Volunteer.id,
        Volunteer.home_lat,
        Volunteer.home_lon,
        Volunteer.max_assignments_per_month,
        Volunteer.max_travel_km,
    )
    .where(Volunteer.id.in_(_ACTIVE))
    .order_by(Volunteer.id)
)
_LANGUAGES = select(VolunteerLanguage.volunteer_id, VolunteerLanguage.language).where(
    VolunteerLanguage.volunteer_id.in_(_ACTIVE)
)
_CERTIFICATIONS = select(
    Certification.volunteer_id, Certification.name, Certification.expires_on
).where(Certification.volunteer_id.in_(_ACTIVE))
_WINDOWS = select(
    AvailabilityWindow.volunteer_id,
    AvailabilityWindow.day,
    AvailabilityWindow.start_time,
    AvailabilityWindow.end_time,
).where(AvailabilityWindow.volunteer_id.in_(_ACTIVE))
_BLACKOUTS = select(Blackout.volunteer_id, Blackout.start_at, Blackout.end_at).where(
    Blackout.volunteer_id.in_(_ACTIVE),
    Blackout.end_at > bindparam("start", type_=Blackout.end_at.type),
    Blackout.start_at < bindparam("end", type_=Blackout.start_at.type),
)
_CONFLICTS = select(ConflictRow.volunteer_id, ConflictRow.person_id).where(
    ConflictRow.volunteer_id.in_(_ACTIVE)
)


def _volunteers(
    session: Session, start: datetime, end: datetime, in_problem: set[int], zone
) -> list[dict]:
    # Columns, not ORM instances: every active volunteer and four rows of details each, read
    # for every reschedule request's slot search; instances were most of that time.
    vols = session.exec(_VOLUNTEERS).all()
    if not vols:
        return []
    langs, certs, windows, blackouts, conflicts = (defaultdict(list) for _ in range(5))
    for v_id, language in session.exec(_LANGUAGES).all():
        langs[v_id].append(language)
    for v_id, name, expires_on in session.exec(_CERTIFICATIONS).all():
        certs[v_id].append(
            {"name": name, "expires": expires_on.isoformat() if expires_on else None}
        )
    for v_id, day, start_time, end_time in session.exec(_WINDOWS).all():
        windows[v_id].append(
            {"day": day, "start": start_time.strftime("%H:%M"), "end": end_time.strftime("%H:%M")}
        )
    for v_id, b_start, b_end in session.exec(_BLACKOUTS, params={"start": start, "end": end}):
        blackouts[v_id].append({"start": _iso(b_start, zone), "end": _iso(b_end, zone)})
    buffer = timedelta(minutes=TRAVEL_BUFFER_MINUTES)
    # Seats held on hearings outside this problem make the volunteer busy then (a blackout
    # marked busy, so explanations tell it from the volunteer's own),
    # and count toward the month's cap (prior assignments).
    month_start = start.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    prior: dict[int, int] = defaultdict(int)
    held = session.exec(
        select(SeatAssignment.volunteer_id, Hearing.id, Hearing.start_at, Hearing.end_at)
        .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
        .where(
            SeatAssignment.status.in_(HOLDING_SEAT),
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.end_at > month_start - buffer,
            Hearing.start_at < end + buffer,
        )
    ).all()
    for v_id, h_id, h_start, h_end in held:
        if h_id in in_problem:
            continue
        blackouts[v_id].append(
            {
                "start": _iso(h_start - buffer, zone),
                "end": _iso(h_end + buffer, zone),
                "busy": True,
            }
        )
        if h_start >= month_start:
            prior[v_id] += 1
    for v_id, person_id in session.exec(_CONFLICTS).all():
        conflicts[v_id].append(pid(person_id))
    out = []
    for v in vols:
        entry = {
            "id": vid(v.id),
            "home": {"lat": v.home_lat, "lon": v.home_lon},
            "languages": sorted(langs[v.id]),
            "certifications": certs[v.id],
            "availability": windows[v.id],
            "blackouts": blackouts[v.id],
            "prior_assignments": prior[v.id],
            "conflicts": conflicts[v.id],
        }
        if v.max_assignments_per_month is not None:
            entry["max_assignments"] = max(v.max_assignments_per_month, prior[v.id])
        if v.max_travel_km is not None:
            entry["max_travel_km"] = v.max_travel_km
        out.append(entry)
    return out


def hearing_problem(
    session: Session, hearing: Hearing
) -> tuple[scheduling.Problem, list[scheduling.Assignment]]:
    """One hearing as a problem (its whole panel, filled or not) and the seats in force."""
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    data = build_problem(
        session,
        program,
        hearing.start_at,
        # To its end, not its start: the volunteers' other seats and blackouts are read for
        # this window, and a seat on a hearing starting while this one runs makes them busy.
        hearing.end_at,
        hearing_ids={hearing.id},
        incomplete_only=False,
    )
    problem = scheduling.load_problem(data)
    in_force = [
        scheduling.Assignment(hearing=hid(hearing.id), volunteer=c["volunteer"], role=c["role"])
        for h in data["hearings"]
        for c in h["current"]
    ]
    return problem, in_force
