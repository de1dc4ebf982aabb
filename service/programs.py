"""Use cases for programs (hearing kinds, obligation types), neighborhoods and venues."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from service import audit
from service.config import get_settings
from service.errors import Conflict, Invalid
from service.models import (
    Case,
    HearingKind,
    Neighborhood,
    ObligationType,
    Program,
    SeatRequirement,
    Venue,
    VenueWindow,
)
from service.models.base import CaseStatus
from service.repo import apply_update, get_or_404, paginate
from service.schemas.programs import (
    HearingKindPublic,
    NeighborhoodCreate,
    NeighborhoodUpdate,
    ObligationTypePublic,
    ProgramCreate,
    ProgramPublic,
    ProgramUpdate,
    SeatSpec,
    VenueCreate,
    VenuePublic,
    VenueUpdate,
    WeeklyWindow,
)


def program_zone(program: Program) -> ZoneInfo:
    """The program's time zone."""
    return ZoneInfo(program.timezone or get_settings().timezone)


def list_programs(
    session: Session, principal, *, limit: int, offset: int, active: bool | None = None
) -> tuple[list[Program], int]:
    """A page of the programs the caller works in, by id."""
    stmt = select(Program).where(principal.in_programs(Program.id)).order_by(Program.id)
    if active is not None:
        stmt = stmt.where(Program.active == active)
    return paginate(session, stmt, limit=limit, offset=offset)


def all_programs(session: Session) -> list[Program]:
    """Every program, by code (administrators' pages)."""
    return list(session.exec(select(Program).order_by(Program.code)).all())


def list_neighborhoods(
    session: Session, *, limit: int, offset: int, q: str | None = None
) -> tuple[list[Neighborhood], int]:
    """A page of neighborhoods by name, optionally those whose name contains `q`."""
    stmt = select(Neighborhood).order_by(Neighborhood.name)
    if q:
        stmt = stmt.where(Neighborhood.name.ilike(f"%{q}%"))
    return paginate(session, stmt, limit=limit, offset=offset)


def list_venues(
    session: Session,
    *,
    limit: int | None = None,
    offset: int = 0,
    neighborhood_id: int | None = None,
    active: bool | None = None,
) -> tuple[list[Venue], int]:
    """Venues by name, optionally of one neighborhood or active state (all when no limit)."""
    stmt = select(Venue).order_by(Venue.name)
    if neighborhood_id is not None:
        stmt = stmt.where(Venue.neighborhood_id == neighborhood_id)
    if active is not None:
        stmt = stmt.where(Venue.active == active)
    if limit is None:
        rows = list(session.exec(stmt).all())
        return rows, len(rows)
    return paginate(session, stmt, limit=limit, offset=offset)


def neighborhoods(session: Session) -> list[Neighborhood]:
    """Every neighborhood, by name."""
    return list(session.exec(select(Neighborhood).order_by(Neighborhood.name)).all())


def visible_programs(session: Session, principal, *, active_only: bool = False) -> list[Program]:
    """The programs the caller works in (every program for an administrator), by name."""
    stmt = select(Program).where(principal.in_programs(Program.id)).order_by(Program.name)
    if active_only:
        stmt = stmt.where(Program.active)
    return list(session.exec(stmt).all())


# Cases no longer waiting for anything (cases.referrals.CLOSED; cases sits above this module).
CLOSED_STATUSES = (
    CaseStatus.completed.value,
    CaseStatus.returned.value,
    CaseStatus.withdrawn.value,
    CaseStatus.ineligible.value,
)


def caller_zone(session: Session, principal) -> ZoneInfo:
    """The zone a page listing the caller's records starts its days in: their programs' zone
    when they share one, else the service's (CONVENE_TIMEZONE)."""
    zones = {program_zone(p).key for p in visible_programs(session, principal)}
    return ZoneInfo(zones.pop()) if len(zones) == 1 else get_settings().zone


