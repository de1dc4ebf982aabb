"""Hypothesis: on tiny random problems every solution is valid and the bound is truly a bound."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from independent_checker import brute_force_optimum, check
from sched_strategies import tiny_problems

from scheduling import candidates, explain, load_problem, solve

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(tiny_problems())
def test_solutions_are_valid_and_bounds_hold(data):
    problem = load_problem(data)
    sol = solve(problem, time_limit=5)
    assignments = [a.to_dict() for a in sol.assignments]
    bad, obj = check(data, assignments)
    assert bad == [], bad
    assert math.isclose(sol.objective, obj, rel_tol=1e-9, abs_tol=1e-9)
    opt = brute_force_optimum(data)
    assume(opt is not None)
    # the bound never exceeds the true optimum, and no solution beats the optimum
    assert sol.lower_bound <= opt + 1e-6 * max(1.0, abs(opt))
    assert sol.objective >= opt - 1e-6 * max(1.0, abs(opt))
    if sol.status == "optimal":
        assert math.isclose(sol.objective, opt, rel_tol=1e-6, abs_tol=1e-6)
    # tiny problems are always closed by the LP or the exact MIP
    assert sol.status == "optimal"


@settings(max_examples=40, deadline=None)
@given(tiny_problems(), st.integers(0, 3))
def test_candidate_deltas_are_exact(data, pick):
    problem = load_problem(data)
    sol = solve(problem)
    h = problem.hearings[pick % len(problem.hearings)]
    base = check(data, [a.to_dict() for a in sol.assignments])[1]
    for seat in h.seats:
        for c in candidates(problem, sol, h.id, seat.role, k=10):
            moved = [
                a.to_dict()
                for a in sol.assignments
                if not (a.hearing == h.id and a.role == seat.role and a.volunteer == c.replaces)
            ]
            moved.append({"hearing": h.id, "volunteer": c.volunteer, "role": seat.role})
            bad, obj = check(data, moved)
            assert bad == []
            assert math.isclose(obj - base, c.delta, abs_tol=1e-6)
            # the solution is optimal, so no single valid move improves it
            assert c.delta >= -1e-6


@settings(max_examples=30, deadline=None)
@given(tiny_problems())
def test_explain_accounts_for_every_empty_seat(data):
    problem = load_problem(data)
    sol = solve(problem)
    ex = explain(problem, sol)
    assert len(ex.assignments) == len(sol.assignments)
    assert (
        sum(e.empty for e in ex.empty_seats) * problem.settings.weights.unfilled_seat
        == ex.terms["unfilled"]
    )
    for e in ex.empty_seats:
        counts = [c for _, c in e.filters]
        assert counts == sorted(counts, reverse=True)  # filters only ever narrow


@settings(max_examples=40, deadline=None)
@given(tiny_problems())
def test_exact_mip_reaches_the_brute_force_optimum(data):
    # The LP is integral on these problems, so solve() rarely needs the MIP; test it directly.
    import numpy as np

    from scheduling.compiled import Compiled
    from scheduling.greedy import greedy, solution_cost
    from scheduling.solver import _mip

    m = Compiled(load_problem(data))
    if m.n_cols == 0:
        return
    start = greedy(m)
    cols, bound, done = _mip(m, np.arange(m.n_cols), start, 5.0, 0)
    opt = brute_force_optimum(data)
    assume(opt is not None)
    assert done
    assert math.isclose(solution_cost(m, cols), opt, rel_tol=1e-6, abs_tol=1e-6)
    assert bound <= opt + 1e-6 * max(1.0, abs(opt))
    assert check(data, [a.to_dict() for a in m.to_assignments(cols)])[0] == []


@settings(max_examples=40, deadline=None)
@given(tiny_problems())
def test_reduced_cost_fixing_path_stays_exact(data):
    # Force the path taken when rounding leaves a gap: a poor incumbent, then reduced-cost
    # fixing and the exact MIP; the result must still be the brute-force optimum.
    import scheduling.solver as solver_mod

    original = solver_mod._round, solver_mod.greedy, solver_mod.by_seat
    solver_mod._round = lambda m, x, seed: []
    solver_mod.greedy = lambda m, order=None, packing=None: []
    solver_mod.by_seat = lambda m: []
    try:
        sol = solve(load_problem(data), time_limit=5)
    finally:
        solver_mod._round, solver_mod.greedy, solver_mod.by_seat = original
    opt = brute_force_optimum(data)
    assume(opt is not None)
    if opt < check(data, [])[1] - 1e-6:  # the empty incumbent is not optimal: the MIP ran
        assert "mip_columns" in sol.stats and sol.stats["mip_finished"]
    assert check(data, [a.to_dict() for a in sol.assignments])[0] == []
    assert sol.lower_bound <= opt + 1e-6 * max(1.0, abs(opt))
    if sol.status == "optimal":
        assert math.isclose(sol.objective, opt, rel_tol=1e-6, abs_tol=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(max_volunteers=9, max_hearings=7))
def test_optimum_matches_an_independent_cpsat_model(data):
    from cpsat_reference import cpsat_optimum

    sol = solve(load_problem(data), time_limit=10)
    assert check(data, [a.to_dict() for a in sol.assignments])[0] == []
    ref = cpsat_optimum(data)
    assert sol.status == "optimal"
    assert math.isclose(sol.objective, ref, rel_tol=1e-7, abs_tol=1e-4)
    assert sol.lower_bound <= ref + 1e-4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tiny_problems(),
    st.integers(0, 50),
    st.sampled_from(["decline", "cancel", "move", "recusal", "unavailable"]),
)
def test_repair_is_valid_and_optimal_for_the_changed_problem(data, pick, kind):
    from datetime import timedelta

    from scheduling import (
        CancelHearing,
        Decline,
        MoveHearing,
        Recusal,
        Unavailable,
        problem_to_dict,
        repair,
        repair_problem,
    )

    problem = load_problem(data)
    sol = solve(problem)
    if kind == "decline":
        if not sol.assignments:
            return
        a = sol.assignments[pick % len(sol.assignments)]
        change = Decline(a.hearing, a.volunteer)
    elif kind in ("recusal", "unavailable"):
        if not sol.assignments:
            return
        a = sol.assignments[pick % len(sol.assignments)]
        h = problem.hearings[problem.hearing_index[a.hearing]]
        change = (
            Recusal(a.volunteer, h.parties[0])
            if kind == "recusal"
            else Unavailable(a.volunteer, h.start, h.end)
        )
    elif kind == "cancel":
        change = CancelHearing(problem.hearings[pick % len(problem.hearings)].id)
    else:
        h = problem.hearings[pick % len(problem.hearings)]
        shift = timedelta(hours=(pick % 5) - 2)
        change = MoveHearing(h.id, h.start + shift, h.end + shift)
    rep = repair(problem, sol, change)
    new = problem_to_dict(repair_problem(problem, sol, change))
    bad, obj = check(new, [a.to_dict() for a in rep.assignments])
    assert bad == []
    assert math.isclose(rep.objective, obj, rel_tol=1e-9, abs_tol=1e-9)
    opt = brute_force_optimum(new)
    assume(opt is not None)
    assert rep.status == "optimal" and math.isclose(rep.objective, opt, rel_tol=1e-6, abs_tol=1e-6)
