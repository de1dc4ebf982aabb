"""JSON forms of problems and solutions (`convene-match/1`, `convene-match-solution/1`)."""

from __future__ import annotations

from datetime import datetime

from .model import DEFAULT_WEIGHTS, FORMAT, SOLUTION_FORMAT, Assignment, Problem, Solution
from .validate import _list, _num, _obj, _str


def _iso(t: datetime) -> str:
    return t.isoformat()


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def problem_to_dict(problem: Problem) -> dict:
    """The `convene-match/1` JSON form of a problem (round-trips through load_problem)."""
    s = problem.settings
    return {
        "format": FORMAT,
        "timezone": problem.timezone,
        "settings": {
            "travel_buffer_minutes": s.travel_buffer_minutes,
            "max_travel_km": s.max_travel_km,
            "default_max_assignments": s.default_max_assignments,
            "weights": {k: getattr(s.weights, k) for k in DEFAULT_WEIGHTS},
        },
        "volunteers": [
            {
                "id": v.id,
                "home": {"lat": v.lat, "lon": v.lon},
                "languages": list(v.languages),
                "certifications": [
                    {"name": n, "expires": None if e is None else e.isoformat()}
                    for n, e in v.certifications
                ],
                "availability": [
                    {"day": w.day, "start": _hhmm(w.start), "end": _hhmm(w.end)}
                    for w in v.availability
                ],
                "blackouts": [
                    {"start": _iso(b.start), "end": _iso(b.end)}
                    | ({"busy": True} if b.busy else {})
                    for b in v.blackouts
                ],
                "max_assignments": v.max_assignments,
                "max_travel_km": v.max_travel_km,
                "prior_assignments": v.prior_assignments,
                "conflicts": list(v.conflicts),
            }
            for v in problem.volunteers
        ],
        "hearings": [
            {
                "id": h.id,
                "start": _iso(h.start),
                "end": _iso(h.end),
                "venue": {"lat": h.lat, "lon": h.lon},
                "seats": [
                    {
                        "role": st.role,
                        "count": st.count,
                        "requires": list(st.requires),
                        "language": st.language,
                    }
                    for st in h.seats
                ],
                "parties": list(h.parties),
                "excluded": list(h.excluded),
                "current": [{"volunteer": v, "role": r} for v, r in h.current],
                "preferred": list(h.preferred),
            }
            | ({"online": True} if h.online else {})
            for h in problem.hearings
        ],
    }


def solution_to_dict(solution: Solution) -> dict:
    """The `convene-match-solution/1` JSON form of a solution."""
    return {
        "format": SOLUTION_FORMAT,
        "assignments": [a.to_dict() for a in solution.assignments],
        "objective": solution.objective,
        "lower_bound": solution.lower_bound,
        "status": solution.status,
        "stats": solution.stats,
    }


def solution_from_dict(data: dict) -> Solution:
    """Parse a `convene-match-solution/1` object; raises ProblemError naming the path."""
    _obj(data, "$")
    out = []
    for i, a in enumerate(_list(data.get("assignments"), "assignments")):
        p = f"assignments[{i}]"
        _obj(a, p)
        out.append(
            Assignment(
                _str(a.get("hearing"), f"{p}.hearing"),
                _str(a.get("volunteer"), f"{p}.volunteer"),
                _str(a.get("role"), f"{p}.role"),
            )
        )
    obj = data.get("objective")
    lb = data.get("lower_bound")
    return Solution(
        assignments=out,
        objective=_num(obj, "objective") if obj is not None else float("nan"),
        lower_bound=_num(lb, "lower_bound", optional=True),
        status=str(data.get("status", "feasible")),
        stats=data.get("stats") if isinstance(data.get("stats"), dict) else {},
    )