def default_program(
    session: Session, programs: list[Program], last_used: int | None = None
) -> Program | None:
    """The program a form starts on: the one last used, else the busiest of the caller's.

    A coordinator of one program always gets it; one working in several gets the program
    they last chose, or at first the one with the most cases still open, never simply the
    first by name.
    """
    if not programs:
        return None
    by_id = {p.id: p for p in programs}
    if last_used in by_id:
        return by_id[last_used]
    if len(programs) == 1:
        return programs[0]
    open_cases = dict(
        session.exec(
            select(Case.program_id, func.count())
            .where(Case.program_id.in_(by_id), Case.status.not_in(CLOSED_STATUSES))
            .group_by(Case.program_id)
        ).all()
    )
    return max(programs, key=lambda p: (open_cases.get(p.id, 0), -programs.index(p)))


def create_program(session: Session, data: ProgramCreate) -> Program:
    """Create a program with its hearing kinds and obligation types."""
    if session.exec(select(Program).where(Program.code == data.code)).first():
        raise Conflict(f"a program with code {data.code} already exists", field="code")
    program = Program(**data.model_dump(exclude={"hearing_kinds", "obligation_types"}))
    session.add(program)
    session.flush()
    for kind in data.hearing_kinds:
        hk = HearingKind(
            program_id=program.id,
            code=kind.code,
            name=kind.name,
            duration_minutes=kind.duration_minutes,
            prefers_mode=kind.prefers_mode,
        )
        session.add(hk)
        session.flush()
        for seat in kind.seats:
            session.add(SeatRequirement(hearing_kind_id=hk.id, **seat.model_dump()))
    for ot in data.obligation_types:
        session.add(ObligationType(program_id=program.id, **ot.model_dump(mode="json")))
    session.flush()
    return program


def update_program(session: Session, program: Program, data: ProgramUpdate) -> Program:
    """Change the given fields of a program."""
    apply_update(program, data.model_dump(exclude_unset=True))
    session.add(program)
    return program


def program_by_code(session: Session, code: str) -> Program | None:
    """A program by its short code (NJP, DRP...)."""
    return session.exec(select(Program).where(Program.code == code.upper())).first()


_SEATS_OF_KINDS = (
    select(SeatRequirement)
    .where(SeatRequirement.hearing_kind_id.in_(bindparam("kind_ids", expanding=True)))
    .order_by(SeatRequirement.id)
)


def seats_of_kind(session: Session, kind_id: int) -> list[SeatRequirement]:
    """The seat requirements of a hearing kind, in a stable order."""
    return seats_of_kinds(session, [kind_id]).get(kind_id, [])


def seats_of_kinds(session: Session, kind_ids) -> dict[int, list[SeatRequirement]]:
    """The seat requirements of several hearing kinds, by kind, in one query."""
    out: dict[int, list[SeatRequirement]] = {}
    if kind_ids:
        for r in session.exec(_SEATS_OF_KINDS, params={"kind_ids": sorted(set(kind_ids))}):
            out.setdefault(r.hearing_kind_id, []).append(r)
    return out


def program_public(session: Session, program: Program) -> ProgramPublic:
    """A program with its kinds and obligation types."""
    kinds = session.exec(
        select(HearingKind).where(HearingKind.program_id == program.id).order_by(HearingKind.id)
    ).all()
    kind_out = [
        HearingKindPublic(
            id=k.id,
            code=k.code,
            name=k.name,
            duration_minutes=k.duration_minutes,
            prefers_mode=k.prefers_mode,
            seats=[
                SeatSpec(role=s.role, count=s.count, requires=s.requires, staff_only=s.staff_only)
                for s in seats_of_kind(session, k.id)
            ],
        )
        for k in kinds
    ]
    types = session.exec(
        select(ObligationType)
        .where(ObligationType.program_id == program.id)
        .order_by(ObligationType.id)
    ).all()
    return ProgramPublic(
        **program.model_dump(exclude={"created_at"}),
        hearing_kinds=kind_out,
        obligation_types=[ObligationTypePublic.model_validate(t.model_dump()) for t in types],
    )


def create_neighborhood(session: Session, data: NeighborhoodCreate) -> Neighborhood:
    """Create a neighborhood; names are unique."""
    if session.exec(select(Neighborhood).where(Neighborhood.name == data.name)).first():
        raise Conflict(f"a neighborhood named {data.name!r} already exists", field="name")
    row = Neighborhood(**data.model_dump())
    session.add(row)
    session.flush()
    return row


