"""An exact reference optimum with OR-Tools CP-SAT, built from FORMAT.md and the test checker.

It shares nothing with `scheduling/`: eligibility comes from the independent checker.
"""

from __future__ import annotations

from datetime import datetime

from independent_checker import W_DEFAULT, km, may_hold
from ortools.sat.python import cp_model

SCALE = 1_000_000


def cpsat_optimum(problem: dict) -> float:
    """The optimal objective (to about 1e-5) of a small problem."""
    settings = problem.get("settings") or {}
    w = {**W_DEFAULT, **(settings.get("weights") or {})}
    buf = (settings.get("travel_buffer_minutes") or 0) * 60
    vols = {v["id"]: v for v in problem["volunteers"]}
    m = cp_model.CpModel()
    x = {}  # (v, h, role) -> var
    terms = []
    const = 0.0
    for h in problem["hearings"]:
        for s in h["seats"]:
            xs = []
            for v in problem["volunteers"]:
                if may_hold(problem, v, h, s):
                    var = m.new_bool_var("")
                    x[(v["id"], h["id"], s["role"])] = var
                    xs.append(var)
                    terms.append(
                        (var, w["travel_km"] * km(v["home"], h["venue"]) - w["unfilled_seat"])
                    )
            const += w["unfilled_seat"] * s["count"]
            m.add(sum(xs) <= s["count"])
        for c in h.get("current") or []:
            const += w["changed_assignment"]
            var = x.get((c["volunteer"], h["id"], c["role"]))
            if var is not None:
                terms.append((var, -w["changed_assignment"]))
        for vid in set(h.get("preferred") or []):
            const += w["continuity"]
            for s in h["seats"]:
                var = x.get((vid, h["id"], s["role"]))
                if var is not None:
                    terms.append((var, -w["continuity"]))
    hearings = problem["hearings"]
    t = {
        h["id"]: (
            datetime.fromisoformat(h["start"]).timestamp(),
            datetime.fromisoformat(h["end"]).timestamp(),
        )
        for h in hearings
    }
    for vid, v in vols.items():
        per_h = {
            h["id"]: [var for (a, b, _), var in x.items() if a == vid and b == h["id"]]
            for h in hearings
        }
        for xs in per_h.values():
            if len(xs) > 1:
                m.add(sum(xs) <= 1)
        ids = [hid for hid, xs in per_h.items() if xs]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                (as_, ae), (bs, be) = t[a], t[b]
                if not (ae + buf <= bs or be + buf <= as_):
                    m.add(sum(per_h[a]) + sum(per_h[b]) <= 1)
        mine = [var for xs in per_h.values() for var in xs]
        if not mine:
            continue
        p = v.get("prior_assignments") or 0
        cap = v.get("max_assignments")
        if cap is None:
            cap = settings.get("default_max_assignments")
        top = len(mine) if cap is None else max(0, min(len(mine), cap - p))
        load = m.new_int_var(0, top, "")
        m.add(load == sum(mine))
        cost = m.new_int_var(0, 10**15, "")
        m.add_element(
            load, [round(w["load"] * ((p + k) ** 2 - p * p) * SCALE) for k in range(top + 1)], cost
        )
        terms.append((cost, 1.0 / SCALE))
    m.minimize(sum(round(c * SCALE) * var if var is not None else 0 for var, c in terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(m) == cp_model.OPTIMAL
    return solver.objective_value / SCALE + const
