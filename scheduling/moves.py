"""repair() after a change to published panels, and candidates() for a manual swap."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import numpy as np

from .changes import CancelHearing, Change, Decline, MoveHearing, Recusal, Unavailable
from .compiled import recall
from .eligibility import Candidates, VolunteerTable, hearing_columns, seat_filters, travel_km
from .model import Assignment, Problem, ProblemError, Solution
from .objective import known_assignments
from .solver import solve


def repair_problem(
    problem: Problem, in_force: Solution | list[Assignment], change: Change
) -> Problem:
    """The problem after `change`, with the panels in force as every hearing's `current`."""
    new = change.apply(problem)
    assignments = in_force.assignments if isinstance(in_force, Solution) else list(in_force)
    by_h: dict[str, list[tuple[str, str]]] = {}
    for a in assignments:
        by_h.setdefault(a.hearing, []).append((a.volunteer, a.role))
    hearings = []
    for h in new.hearings:
        roles = {s.role for s in h.seats}
        cur = tuple(
            (v, r) for v, r in by_h.get(h.id, []) if r in roles and v in new.volunteer_index
        )
        hearings.append(replace(h, current=cur))
    return Problem(new.timezone, new.settings, new.volunteers, tuple(hearings))


def repair(
    problem: Problem,
    solution_in_force: Solution | list[Assignment],
    change: Change,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
) -> Solution:
    """Re-solve after `change` so that published panels change as little as possible.

    The panels in force become `current`, so every kept seat earns the changed_assignment
    weight; the in-force panels (minus what the change invalidated) warm-start the solver.
    The returned solution is for `repair_problem(problem, solution_in_force, change)`.
    """
    new = repair_problem(problem, solution_in_force, change)
    assignments = (
        solution_in_force.assignments
        if isinstance(solution_in_force, Solution)
        else list(solution_in_force)
    )
    if isinstance(change, CancelHearing):
        assignments = [a for a in assignments if a.hearing != change.hearing]
    parent = recall(problem)
    cands = _patched_candidates(parent, new, change) if parent is not None else None
    # the master LP carries over when the change only removed columns (hearing times, so the
    # time cliques, are unchanged)
    carry = (
        parent
        if cands is not None and isinstance(change, Decline | Recusal | Unavailable)
        else None
    )
    sol = solve(
        new, time_limit=time_limit, seed=seed, warm=assignments, candidates=cands, parent=carry
    )
    before = set(assignments)
    after = set(sol.assignments)
    sol.stats["removed"] = [a.to_dict() for a in sorted(before - after)]
    sol.stats["added"] = [a.to_dict() for a in sorted(after - before)]
    return sol


def _patched_candidates(parent, new: Problem, change: Change) -> Candidates | None:
    """Eligible columns after `change`, patched from the last solve's instead of recomputed.

    A decline, recusal or new blackout only removes columns; a moved hearing recomputes its
    own. A cancellation renumbers hearings and seats, so it takes the full computation.
    """
    c, old = parent.cands, parent.problem
    if isinstance(change, CancelHearing) or len(old.hearings) != len(new.hearings):
        return None
    drop = np.zeros(len(c.v), dtype=bool)
    added = None
    local = c.local
    if isinstance(change, Decline):
        vi, hi = old.volunteer_index[change.volunteer], old.hearing_index[change.hearing]
        drop = (c.v == vi) & (c.h == hi)
    elif isinstance(change, Recusal | Unavailable):
        vi = old.volunteer_index[change.volunteer]
        if isinstance(change, Recusal):
            hs = [i for i, h in enumerate(old.hearings) if change.party in h.parties]
        else:
            hs = [
                i
                for i, h in enumerate(old.hearings)
                if h.start < change.end and change.start < h.end
            ]
        drop = (c.v == vi) & np.isin(c.h, hs)
    elif isinstance(change, MoveHearing):
        hi = old.hearing_index[change.hearing]
        drop = c.h == hi
        lt, per_seat = hearing_columns(
            new, parent.table, ZoneInfo(new.timezone), hi, may_sit=parent.may_sit
        )
        local = list(c.local)
        local[hi] = lt
        seats = [c.seat_of[(hi, st.role)] for st in new.hearings[hi].seats]
        added = [
            (idx, np.full(len(idx), si), np.full(len(idx), hi), d)
            for si, (idx, d) in zip(seats, per_seat, strict=True)
        ]
    else:
        return None
    keep = ~drop
    parts = [(c.v[keep], c.s[keep], c.h[keep], c.dist[keep])] + (added or [])
    v, s, h, d = (np.concatenate([p[i] for p in parts]) for i in range(4))
    if added:  # the order of a fresh computation (by seat, then volunteer), for determinism
        o = np.lexsort((v, s))
        v, s, h, d = v[o], s[o], h[o], d[o]
    return Candidates(c.seat_h, c.seat_role, c.seat_count, c.seat_of, v, s, h, d, local)


