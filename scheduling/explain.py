"""explain(): the cost terms of every assignment and why each empty seat stayed empty."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import numpy as np

from .compiled import recall
from .eligibility import VolunteerTable, seat_filters, travel_km
from .model import Assignment, Problem, Solution
from .objective import known_assignments, objective_terms


@dataclass
class AssignmentWhy:
    """Cost terms of one assignment."""

    hearing: str
    role: str
    volunteer: str
    travel_km: float
    travel_cost: float
    load_cost: float  # marginal: what this volunteer's last seat adds to the load term
    continuity: bool  # the volunteer sat on an earlier hearing of the case (preferred)
    changed: bool  # the hearing has a published panel (`current`) and this seat is not in it

    def to_dict(self) -> dict:
        """JSON form."""
        return asdict(self)


@dataclass
class EmptySeatWhy:
    """Why a seat has fewer volunteers than its count: counts along the filters."""

    hearing: str
    role: str
    empty: int
    filters: list[tuple[str, int]]
    sentence: str

    def to_dict(self) -> dict:
        """JSON form."""
        d = asdict(self)
        d["filters"] = [{"filter": f, "count": c} for f, c in self.filters]
        return d


@dataclass
class Explanation:
    """Per-assignment costs, per-empty-seat reasons, and the objective by term."""

    assignments: list[AssignmentWhy]
    empty_seats: list[EmptySeatWhy]
    terms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON form."""
        return {
            "assignments": [a.to_dict() for a in self.assignments],
            "empty_seats": [e.to_dict() for e in self.empty_seats],
            "terms": self.terms,
        }


def explain(problem: Problem, solution: Solution | list[Assignment]) -> Explanation:
    """Explain a solution: what each assignment costs, and why empty seats are empty."""
    assignments = known_assignments(problem, solution)
    w = problem.settings.weights
    vidx, hidx = problem.volunteer_index, problem.hearing_index
    load = Counter(a.volunteer for a in assignments)
    rows = []
    for a in assignments:
        v, h = problem.volunteers[vidx[a.volunteer]], problem.hearings[hidx[a.hearing]]
        d = travel_km(v, h)
        n = v.prior_assignments + load[a.volunteer]
        rows.append(
            AssignmentWhy(
                a.hearing,
                a.role,
                a.volunteer,
                d,
                w.travel_km * d,
                w.load * (n**2 - (n - 1) ** 2),
                a.volunteer in h.preferred,
                bool(h.current) and (a.volunteer, a.role) not in h.current,
            )
        )
    empties = _empty_seats(problem, assignments)
    return Explanation(rows, empties, objective_terms(problem, assignments))


def _empty_seats(problem: Problem, assignments: list[Assignment]) -> list[EmptySeatWhy]:
    filled = Counter((a.hearing, a.role) for a in assignments)
    todo = [
        (hi, s)
        for hi, h in enumerate(problem.hearings)
        for s in h.seats
        if filled[(h.id, s.role)] < s.count
    ]
    if not todo:
        return []
    cached = recall(problem)
    t = cached.table if cached is not None else VolunteerTable(problem)
    vidx, hidx = problem.volunteer_index, problem.hearing_index
    buf = problem.settings.travel_buffer_minutes * 60
    booked: dict[int, list[int]] = {}
    for a in assignments:
        booked.setdefault(vidx[a.volunteer], []).append(hidx[a.hearing])
    out = []
    for hi, seat in todo:
        h = problem.hearings[hi]
        steps = seat_filters(problem, t, hi, seat.role)
        filters = [(name, int(m.sum())) for name, m in steps]
        m = steps[-1][1].copy()
        hs, he = h.start.timestamp(), h.end.timestamp()
        for vi in np.flatnonzero(m).tolist():
            for b in booked.get(vi, []):
                o = problem.hearings[b]
                # busy in this very hearing, or too close to another one of their hearings
                if b == hi or not (
                    o.end.timestamp() + buf <= hs or he + buf <= o.start.timestamp()
                ):
                    m[vi] = False
                    break
        filters.append(("free of other hearings", int(m.sum())))
        for vi in np.flatnonzero(m).tolist():
            v = problem.volunteers[vi]
            cap = problem.cap(v)
            if cap is not None and v.prior_assignments + len(booked.get(vi, [])) + 1 > cap:
                m[vi] = False
        filters.append(("under their cap", int(m.sum())))
        sentence = ", ".join(f"{c} {name}" for name, c in filters)
        if filters[-1][1] > 0:
            # Someone could sit here but taking them costs more elsewhere (e.g. they would
            # leave a seat empty or change a published panel): say so rather than imply nobody.
            sentence += (
                " (each of them is worth more where they already sit, "
                "or the seat is not worth filling)"
            )
        n_empty = seat.count - Counter((a.hearing, a.role) for a in assignments)[(h.id, seat.role)]
        out.append(EmptySeatWhy(h.id, seat.role, n_empty, filters, sentence))
    return out


def kept_out(problem: Problem, hearing: str, role: str) -> dict[str, str]:
    """The volunteers a seat's hard rules keep out, each with the first filter they fail."""
    hi = problem.hearing_index[hearing]
    cached = recall(problem)
    t = cached.table if cached is not None else VolunteerTable(problem)
    out: dict[str, str] = {}
    before = np.ones(t.n, dtype=bool)
    for name, m in seat_filters(problem, t, hi, role):
        for vi in np.flatnonzero(before & ~m).tolist():
            out[problem.volunteers[vi].id] = name
        before = m
    return out
