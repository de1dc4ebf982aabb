"""Find a volunteer for one seat of a booked hearing: the engine's ranking with its reasons in
words, and everyone who cannot sit with why not (the page behind "Find a volunteer")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session

import scheduling
from scheduling.eligibility import BUSY_ELSEWHERE
from service.db import utcnow
from service.errors import Conflict, Invalid, NotFound
from service.messaging.recipients import (
    Audience,
    opted_out,
    silent_words,
    volunteer_audience,
    why_no_text,
)
from service.messaging.wording import language_name, role_words
from service.models import Case, Hearing, Program, SeatAssignment, Volunteer
from service.models.base import HOLDING_SEAT, HearingStatus, SeatStatus
from service.panels import queries
from service.panels.problem import db_id, hid, vid
from service.programs import program_zone, seats_of_kind


@dataclass(frozen=True)
class Pick:
    """A volunteer who can take the seat, ranked by the engine, and why in words."""

    volunteer_id: int
    name: str
    reason: str
    told: Audience


@dataclass(frozen=True)
class Unable:
    """A volunteer who cannot take the seat, and why in words."""

    volunteer_id: int
    name: str
    why: str


@dataclass
class Finding:
    """One seat to fill: who can (best first) and who cannot."""

    hearing: Hearing
    role: str
    role_words: str
    leaving: SeatAssignment | None = None
    leaving_name: str = ""
    picks: list[Pick] = field(default_factory=list)
    unable: list[Unable] = field(default_factory=list)

    @property
    def nearly(self) -> list[Unable]:
        """Who cannot sit for a reason other than lacking the certification."""
        return [u for u in self.unable if not u.why.startswith("not certified")]

    @property
    def uncertified(self) -> list[Unable]:
        """Who cannot sit because they are not certified for the role."""
        return [u for u in self.unable if u.why.startswith("not certified")]

    def pick(self, volunteer_id: int) -> Pick:
        """The offered volunteer, or a refusal that says why they cannot sit."""
        for p in self.picks:
            if p.volunteer_id == volunteer_id:
                return p
        if self.leaving is not None and self.leaving.volunteer_id == volunteer_id:
            raise Invalid(
                f"{self.leaving_name} already holds this seat; choose someone else",
                field="volunteer_id",
            )
        for u in self.unable:
            if u.volunteer_id == volunteer_id:
                raise Invalid(f"{u.name} cannot take this seat: {u.why}", field="volunteer_id")
        raise Invalid(
            f"volunteer {volunteer_id} is not an active volunteer; choose one from the list",
            field="volunteer_id",
        )


def open_seat(session: Session, hearing: Hearing, role: str | None, replace: int | None):
    """The role to fill and the seat being replaced (if any), refusing what cannot be filled."""
    if hearing.status != HearingStatus.scheduled:
        raise Invalid(f"a {hearing.status} hearing takes no new seats", field="hearing_id")
    if hearing.start_at <= utcnow():
        raise Invalid("this hearing has already started", field="hearing_id")
    reqs = {r.role: r for r in seats_of_kind(session, hearing.kind_id) if not r.staff_only}
    if replace is not None:
        seat = session.get(SeatAssignment, replace)
        if seat is None or seat.hearing_id != hearing.id:
            raise NotFound(f"seat {replace} is not on this hearing")
        if seat.status not in HOLDING_SEAT:
            raise Conflict(
                f"that seat is already {seat.status}: nobody holds it to be replaced",
                field="replace",
            )
        return seat.role, seat
    if role not in reqs:
        words = ", ".join(role_words(r).lower() for r in reqs) or "none"
        raise Invalid(
            f"this hearing has no {role_words(role).lower()} seat (its seats: {words})",
            field="role",
        )
    held = len(queries.holding_seats(session, hearing.id, role))
    if held >= reqs[role].count:
        raise Conflict(
            f"every {role_words(role).lower()} seat is taken: replace a volunteer instead",
            field="role",
        )
    return role, None


def find(
    session: Session, hearing: Hearing, *, role: str | None = None, replace: int | None = None
) -> Finding:
    """Who can take one seat of this hearing (the engine's ranking) and who cannot, in words."""
    role, leaving = open_seat(session, hearing, role, replace)
    leaving_id = leaving.volunteer_id if leaving else None
    problem, ranked = queries.hearing_candidates(session, hearing, role, leaving_id)
    h = problem.hearings[problem.hearing_index[hid(hearing.id)]]
    seat = h.seat(role)
    program = session.get(Program, session.get(Case, hearing.case_id).program_id)
    zone = program_zone(program)
    local = hearing.start_at.astimezone(zone)
    month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    everyone = queries.active_volunteers(session)
    by_id = {v.id: v for v in everyone}
    load = queries.month_seats(session, set(by_id), month, next_month)
    out = Finding(hearing, role, role_words(role), leaving)
    if leaving is not None:
        out.leaving_name = queries.volunteers_by_id(session, {leaving_id})[leaving_id].full_name
    offered = set()
    for c in ranked:
        v = by_id.get(c.volunteer_id)
        if v is None:
            continue
        offered.add(v.id)
        no_text = why_no_text(session, v)
        if no_text:
            out.unable.append(
                Unable(v.id, v.full_name, f"{no_text}, so the invitation cannot reach them")
            )
            continue
        out.picks.append(
            Pick(
                v.id,
                v.full_name,
                _reason(c, seat, h, load.get(v.id, 0)),
                volunteer_audience(session, v, "calendar invite"),
            )
        )
    out.unable.extend(
        _why_not(
            session,
            problem,
            h,
            role,
            [v for v in everyone if v.id not in offered and v.id != leaving_id],
        )
    )
    out.unable.sort(key=lambda u: (_closeness(u.why), u.name))
    return out


# Who nearly could sit comes first: the reasons in the order the rules are checked, backwards.
_CLOSEST_FIRST = (
    "opted out",
    "reads ",
    "no mobile",
    "already at their limit",
    "conflict of interest",
    "busy on another hearing",
    "blackout",
    "declined",
    "was taken off",
    "already on this panel",
    "lives beyond",
    "outside their availability",
    "does not speak",
    "not certified",
)


def _closeness(why: str) -> int:
    return next((i for i, p in enumerate(_CLOSEST_FIRST) if why.startswith(p)), len(_CLOSEST_FIRST))


def _reason(
    c: queries.Candidate, seat: scheduling.Seat, h: scheduling.Hearing, month_load: int
) -> str:
    parts = ["joins by video" if h.online else f"{c.found.travel_km:.0f} km from home"]
    if seat.language:
        parts.append(f"speaks {language_name(seat.language)}")
    parts.append(
        "no hearings this month"
        if month_load == 0
        else f"{month_load} hearing{'s' if month_load != 1 else ''} this month"
    )
    if vid(c.volunteer_id) in h.preferred:
        parts.append("has sat with these parties before")
    return " · ".join(parts)


def _why_not(
    session: Session,
    problem: scheduling.Problem,
    h: scheduling.Hearing,
    role: str,
    volunteers: list[Volunteer],
) -> list[Unable]:
    kept_out = scheduling.kept_out(problem, h.id, role)
    on_panel = {db_id(v): r for v, r in h.current}
    seats = {s.volunteer_id: s.status for s in queries.seats_of_hearing(session, db_id(h.id))}
    blacked = queries.blackouts_between(session, {v.id for v in volunteers}, h.start, h.end)
    seat = h.seat(role)
    silent = opted_out(session, volunteers)  # left out of the problem: no invitation reaches them
    out = []
    for v in volunteers:
        if v.id in silent:
            why = silent_words(session, v)
            out.append(Unable(v.id, v.full_name, f"{why}, so the invitation cannot reach them"))
            continue
        out.append(
            Unable(v.id, v.full_name, _why(problem, h, seat, v, kept_out, on_panel, seats, blacked))
        )
    return out


def _why(problem, h, seat, v: Volunteer, kept_out, on_panel, seats, blacked) -> str:
    if v.id in on_panel:
        return f"already on this panel as {role_words(on_panel[v.id]).lower()}"
    if seats.get(v.id) == SeatStatus.declined:
        return "declined this hearing"
    if seats.get(v.id) == SeatStatus.replaced:
        return "was taken off this hearing"
    if v.home_lat is None:
        return "no home address on file, so the distance cannot be measured"
    rule = kept_out.get(vid(v.id))
    if rule == "certified":
        return f"not certified as {role_words(seat.role).lower()}"
    if rule and rule.startswith("speak"):
        return f"does not speak {language_name(seat.language)}"
    if rule and rule.startswith("available"):
        return "outside their availability"
    if rule == "free of blackouts":
        return "blackout that day" if v.id in blacked else "busy on another hearing then"
    if rule == BUSY_ELSEWHERE:
        return "busy on another hearing then"
    if rule == "within reach":
        pv = problem.volunteers[problem.volunteer_index[vid(v.id)]]
        return f"lives beyond how far they travel ({problem.reach(pv):.0f} km)"
    if rule:
        return "conflict of interest with a party"
    pv = problem.volunteers[problem.volunteer_index[vid(v.id)]]
    cap = problem.cap(pv)
    if cap is not None and pv.prior_assignments + 1 > cap:
        return f"already at their limit of {cap} hearings a month"
    return "cannot sit then"
