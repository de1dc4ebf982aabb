"""An online hearing (`"online": true`) ignores travel: volunteers from across the county are
eligible whatever their reach, the travel term adds nothing, and both checkers agree."""

from __future__ import annotations

import json

import pytest
from independent_checker import check, km

from scheduling import (
    Assignment,
    ProblemError,
    candidates,
    check_solution,
    explain,
    load_problem,
    problem_to_dict,
    solve,
)

# Los Angeles County is about 120 km end to end: Lancaster to Long Beach, Pomona to Malibu.
HOMES = {
    "lancaster": (34.6868, -118.1542),
    "long-beach": (33.7701, -118.1937),
    "pomona": (34.0551, -117.7500),
    "malibu": (34.0259, -118.7798),
}
HOLLYWOOD = {"lat": 34.1016, "lon": -118.3295}


def _problem(online: bool, *, venue: bool = True) -> dict:
    hearing = {
        "id": "h-1",
        "start": "2026-12-08T18:30:00-08:00",
        "end": "2026-12-08T20:00:00-08:00",
        "seats": [{"role": "panelist", "count": 3, "requires": ["panelist"]}],
    }
    if venue:
        hearing["venue"] = HOLLYWOOD
    if online:
        hearing["online"] = True
    return {
        "format": "convene-match/1",
        "timezone": "America/Los_Angeles",
        "settings": {"max_travel_km": 40.0, "travel_buffer_minutes": 30},
        "volunteers": [
            {
                "id": name,
                "home": {"lat": lat, "lon": lon},
                "certifications": [{"name": "panelist", "expires": None}],
                "availability": [{"day": "tue", "start": "17:00", "end": "21:00"}],
                "max_travel_km": 15.0,
            }
            for name, (lat, lon) in HOMES.items()
        ],
        "hearings": [hearing],
    }


def test_volunteers_across_the_county_are_too_far_in_person():
    data = _problem(online=False)
    # every home is beyond its 15 km reach of Hollywood (and the 40 km default too, mostly)
    assert all(km(v["home"], HOLLYWOOD) > 15 for v in data["volunteers"])
    solution = solve(load_problem(data))
    assert solution.assignments == []
    (empty,) = explain(load_problem(data), solution).empty_seats
    assert ("within reach", 0) in empty.filters


@pytest.mark.parametrize("venue", [True, False])
def test_online_hearing_seats_them_at_no_travel_cost(venue):
    data = _problem(online=True, venue=venue)
    problem = load_problem(data)
    solution = solve(problem)
    assert len(solution.assignments) == 3
    result = check_solution(problem, solution)
    assert result.valid, result.violations
    assert result.terms["travel"] == 0.0
    # the checker written from FORMAT.md alone agrees on validity and on the objective
    if venue:
        bad, objective = check(data, [a.to_dict() for a in solution.assignments])
        assert bad == []
        assert objective == pytest.approx(result.objective, rel=1e-9)
    why = explain(problem, solution)
    assert {a.travel_km for a in why.assignments} == {0.0}
    # and the fourth volunteer is a candidate for a seat, at no travel either
    (best, *_) = candidates(problem, solution, "h-1", "panelist")
    assert best.travel_km == 0.0


def test_the_checkers_refuse_a_far_volunteer_in_person_and_accept_her_online():
    seat = [Assignment("h-1", "lancaster", "panelist")]
    in_person, online = _problem(online=False), _problem(online=True)
    assert not check_solution(load_problem(in_person), seat).valid
    assert check(in_person, [a.to_dict() for a in seat])[0]
    assert check_solution(load_problem(online), seat).valid
    assert check(online, [a.to_dict() for a in seat])[0] == []


def test_online_round_trips_and_is_checked():
    problem = load_problem(_problem(online=True, venue=False))
    again = load_problem(json.loads(json.dumps(problem_to_dict(problem))))
    assert again.hearings[0].online and again == problem
    assert "online" not in problem_to_dict(load_problem(_problem(online=False)))["hearings"][0]
    bad = _problem(online=True)
    bad["hearings"][0]["online"] = "yes"
    with pytest.raises(ProblemError, match=r"hearings\[0\]\.online: must be true or false"):
        load_problem(bad)
    # an in-person hearing still needs its place
    with pytest.raises(ProblemError, match=r"hearings\[0\]\.venue"):
        load_problem(_problem(online=False, venue=False))
