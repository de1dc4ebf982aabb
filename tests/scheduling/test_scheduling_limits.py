"""Time limits without a cliff: a cut-short LP is rounded and completed, its bound stays valid.

The LP is cut short by a number of rounds (`max_rounds`) rather than by seconds, so what is
tested does not depend on the machine's speed.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from independent_checker import brute_force_optimum, check
from sched_strategies import tiny_problems

import scheduling.solver as solver_mod
from scheduling import load_problem, solve
from scheduling.compiled import Compiled
from scheduling.generate import generate
from scheduling.greedy import cheapest_per_seat
from scheduling.lp import MasterLP, column_generation
from scheduling.solver import seat_bound


def _cut_short(monkeypatch, rounds: int) -> None:
    """Make solve() stop column generation after `rounds` rounds, as a time limit would."""
    cut = functools.partial(column_generation, max_rounds=rounds)
    monkeypatch.setattr(solver_mod, "column_generation", cut)


@pytest.fixture(scope="module")
def region():
    data = generate("region", 0)
    problem = load_problem(data)
    return data, problem, solve(problem, time_limit=60)


@pytest.mark.parametrize("rounds", [1, 2])
def test_a_cut_short_lp_gives_a_rounded_solution_better_than_greedy(monkeypatch, region, rounds):
    data, problem, full = region
    assert full.status == "optimal"
    _cut_short(monkeypatch, rounds)
    sol = solve(problem, time_limit=60)
    st = sol.stats
    assert not st["lp_converged"] and st["stopped_by_time_limit"]
    assert check(data, [a.to_dict() for a in sol.assignments])[0] == []
    # the answer is the rounded master LP with its completion (and a pass of local search),
    # not the greedy start
    assert sol.objective <= st["rounded_objective"] + 1e-3
    assert sol.objective == pytest.approx(st["reseat_objective"], abs=1e-3)
    assert sol.objective < st["greedy_objective"] - 1.0
    # a proven bound, not a worthless one: at least the seat-wise bound, at most the optimum
    assert seat_bound(Compiled(problem)) <= sol.lower_bound <= full.objective + 1e-6
    assert sol.status == "feasible"
    gap = 100 * (sol.objective - sol.lower_bound) / sol.objective
    assert st["gap_percent"] == pytest.approx(gap, abs=1e-3)


def test_two_rounds_are_within_one_percent_on_the_region_problem(monkeypatch, region):
    # The first LP rounds carry most of the value: this is what a tight limit keeps.
    data, problem, full = region
    _cut_short(monkeypatch, 2)
    sol = solve(problem, time_limit=60)
    assert sol.objective <= full.objective * 1.01


def test_the_seat_bound_is_a_bound_before_any_lp(region):
    data, problem, full = region
    m = Compiled(problem)
    b = seat_bound(m)
    assert b <= full.objective
    # and not a worthless one (the first restricted master's Lagrangian bound is far below 0)
    assert b > 0.5 * full.objective


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(max_volunteers=6, max_hearings=4))
def test_a_cut_short_solve_has_a_valid_bound_and_solution(data):
    opt = brute_force_optimum(data)
    assume(opt is not None)
    problem = load_problem(data)
    original = solver_mod.column_generation
    solver_mod.column_generation = functools.partial(column_generation, max_rounds=1)
    try:
        sol = solve(problem, time_limit=5)
    finally:
        solver_mod.column_generation = original
    bad, obj = check(data, [a.to_dict() for a in sol.assignments])
    assert bad == []
    assert math.isclose(sol.objective, obj, rel_tol=1e-9, abs_tol=1e-9)
    tol = 1e-6 * max(1.0, abs(opt))
    assert sol.lower_bound <= opt + tol
    assert seat_bound(Compiled(problem)) <= opt + tol
    assert sol.objective >= opt - tol


def test_each_highs_round_gets_its_own_time(region):
    # HiGHS counts its time_limit over all runs of one instance; a round must be given the time
    # it has used so far plus what is left, or later rounds stop at once (issue 21's cliff).
    data, problem, _ = region
    m = Compiled(problem)
    lp = MasterLP(m)
    lp.add(cheapest_per_seat(m, 2))
    for _ in range(4):  # four cold solves: the instance has used four times one cold solve
        lp.h.clearSolver()
        assert lp.solve(60.0)
    one_cold_solve = lp.h.getRunTime() / 4
    rc, _ = lp.price()
    lp.add(np.flatnonzero((rc < -1e-7) & ~lp.in_lp)[:200])
    # a warm round needs far less than a cold solve, but less than the time already used
    assert lp.solve(2 * one_cold_solve)


def test_the_dense_generator_is_seeded_and_denser():
    dense, plain = generate("state-dense", 1), generate("state", 1)
    assert len(dense["hearings"]) == 2000 and len(dense["volunteers"]) == 10000
    assert dense["settings"]["max_travel_km"] > plain["settings"]["max_travel_km"]

    def certified(p, name):
        return sum(any(c["name"] == name for c in v["certifications"]) for v in p["volunteers"])

    for name in ("njp_panelist", "mediator"):
        assert certified(dense, name) > 1.2 * certified(plain, name)
    assert generate("state-dense", 1)["volunteers"][:50] == dense["volunteers"][:50]


def test_seat_by_seat_start_is_valid_and_spreads_the_load(region):
    from scheduling.greedy import by_seat, greedy, solution_cost

    data, problem, full = region
    m = Compiled(problem)
    cols = by_seat(m)
    assert check(data, [a.to_dict() for a in m.to_assignments(cols)])[0] == []
    assert full.objective <= solution_cost(m, cols) < solution_cost(m, greedy(m))


def test_local_search_never_raises_the_cost_and_stays_valid(region):
    from scheduling.greedy import greedy, reseat, solution_cost

    data, problem, full = region
    m = Compiled(problem)
    start = greedy(m)
    after = reseat(m, start, passes=2)
    assert check(data, [a.to_dict() for a in m.to_assignments(after)])[0] == []
    assert full.objective <= solution_cost(m, after) < solution_cost(m, start)
    # from the optimum there is nothing to gain
    opt_cols = m.columns_of(full.assignments)
    assert solution_cost(m, reseat(m, opt_cols)) == pytest.approx(full.objective, rel=1e-9)


def test_the_k_smallest_are_those_of_a_stable_sort():
    from scheduling.compiled import _k_smallest

    rng = np.random.default_rng(0)
    for n in (1, 5, 40, 41, 300):
        for _ in range(50):
            x = rng.integers(0, 12, n).astype(float)  # many ties
            for k in (1, 4, 40):
                assert np.array_equal(_k_smallest(x, k), np.argsort(x, kind="stable")[:k])


def test_the_cli_says_when_the_limit_stopped_it_and_the_gap(monkeypatch, region, tmp_path, capsys):
    import json

    from scheduling.__main__ import main

    data, _, _ = region
    path = tmp_path / "region.json"
    path.write_text(json.dumps(data))
    _cut_short(monkeypatch, 1)
    assert main(["solve", str(path), "--quiet"]) == 0
    out, err = capsys.readouterr()
    sol = json.loads(out)
    assert sol["status"] == "feasible" and sol["stats"]["stopped_by_time_limit"]
    assert f"time-limited (gap {sol['stats']['gap_percent']:.3f} % to the bound)" in err
