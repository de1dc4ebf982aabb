"""A blackout marked busy (a seat on another hearing) blocks the seat like any blackout, and
an empty seat's explanation counts it apart from the volunteer's own blackouts."""

from __future__ import annotations

import json

import pytest

from scheduling import ProblemError, explain, load_problem, problem_to_dict, solve
from scheduling.eligibility import BUSY_ELSEWHERE

EVENING = {"start": "2026-12-08T17:00:00-08:00", "end": "2026-12-08T22:00:00-08:00"}


def _problem(busy_flag=True) -> dict:
    def volunteer(vid: str, blackout: dict) -> dict:
        return {
            "id": vid,
            "home": {"lat": 34.1, "lon": -118.33},
            "certifications": [{"name": "panelist", "expires": None}],
            "availability": [{"day": "tue", "start": "17:30", "end": "21:00"}],
            "blackouts": [blackout],
        }

    return {
        "format": "convene-match/1",
        "timezone": "America/Los_Angeles",
        "volunteers": [
            volunteer("away", EVENING),
            volunteer("busy", EVENING | {"busy": busy_flag}),
            volunteer(
                "free", {"start": "2026-12-20T00:00:00-08:00", "end": "2026-12-21T00:00:00-08:00"}
            ),
        ],
        "hearings": [
            {
                "id": "h-1",
                "start": "2026-12-08T18:30:00-08:00",
                "end": "2026-12-08T20:00:00-08:00",
                "venue": {"lat": 34.1, "lon": -118.33},
                "seats": [{"role": "panelist", "count": 2, "requires": ["panelist"]}],
            }
        ],
    }


def test_busy_blocks_and_is_counted_apart():
    problem = load_problem(_problem())
    solution = solve(problem)
    assert [a.volunteer for a in solution.assignments] == ["free"]
    (empty,) = explain(problem, solution).empty_seats
    assert empty.filters[:4] == [
        ("certified", 3),
        ("available that evening", 3),
        ("free of blackouts", 2),
        (BUSY_ELSEWHERE, 1),
    ]


def test_busy_round_trips_and_must_be_a_flag():
    data = _problem()
    problem = load_problem(data)
    again = load_problem(json.loads(json.dumps(problem_to_dict(problem))))
    assert again == problem
    assert [b.busy for v in again.volunteers for b in v.blackouts] == [False, True, False]
    with pytest.raises(ProblemError) as bad:
        load_problem(_problem(busy_flag="yes"))
    assert "blackouts[0].busy" in str(bad.value)


def test_without_busy_blackouts_the_steps_are_unchanged():
    data = _problem(busy_flag=False)
    problem = load_problem(data)
    (empty,) = explain(problem, solve(problem)).empty_seats
    names = [name for name, _ in empty.filters]
    assert BUSY_ELSEWHERE not in names
    assert ("free of blackouts", 1) in empty.filters
