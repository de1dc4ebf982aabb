"""A generated city-scale problem: valid, proven optimal, deterministic, repaired minimally."""

from __future__ import annotations

import json
import time

import pytest
from independent_checker import check

from scheduling import (
    CancelHearing,
    Decline,
    MoveHearing,
    Recusal,
    Unavailable,
    change_from_dict,
    check_solution,
    load_problem,
    problem_to_dict,
    repair,
    repair_problem,
    solution_to_dict,
    solve,
)
from scheduling.generate import generate


@pytest.fixture(scope="module")
def city():
    data = generate("city", 0)
    problem = load_problem(data)
    return data, problem, solve(problem, time_limit=20)


def test_generator_is_seeded_and_valid():
    a, b, c = generate("city", 3), generate("city", 3), generate("city", 4)
    assert a == b and a != c
    p = load_problem(json.loads(json.dumps(a)))
    assert len(p.hearings) == 160 and len(p.volunteers) == 400
    # the horizon crosses the end of daylight saving time (Nov 1, 2026)
    offsets = {h["start"][-6:] for h in a["hearings"]}
    assert offsets == {"-07:00", "-08:00"}
    kinds = {h["id"].split("-")[0] for h in a["hearings"]}
    assert kinds == {"njp", "med", "psm"}
    assert any(s.get("language") == "es" for h in a["hearings"] for s in h["seats"])
    assert any(h.get("current") for h in a["hearings"])


def test_city_solution_is_valid_and_optimal(city):
    data, problem, sol = city
    bad, obj = check(data, [a.to_dict() for a in sol.assignments])
    assert bad == []
    assert sol.objective == pytest.approx(obj, rel=1e-9)
    assert sol.status == "optimal"
    assert (sol.objective - sol.lower_bound) <= 1e-3 * sol.objective


def test_solve_is_deterministic(city):
    data, problem, sol = city
    again = solve(load_problem(json.loads(json.dumps(data))), time_limit=20)
    assert again.assignments == sol.assignments
    assert again.objective == sol.objective
    s1, s2 = solution_to_dict(sol), solution_to_dict(again)
    s1.pop("stats"), s2.pop("stats")
    assert s1 == s2


def test_repair_after_decline_moves_only_the_declined_seat(city):
    data, problem, sol = city
    a = next(x for x in sol.assignments if x.role == "panelist")
    t = time.perf_counter()
    rep = repair(problem, sol, Decline(a.hearing, a.volunteer))
    elapsed = time.perf_counter() - t
    before, after = set(sol.assignments), set(rep.assignments)
    assert before - after == {a}
    assert len(after - before) == 1
    new = next(iter(after - before))
    assert (new.hearing, new.role) == (a.hearing, a.role) and new.volunteer != a.volunteer
    newp = repair_problem(problem, sol, Decline(a.hearing, a.volunteer))
    assert check_solution(newp, rep).valid
    bad, _ = check(problem_to_dict(newp), [x.to_dict() for x in rep.assignments])
    assert bad == []
    assert rep.status == "optimal"
    assert elapsed < 2.0  # the benchmark holds the 100 ms target; CI machines vary


def test_repair_after_cancel_keeps_everyone_else(city):
    data, problem, sol = city
    hid = sol.assignments[0].hearing
    rep = repair(problem, sol, CancelHearing(hid))
    kept = {a for a in sol.assignments if a.hearing != hid}
    assert kept <= set(rep.assignments)
    assert all(a.hearing != hid for a in rep.assignments)
    assert check_solution(repair_problem(problem, sol, CancelHearing(hid)), rep).valid


def test_repair_after_move_is_valid_and_keeps_what_it_can(city):
    data, problem, sol = city
    h = problem.hearings[problem.hearing_index[sol.assignments[0].hearing]]
    from datetime import timedelta

    change = MoveHearing(h.id, h.start + timedelta(days=1), h.end + timedelta(days=1))
    newp = repair_problem(problem, sol, change)
    rep = repair(problem, sol, change)
    assert check_solution(newp, rep).valid
    others = {a for a in sol.assignments if a.hearing != h.id}
    # people on other hearings only move if that fills a seat of the moved one or frees them
    moved = others - set(rep.assignments)
    assert len(moved) <= sum(s.count for s in h.seats)


def test_repair_after_recusal_and_unavailability(city):
    data, problem, sol = city
    a = sol.assignments[3]
    h = problem.hearings[problem.hearing_index[a.hearing]]
    for change in (Recusal(a.volunteer, h.parties[0]), Unavailable(a.volunteer, h.start, h.end)):
        rep = repair(problem, sol, change)
        assert a not in rep.assignments
        assert check_solution(repair_problem(problem, sol, change), rep).valid
        assert change_from_dict(json.loads(json.dumps(change.to_dict()))) == change


def test_patched_columns_equal_fresh_eligibility(city):
    # repair patches the previous solve's columns; they must be exactly what a fresh
    # eligibility computation of the changed problem gives
    from datetime import timedelta

    import numpy as np

    from scheduling.compiled import Compiled
    from scheduling.eligibility import eligible
    from scheduling.moves import _patched_candidates

    data, problem, sol = city
    a = sol.assignments[7]
    h = problem.hearings[problem.hearing_index[a.hearing]]
    parent = Compiled(problem)
    for change in (
        Decline(a.hearing, a.volunteer),
        Recusal(a.volunteer, h.parties[0]),
        Unavailable(a.volunteer, h.start - timedelta(hours=1), h.end),
        MoveHearing(h.id, h.start + timedelta(days=2), h.end + timedelta(days=2)),
        MoveHearing(h.id, h.start + timedelta(hours=26), h.end + timedelta(hours=26, minutes=30)),
    ):
        new = repair_problem(problem, sol, change)
        got, want = _patched_candidates(parent, new, change), Compiled(new).cands
        # the compiled problem computes columns only for volunteers with capacity left
        full = ~Compiled(new).may_sit
        assert not full[want.v].any()
        everyone = eligible(new)
        assert want.v.tolist() == everyone.v[~full[everyone.v]].tolist()

        # same columns in the same order as a fresh computation
        assert got.v.tolist() == want.v.tolist() and got.s.tolist() == want.s.tolist(), change
        assert np.allclose(got.dist, want.dist, rtol=0, atol=1e-9)
        assert got.local == want.local


def test_tight_time_limit_still_gives_a_valid_solution_and_bound(city):
    data, problem, sol = city
    quick = solve(problem, time_limit=0.001)
    assert check_solution(problem, quick).valid
    assert quick.lower_bound <= sol.objective + 1e-6  # still a valid bound
    assert quick.objective >= sol.objective - 1e-6
