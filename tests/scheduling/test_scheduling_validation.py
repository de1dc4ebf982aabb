"""Invalid problems raise ProblemError naming the JSON path and the reason, never a traceback."""

from __future__ import annotations

import copy

import pytest

from scheduling import ProblemError, change_from_dict, load_problem, solution_from_dict


def mutate(d: dict, path: list, value) -> dict:
    d = copy.deepcopy(d)
    cur = d
    for p in path[:-1]:
        cur = cur[p]
    if value is DELETE:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return d


DELETE = object()

CASES = [
    (["format"], "convene-match/2", "format: must be 'convene-match/1'"),
    (["format"], DELETE, "format:"),
    (["timezone"], "Mars/Olympus", "timezone: unknown time zone"),
    (["timezone"], 7, "timezone: must be a non-empty string"),
    (["volunteers"], "ana", "volunteers: must be a list, not string"),
    (["hearings"], {"a": 1}, "hearings: must be a list, not object"),
    (["volunteers", 0], [], "volunteers[0]: must be an object, not list"),
    (["volunteers", 1, "id"], "ana", "volunteers[1].id: duplicate id 'ana'"),
    (["volunteers", 0, "id"], None, "volunteers[0].id: must be a non-empty string"),
    (
        ["volunteers", 2, "availability", 0, "day"],
        "tues",
        "volunteers[2].availability[0].day: unknown weekday 'tues'",
    ),
    (
        ["volunteers", 0, "availability", 1, "end"],
        "08:00",
        "volunteers[0].availability[1].end: must be after start",
    ),
    (
        ["volunteers", 0, "availability", 0, "start"],
        "5pm",
        "volunteers[0].availability[0].start: not an HH:MM",
    ),
    (
        ["volunteers", 0, "availability", 0, "start"],
        "25:00",
        "volunteers[0].availability[0].start: not an HH:MM",
    ),
    (
        ["volunteers", 0, "availability"],
        "tue",
        "volunteers[0].availability: must be a list, not string",
    ),
    (
        ["volunteers", 0, "home", "lat"],
        "north",
        "volunteers[0].home.lat: must be a number, not string",
    ),
    (["volunteers", 0, "home", "lat"], 95.0, "volunteers[0].home.lat: must be between -90 and 90"),
    (["volunteers", 0, "home"], None, "volunteers[0].home: must be an object, not null"),
    (["volunteers", 0, "languages"], "en", "volunteers[0].languages: must be a list, not string"),
    (
        ["volunteers", 0, "certifications", 0, "expires"],
        "June 2027",
        "volunteers[0].certifications[0].expires: not a YYYY-MM-DD date",
    ),
    (
        ["volunteers", 0, "certifications", 0],
        "njp",
        "volunteers[0].certifications[0]: must be an object, not string",
    ),
    (["volunteers", 0, "max_assignments"], -1, "volunteers[0].max_assignments: must be at least 0"),
    (
        ["volunteers", 0, "max_assignments"],
        2.5,
        "volunteers[0].max_assignments: must be an integer",
    ),
    (
        ["volunteers", 0, "max_assignments"],
        True,
        "volunteers[0].max_assignments: must be an integer",
    ),
    (
        ["volunteers", 0, "prior_assignments"],
        "1",
        "volunteers[0].prior_assignments: must be an integer",
    ),
    (["volunteers", 0, "max_travel_km"], -3, "volunteers[0].max_travel_km: must be at least 0"),
    (
        ["volunteers", 3, "blackouts", 0, "start"],
        "2026-12-10T00:00:00",
        "volunteers[3].blackouts[0].start: instant '2026-12-10T00:00:00' has no UTC offset",
    ),
    (
        ["volunteers", 3, "blackouts", 0, "end"],
        "2026-12-09T00:00:00-08:00",
        "volunteers[3].blackouts[0].end: must be after start",
    ),
    (
        ["volunteers", 3, "blackouts", 0, "end"],
        "tomorrow",
        "volunteers[3].blackouts[0].end: not an ISO 8601 instant",
    ),
    (
        ["volunteers", 2, "conflicts"],
        "p-lopez",
        "volunteers[2].conflicts: must be a list, not string",
    ),
    (
        ["hearings", 1, "id"],
        "njp-hollywood-dec8",
        "hearings[1].id: duplicate id 'njp-hollywood-dec8'",
    ),
    (
        ["hearings", 0, "start"],
        "2026-12-08 18:30",
        "hearings[0].start: instant '2026-12-08 18:30' has no UTC offset",
    ),
    (["hearings", 0, "start"], 1765247400, "hearings[0].start: must be a non-empty string"),
    (["hearings", 0, "end"], "2026-12-08T18:00:00-08:00", "hearings[0].end: must be after start"),
    (["hearings", 2, "seats", 0, "count"], 0, "hearings[2].seats[0].count: must be at least 1"),
    (["hearings", 2, "seats", 0, "count"], "one", "hearings[2].seats[0].count: must be an integer"),
    (
        ["hearings", 2, "seats", 1, "role"],
        "facilitator",
        "hearings[2].seats[1].role: duplicate role 'facilitator'",
    ),
    (["hearings", 1, "seats"], None, None),  # null list means empty: valid
    (
        ["hearings", 2, "seats", 0, "requires"],
        "njp",
        "hearings[2].seats[0].requires: must be a list, not string",
    ),
    (["hearings", 0, "venue"], [34.1, -118.3], "hearings[0].venue: must be an object, not list"),
    (
        ["hearings", 2, "current", 0, "volunteer"],
        "zoe",
        "hearings[2].current[0].volunteer: unknown volunteer 'zoe'",
    ),
    (
        ["hearings", 2, "current", 0, "role"],
        "judge",
        "hearings[2].current[0].role: role 'judge' is not among this hearing's seats",
    ),
    (
        ["hearings", 2, "current"],
        {"volunteer": "ana"},
        "hearings[2].current: must be a list, not object",
    ),
    (["hearings", 0, "parties"], "p-lopez", "hearings[0].parties: must be a list, not string"),
    (
        ["settings", "weights", "load"],
        "heavy",
        "settings.weights.load: must be a number, not string",
    ),
    (["settings", "weights", "load"], -1, "settings.weights.load: must be at least 0"),
    (
        ["settings", "travel_buffer_minutes"],
        "30",
        "settings.travel_buffer_minutes: must be a number",
    ),
    (
        ["settings", "default_max_assignments"],
        1.5,
        "settings.default_max_assignments: must be an integer",
    ),
    (["settings"], [], "settings: must be an object, not list"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), CASES, ids=[".".join(map(str, c[0])) for c in CASES]
)
def test_invalid_input_names_the_path(example_dict, path, value, message):
    d = mutate(example_dict, path, value)
    if message is None:
        load_problem(d)
        return
    with pytest.raises(ProblemError) as e:
        load_problem(d)
    assert str(e.value).startswith(message), str(e.value)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("data", [None, [], "x", 3, {}])
