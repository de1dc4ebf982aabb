"""The FORMAT.md example: proven optimum, candidates and explanations with exact values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from independent_checker import check, km

from scheduling import (
    Assignment,
    Solution,
    candidates,
    check_solution,
    explain,
    load_problem,
    solution_from_dict,
    solution_to_dict,
    solve,
)

OPT = 2040.1394396204892
DATA = Path(__file__).parent / "data"


def test_example_is_solved_to_the_proven_optimum(example_dict, example_problem):
    sol = solve(example_problem)
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(OPT, rel=1e-9)
    assert sol.lower_bound == pytest.approx(OPT, rel=1e-6)
    bad, obj = check(example_dict, [a.to_dict() for a in sol.assignments])
    assert bad == []
    assert obj == pytest.approx(OPT, rel=1e-9)
    # two seats stay empty: the Dec 10 mediation and the Dec 12 panel
    assert len(sol.assignments) == 6


def test_reference_solution_checks_out(example_dict, example_problem):
    ref = json.loads((DATA / "example-small.solution.json").read_text())
    c = check_solution(example_problem, solution_from_dict(ref))
    assert c.valid
    assert c.objective == pytest.approx(OPT, rel=1e-12)
    assert c.terms["unfilled"] == 2000.0
    assert c.terms["load"] == 28.0


def test_solution_json_round_trip(example_problem):
    sol = solve(example_problem)
    d = solution_to_dict(sol)
    assert d["format"] == "convene-match-solution/1"
    again = solution_from_dict(json.loads(json.dumps(d)))
    assert again.assignments == sol.assignments
    assert again.objective == sol.objective


def test_checker_flags_invalid_solution(example_problem, example_dict):
    bad = [
        Assignment("mediation-boyle-dec10", "dev", "mediator"),  # blackout that day
        Assignment("njp-hollywood-dec8", "carmen", "panelist"),
    ]  # conflict p-lopez
    c = check_solution(example_problem, bad)
    assert not c.valid and len(c.violations) == 2
    assert len(check(example_dict, [a.to_dict() for a in bad])[0]) == 2


def test_candidates_for_a_full_panel_seat(example_problem, example_dict):
    sol = solve(example_problem)
    got = candidates(example_problem, sol, "njp-hollywood-dec8", "panelist")
    # ben is the only other eligible panelist on Dec 8 (carmen has a conflict, ana sits there);
    # replacing dev (no continuity, load 1) is cheaper than replacing eli (preferred, load 2).
    assert [c.volunteer for c in got] == ["ben"]
    assert got[0].replaces == "dev"
    ben = next(v for v in example_dict["volunteers"] if v["id"] == "ben")
    dev = next(v for v in example_dict["volunteers"] if v["id"] == "dev")
    venue = example_dict["hearings"][0]["venue"]
    expected = (km(ben["home"], venue) + 2.0 * 1) - (km(dev["home"], venue) + 2.0 * 1)
    assert got[0].delta == pytest.approx(expected, abs=1e-9)
    # the delta is exactly the change of the objective
    moved = [
        a
        for a in sol.assignments
        if not (a.volunteer == "dev" and a.hearing == "njp-hollywood-dec8")
    ]
    moved.append(Assignment("njp-hollywood-dec8", "ben", "panelist"))
    assert check_solution(example_problem, moved).objective - sol.objective == pytest.approx(
        got[0].delta
    )


def test_candidates_for_empty_seats_without_anyone(example_problem):
    sol = solve(example_problem)
    assert candidates(example_problem, sol, "mediation-boyle-dec10", "mediator") == []
    assert candidates(example_problem, sol, "njp-hollywood-dec12", "panelist") == []


def test_candidates_fill_an_empty_seat(example_problem):
    empty = Solution([], 0.0)
    got = candidates(example_problem, empty, "mediation-boyle-dec10", "mediator", k=5)
    assert [c.volunteer for c in got] == ["carmen"]
    # carmen: travel 0.46 km, load (2+1)^2 - 2^2 = 5 -> 10, fills a 1000 seat
    assert got[0].replaces is None
    assert got[0].delta == pytest.approx(got[0].travel_km + 10.0 - 1000.0)


def test_explain_assignments_and_empty_seats(example_problem):
    sol = solve(example_problem)
    ex = explain(example_problem, sol)
    by = {(a.hearing, a.volunteer): a for a in ex.assignments}
    eli = by[("njp-hollywood-dec8", "eli")]
    assert eli.continuity is True and eli.changed is False  # no published panel on Dec 8
    assert eli.load_cost == pytest.approx(2.0 * (2**2 - 1**2))
    ana12 = by[("njp-hollywood-dec12", "ana")]
    assert ana12.changed is False  # the published facilitator is kept
    assert sum(a.travel_cost for a in ex.assignments) == pytest.approx(12.13943962048904)
    empties = {(e.hearing, e.role): e for e in ex.empty_seats}
    assert set(empties) == {
        ("mediation-boyle-dec10", "mediator"),
        ("njp-hollywood-dec12", "panelist"),
    }
    med = empties[("mediation-boyle-dec10", "mediator")]
    assert med.empty == 1
    assert med.filters == [
        ("certified", 2),
        ("available that evening", 2),
        ("free of blackouts", 1),
        ("within reach", 1),
        ("without conflict or exclusion", 1),
        ("free of other hearings", 0),
        ("under their cap", 0),
    ]
    assert med.sentence.startswith("2 certified, 2 available that evening, 1 free of blackouts")
    pan = empties[("njp-hollywood-dec12", "panelist")]
    assert pan.filters[:3] == [
        ("certified", 4),
        ("available that day", 2),
        ("free of blackouts", 2),
    ]
    assert pan.filters[-2:] == [("free of other hearings", 0), ("under their cap", 0)]
    d = ex.to_dict()
    assert d["empty_seats"][0]["filters"][0] == {"filter": "certified", "count": 2}
    assert json.dumps(d)


def test_problem_round_trip(example_dict):
    from scheduling import problem_to_dict

    p = load_problem(example_dict)
    assert load_problem(json.loads(json.dumps(problem_to_dict(p)))) == p


def test_understaffed_and_empty_problems_are_priced_not_errors(example_dict):
    import copy

    d = copy.deepcopy(example_dict)
    d["volunteers"] = []
    for h in d["hearings"]:
        h.pop("current", None)
        h.pop("preferred", None)
    sol = solve(load_problem(d))
    assert sol.assignments == [] and sol.status == "optimal"
    assert sol.objective == sol.lower_bound == 1000.0 * 8  # eight seats, all empty
    d["hearings"] = []
    sol = solve(load_problem(d))
    assert sol.objective == 0.0 and sol.status == "optimal"


def test_prior_load_over_the_cap_means_no_new_seats(example_dict):
    import copy

    d = copy.deepcopy(example_dict)
    for v in d["volunteers"]:
        v["prior_assignments"] = 9  # everyone is already over the default cap of 4
    p = load_problem(d)
    sol = solve(p)
    assert sol.assignments == []
    assert check_solution(p, sol).valid  # holding nothing never breaks a cap
    assert check(d, [])[0] == []