@dataclass(frozen=True)
class Candidate:
    """One volunteer who could take a seat, and what it would do to the objective."""

    volunteer: str
    delta: float  # objective change if the move is made (negative improves)
    replaces: str | None  # the volunteer who would leave the seat, if it is full
    travel_km: float

    def to_dict(self) -> dict:
        """JSON form."""
        return {
            "volunteer": self.volunteer,
            "delta": self.delta,
            "replaces": self.replaces,
            "travel_km": self.travel_km,
        }


def candidates(
    problem: Problem, solution: Solution | list[Assignment], hearing: str, role: str, k: int = 5
) -> list[Candidate]:
    """The k best volunteers for one seat with the exact objective change each move causes."""
    if hearing not in problem.hearing_index:
        raise ProblemError("hearing", f"unknown hearing {hearing!r}")
    h = problem.hearings[problem.hearing_index[hearing]]
    seat = h.seat(role)
    if seat is None:
        raise ProblemError("role", f"hearing {hearing!r} has no role {role!r}")
    assignments = known_assignments(problem, solution)
    w = problem.settings.weights
    buf = problem.settings.travel_buffer_minutes * 60
    load = Counter(a.volunteer for a in assignments)
    booked: dict[str, list] = {}
    for a in assignments:
        booked.setdefault(a.volunteer, []).append(
            problem.hearings[problem.hearing_index[a.hearing]]
        )
    in_h = {a.volunteer for a in assignments if a.hearing == hearing}
    occupants = [a.volunteer for a in assignments if a.hearing == hearing and a.role == role]
    current = Counter(v for v, r in h.current if r == role)
    pref = set(h.preferred)
    hi = problem.hearing_index[hearing]

    def load_delta(vid: str, n: int) -> float:
        p = problem.volunteers[problem.volunteer_index[vid]].prior_assignments
        base = p + load[vid]
        return w.load * ((base + n) ** 2 - base**2)

    def dist(vid: str) -> float:
        v = problem.volunteers[problem.volunteer_index[vid]]
        return travel_km(v, h)

    # what freeing each occupant's place gives back (the cheapest one to replace is best)
    leave = {}
    for u in occupants:
        leave[u] = (
            -w.travel_km * dist(u)
            + load_delta(u, -1)
            + w.changed_assignment * current[u]
            + (w.continuity if u in pref else 0.0)
        )
    out = []
    cached = recall(problem)
    table = cached.table if cached is not None else VolunteerTable(problem)
    ok = seat_filters(problem, table, hi, role)[-1][1]
    for vi in ok.nonzero()[0].tolist():
        v = problem.volunteers[vi]
        if v.id in in_h:
            continue
        if any(
            not (
                b.end.timestamp() + buf <= h.start.timestamp()
                or h.end.timestamp() + buf <= b.start.timestamp()
            )
            for b in booked.get(v.id, [])
        ):
            continue
        cap = problem.cap(v)
        if cap is not None and v.prior_assignments + load[v.id] + 1 > cap:
            continue
        d = dist(v.id)
        gain = (
            w.travel_km * d
            + load_delta(v.id, 1)
            - w.changed_assignment * current[v.id]
            - (w.continuity if v.id in pref else 0.0)
        )
        if len(occupants) < seat.count:
            out.append(Candidate(v.id, gain - w.unfilled_seat, None, d))
        elif occupants:
            u = min(occupants, key=lambda x: (leave[x], x))
            out.append(Candidate(v.id, gain + leave[u], u, d))
    out.sort(key=lambda c: (c.delta, c.volunteer))
    return out[:k]