def test_not_an_object_or_empty(data):
    with pytest.raises(ProblemError):
        load_problem(data)


def test_window_may_end_at_midnight_but_not_start_there(example_dict):
    d = mutate(example_dict, ["volunteers", 0, "availability", 0, "end"], "24:00")
    assert load_problem(d).volunteers[0].availability[0].end == 24 * 60
    d = mutate(example_dict, ["volunteers", 0, "availability", 0, "start"], "24:00")
    with pytest.raises(ProblemError, match=r"^volunteers\[0\]\.availability\[0\]\.start"):
        load_problem(d)


def test_defaults_when_keys_are_absent():
    p = load_problem(
        {
            "format": "convene-match/1",
            "timezone": "UTC",
            "volunteers": [{"id": "a", "home": {"lat": 0, "lon": 0}}],
            "hearings": [
                {
                    "id": "h",
                    "start": "2026-01-01T10:00:00Z",
                    "end": "2026-01-01T11:00:00Z",
                    "venue": {"lat": 0, "lon": 0},
                    "seats": [{"role": "r", "count": 1}],
                }
            ],
        }
    )
    assert p.settings.travel_buffer_minutes == 0
    assert p.settings.max_travel_km is None and p.settings.default_max_assignments is None
    assert p.settings.weights.unfilled_seat == 1000.0
    assert p.volunteers[0].prior_assignments == 0


def test_bad_solution_and_change_documents():
    with pytest.raises(ProblemError, match=r"^assignments\[0\]\.role"):
        solution_from_dict({"assignments": [{"hearing": "h", "volunteer": "v"}]})
    with pytest.raises(ProblemError, match="^type: unknown change type"):
        change_from_dict({"type": "explode"})
    with pytest.raises(ProblemError, match="^start: instant"):
        change_from_dict(
            {
                "type": "move",
                "hearing": "h",
                "start": "2026-01-01T10:00",
                "end": "2026-01-01T11:00Z",
            }
        )


def test_explain_and_candidates_name_bad_assignments(example_dict):
    from scheduling import Assignment, candidates, explain

    p = load_problem(example_dict)
    bad = [Assignment("njp-hollywood-dec8", "ana", "facilitator"), Assignment("nope", "ana", "x")]
    with pytest.raises(ProblemError, match=r"^assignments\[1\]\.hearing: unknown hearing 'nope'"):
        explain(p, bad)
    with pytest.raises(ProblemError, match=r"^assignments\[0\]\.role"):
        candidates(
            p, [Assignment("njp-hollywood-dec8", "ana", "judge")], "njp-hollywood-dec8", "panelist"
        )
    with pytest.raises(
        ProblemError, match="^role: hearing 'njp-hollywood-dec8' has no role 'judge'"
    ):
        candidates(p, [], "njp-hollywood-dec8", "judge")
