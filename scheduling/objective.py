"""Exact objective of FORMAT.md and a full validity check of a solution (check_solution)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .eligibility import eligible_pair, travel_km
from .model import Assignment, Problem, ProblemError, Solution


@dataclass
class Check:
    """Outcome of check_solution: validity, violations, and the objective split by term."""

    valid: bool
    violations: list[str]
    objective: float
    terms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON form."""
        return {
            "valid": self.valid,
            "violations": self.violations,
            "objective": self.objective,
            "terms": self.terms,
        }


def objective_terms(problem: Problem, assignments: list[Assignment]) -> dict[str, float]:
    """The five weighted terms of the objective (assumes ids in assignments are known)."""
    w = problem.settings.weights
    vidx, hidx = problem.volunteer_index, problem.hearing_index
    travel = math.fsum(
        travel_km(problem.volunteers[vidx[a.volunteer]], problem.hearings[hidx[a.hearing]])
        for a in assignments
    )
    loads = Counter(a.volunteer for a in assignments)
    load = 0
    for vid, n in loads.items():
        p = problem.volunteers[vidx[vid]].prior_assignments
        load += (p + n) ** 2 - p**2
    filled = Counter((a.hearing, a.role) for a in assignments)
    empty = 0
    for h in problem.hearings:
        for s in h.seats:
            empty += max(0, s.count - filled.get((h.id, s.role), 0))
    held = set((a.hearing, a.volunteer, a.role) for a in assignments)
    changed = sum(1 for h in problem.hearings for v, r in h.current if (h.id, v, r) not in held)
    sits = set((a.hearing, a.volunteer) for a in assignments)
    lost = sum(1 for h in problem.hearings for v in h.preferred if (h.id, v) not in sits)
    return {
        "travel": w.travel_km * travel,
        "load": w.load * load,
        "unfilled": w.unfilled_seat * empty,
        "changed": w.changed_assignment * changed,
        "continuity": w.continuity * lost,
    }


def objective_value(problem: Problem, assignments: list[Assignment]) -> float:
    """Objective of FORMAT.md for these assignments."""
    t = objective_terms(problem, assignments)
    return t["travel"] + t["load"] + t["unfilled"] + t["changed"] + t["continuity"]


def violations(problem: Problem, assignments: list[Assignment], limit: int = 50) -> list[str]:
    """Every broken hard constraint (1-9), as readable sentences (at most `limit`)."""
    out: list[str] = []
    vidx, hidx = problem.volunteer_index, problem.hearing_index
    buf = problem.settings.travel_buffer_minutes * 60
    per_seat: Counter = Counter()
    per_vh: Counter = Counter()
    by_vol: dict[str, list] = defaultdict(list)
    for i, a in enumerate(assignments):
        if a.volunteer not in vidx or a.hearing not in hidx:
            out.append(f"assignments[{i}]: unknown volunteer or hearing")
            continue
        h = problem.hearings[hidx[a.hearing]]
        if h.seat(a.role) is None:
            out.append(f"assignments[{i}]: hearing {a.hearing} has no role {a.role!r}")
            continue
        if not eligible_pair(problem, vidx[a.volunteer], hidx[a.hearing], a.role):
            out.append(
                f"assignments[{i}]: {a.volunteer} may not hold {a.hearing}/{a.role} "
                "(constraints 1-6)"
            )
        per_seat[(a.hearing, a.role)] += 1
        per_vh[(a.volunteer, a.hearing)] += 1
        by_vol[a.volunteer].append(h)
    for (hid, role), n in per_seat.items():
        if n > problem.hearings[hidx[hid]].seat(role).count:
            out.append(
                f"{hid}/{role}: {n} volunteers for "
                f"{problem.hearings[hidx[hid]].seat(role).count} seats"
            )
    for (vid, hid), n in per_vh.items():
        if n > 1:
            out.append(f"{vid} holds {n} seats in {hid}")
    for vid, hs in by_vol.items():
        hs = sorted(set(hs), key=lambda h: h.start)
        for i in range(len(hs)):
            for j in range(i + 1, len(hs)):
                a, b = hs[i], hs[j]
                if not (
                    a.end.timestamp() + buf <= b.start.timestamp()
                    or b.end.timestamp() + buf <= a.start.timestamp()
                ):
                    out.append(f"{vid} is double-booked on {a.id} and {b.id}")
        v = problem.volunteers[vidx[vid]]
        cap = problem.cap(v)
        n = sum(per_vh[(vid, h.id)] for h in hs)
        # A volunteer without seats never breaks the cap, even if prior load already exceeds it.
        if cap is not None and n > 0 and v.prior_assignments + n > cap:
            out.append(f"{vid}: {v.prior_assignments} prior + {n} seats exceeds cap {cap}")
    return out[:limit]


def check_solution(problem: Problem, solution: Solution | list[Assignment]) -> Check:
    """Recompute validity of every hard constraint and the exact objective of a solution."""
    assignments = solution.assignments if isinstance(solution, Solution) else list(solution)
    bad = violations(problem, assignments)
    known = [
        a
        for a in assignments
        if a.volunteer in problem.volunteer_index and a.hearing in problem.hearing_index
    ]
    terms = objective_terms(problem, known)
    return Check(
        not bad,
        bad,
        terms["travel"]
        + terms["load"]
        + terms["unfilled"]
        + terms["changed"]
        + terms["continuity"],
        terms,
    )


def known_assignments(problem: Problem, solution: Solution | list[Assignment]) -> list[Assignment]:
    """The assignments of a solution, after checking that every id and role exists."""
    assignments = solution.assignments if isinstance(solution, Solution) else list(solution)
    for i, a in enumerate(assignments):
        if a.hearing not in problem.hearing_index:
            raise ProblemError(f"assignments[{i}].hearing", f"unknown hearing {a.hearing!r}")
        if a.volunteer not in problem.volunteer_index:
            raise ProblemError(f"assignments[{i}].volunteer", f"unknown volunteer {a.volunteer!r}")
        if problem.hearings[problem.hearing_index[a.hearing]].seat(a.role) is None:
            raise ProblemError(
                f"assignments[{i}].role", f"hearing {a.hearing!r} has no role {a.role!r}"
            )
    return assignments