def update_neighborhood(
    session: Session, row: Neighborhood, data: NeighborhoodUpdate
) -> Neighborhood:
    """Change the given fields of a neighborhood."""
    changes = data.model_dump(exclude_unset=True)
    if (
        "name" in changes
        and changes["name"] != row.name
        and session.exec(select(Neighborhood).where(Neighborhood.name == changes["name"])).first()
    ):
        raise Conflict(f"a neighborhood named {changes['name']!r} already exists", field="name")
    apply_update(row, changes)
    session.add(row)
    return row


def _check_neighborhood(session: Session, neighborhood_id: int | None) -> None:
    if neighborhood_id is not None and session.get(Neighborhood, neighborhood_id) is None:
        raise Invalid(f"neighborhood {neighborhood_id} does not exist", field="neighborhood_id")


def _set_windows(session: Session, venue: Venue, windows: list[WeeklyWindow]) -> None:
    for old in session.exec(select(VenueWindow).where(VenueWindow.venue_id == venue.id)).all():
        session.delete(old)
    session.flush()
    for w in windows:
        session.add(VenueWindow(venue_id=venue.id, day=w.day, start_time=w.start, end_time=w.end))


def create_venue(session: Session, data: VenueCreate) -> Venue:
    """Create a venue with its weekly windows."""
    _check_neighborhood(session, data.neighborhood_id)
    if session.exec(select(Venue).where(Venue.name == data.name)).first():
        raise Conflict(f"a venue named {data.name!r} already exists", field="name")
    venue = Venue(**data.model_dump(exclude={"windows"}))
    session.add(venue)
    session.flush()
    _set_windows(session, venue, data.windows)
    session.flush()
    return venue


def update_venue(session: Session, venue: Venue, data: VenueUpdate) -> Venue:
    """Change a venue; given windows replace the stored ones."""
    changes = data.model_dump(exclude_unset=True, exclude={"windows"})
    if not changes.get("online", venue.online):
        if changes.get("meeting_template"):
            raise Invalid(
                "only an online venue has a meeting link template", field="meeting_template"
            )
        changes["meeting_template"] = None  # an in-person venue makes no links
    if "neighborhood_id" in changes:
        _check_neighborhood(session, changes["neighborhood_id"])
    apply_update(venue, changes)
    session.add(venue)
    if data.windows is not None:
        _set_windows(session, venue, data.windows)
    session.flush()
    return venue


def venue_windows(session: Session, venue_id: int) -> list[VenueWindow]:
    """A venue's weekly windows."""
    return list(
        session.exec(
            select(VenueWindow).where(VenueWindow.venue_id == venue_id).order_by(VenueWindow.id)
        ).all()
    )


def venue_public(session: Session, venue: Venue) -> VenuePublic:
    """A venue with its windows."""
    windows = [
        WeeklyWindow(day=w.day, start=w.start_time, end=w.end_time)
        for w in venue_windows(session, venue.id)
    ]
    return VenuePublic(**venue.model_dump(), windows=windows)


def set_kind_preference(
    session: Session, program: Program, kind_id: int, mode: str | None, principal
) -> HearingKind:
    """Whether a hearing kind of this program prefers online or in person (None: the program's);
    a change is audited."""
    kind = session.get(HearingKind, kind_id)
    if kind is None or kind.program_id != program.id:
        raise Invalid(f"{program.code} has no hearing kind {kind_id}", field="prefers_mode")
    if kind.prefers_mode != mode:
        kind.prefers_mode = mode
        session.add(kind)
        audit.by(
            session, principal, "update", "hearing_kind", kind.id,
            detail=f"{kind.name}: prefers {mode or 'what the program prefers'}",
        )  # fmt: skip
    return kind


def preferred_mode(program: Program, kind: HearingKind) -> str | None:
    """in_person, online or None: the hearing kind's preference, else the program's."""
    return kind.prefers_mode or program.prefers_mode


def get_program(session: Session, program_id: int) -> Program:
    """A program or 404."""
    return get_or_404(session, Program, program_id, what="program")
