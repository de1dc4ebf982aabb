"""Matching runs changed by hand and published with gaps: the exact seat is swapped, the run
says it was edited, publishing names the seats left empty, and an empty seat's explanation
counts volunteers busy on another hearing apart from those on a blackout."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

from scheduling.eligibility import BUSY_ELSEWHERE
from service.errors import Invalid
from service.models import AuditEvent, Blackout, MatchingRun, Program
from service.panels import proposal, swap
from support import horizon, next_local

TUE = 1
PANELIST_ONLY = [{"name": "njp_panelist", "completed_on": "2025-01-10", "training_hours": 25}]


def _team(world, n: int) -> list[dict]:
    return [world.volunteer(f"Vol{i} Team", mobile=f"323-555-01{i:02d}") for i in range(n)]


def _run(client, world, **extra) -> dict:
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs",
        json=horizon() | extra,
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    return r.json()


def _panelists(run: dict) -> list[int]:
    return [s["volunteer_id"] for s in run["hearings"][0]["seats"] if s["role"] == "panelist"]


def _outsider(client, world, run: dict, hearing_id: int) -> int:
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}"
    cands = client.get(
        f"{base}/candidates",
        params={"hearing_id": hearing_id, "role": "panelist"},
        headers=world.viewer,
    ).json()
    on_panel = {s["volunteer_id"] for s in run["hearings"][0]["seats"]}
    return next(c["volunteer_id"] for c in cands if c["volunteer_id"] not in on_panel)


@pytest.mark.parametrize("which", [0, 1])
def test_swap_replaces_exactly_the_panelist_named(world, client, which):
    """Two panelists: replacing either one leaves the other in place (the API and the pages
    name the volunteer whose seat it is; the engine's cheapest pick no longer decides)."""
    _team(world, 6)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    panel = _panelists(run)
    assert len(panel) == 2
    out, stays = panel[which], panel[1 - which]
    pick = _outsider(client, world, run, h["id"])
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/swap",
        json={"hearing_id": h["id"], "role": "panelist", "volunteer_id": pick, "replaces": out},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    after = r.json()
    assert sorted(_panelists(after)) == sorted([stays, pick])
    facilitator = [s for s in run["hearings"][0]["seats"] if s["role"] == "facilitator"]
    assert [s for s in after["hearings"][0]["seats"] if s["role"] == "facilitator"] == facilitator
    assert after["edited"] is True and run["edited"] is False


def test_swap_refuses_a_volunteer_who_does_not_hold_that_seat(world, client, engine):
    _team(world, 6)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    facilitator = next(
        s["volunteer_id"] for s in run["hearings"][0]["seats"] if s["role"] == "facilitator"
    )
    pick = _outsider(client, world, run, h["id"])
    with Session(engine) as s:
        stored = s.get(MatchingRun, run["id"])
        with pytest.raises(Invalid) as refused:
            swap.swap(s, stored, h["id"], "panelist", pick, facilitator)
    assert refused.value.details[0]["field"] == "replaces"
    assert "not proposed as panelist" in refused.value.message
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/swap",
        json={
            "hearing_id": h["id"],
            "role": "panelist",
            "volunteer_id": pick,
            "replaces": facilitator,
        },
        headers=world.coordinator,
    )
    assert r.status_code == 422 and "replaces" in r.text


def test_a_swapped_run_remembers_the_engines_proposal_and_who_changed_it(world, client, engine):
    _team(world, 6)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    assert run["solver_status"] == "optimal"
    out = _panelists(run)[1]
    pick = _outsider(client, world, run, h["id"])
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/swap",
        json={"hearing_id": h["id"], "role": "panelist", "volunteer_id": pick, "replaces": out},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    with Session(engine) as s:
        stored = s.get(MatchingRun, run["id"])
        edited = swap.edited_by_hand(stored)
        assert edited["engine_status"] == "optimal"
        assert edited["engine_objective"] == pytest.approx(run["objective"])
        (change,) = edited["swaps"]
        assert change | {"by": "", "at": ""} == {
            "hearing_id": h["id"],
            "role": "panelist",
            "volunteer_in": pick,
            "volunteer_out": out,
            "by": "",
            "at": "",
        }
        assert change["by"] != "system"
        view = proposal.proposal(s, stored, s.get(Program, world.njp["id"]))
        said = view["quality"]["sentence"]
        assert said.startswith("Changed by hand after matching (1 change)")
        assert said.endswith("the engine's own proposal was the best possible (proven)")
        assert len(view["quality"]["changes"]) == 1
        assert "in place of" in view["quality"]["changes"][0]
        by_hand = [x for x in view["hearings"][0]["seats"] if x["by_hand"]]
        assert [x["volunteer_id"] for x in by_hand] == [pick]
        audited = s.exec(
            select(AuditEvent).where(
                AuditEvent.action == "swap", AuditEvent.entity == "matching_run"
            )
        ).all()
        assert [a.entity_id for a in audited] == [str(run["id"])]
    # an untouched run still says it is the engine's best, and no more
    fresh = _run(client, world)
    with Session(engine) as s:
        view = proposal.proposal(
            s, s.get(MatchingRun, fresh["id"]), s.get(Program, world.njp["id"])
        )
    assert view["quality"] == {
        "sentence": "The best possible proposal (proven)",
        "edited": False,
        "changes": [],
    }


def test_publishing_with_an_empty_seat_says_which_and_links_to_it(world, client, engine):
    world.volunteer("Lead Able", mobile="323-555-0160")
    world.volunteer("Pan Elist", mobile="323-555-0161", certifications=PANELIST_ONLY)
    h = world.hearing(world.case("EMPTY-1")["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    assert [e["role"] for e in run["hearings"][0]["empty_seats"]] == ["panelist"]
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/publish",
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    assert r.json()["invited"] == 2
    assert r.json()["empty_seats"] == [{"hearing_id": h["id"], "role": "panelist", "empty": 1}]
    with Session(engine) as s:
        stored = s.get(MatchingRun, run["id"])
        program = s.get(Program, world.njp["id"])
        said = proposal.publish_message(s, stored, program, 2)
        local = datetime.fromisoformat(h["local_start"])
        assert said.startswith("Published: 2 volunteers invited. 1 seat stays empty: ")
        assert f"Community panel {local:%a %b} {local.day}, 6:30 PM (panelist)" in said
        view = proposal.proposal(s, stored, program)
    assert view["left_empty"] == [
        {
            "hearing_id": h["id"],
            "label": f"Community panel {local:%a %b} {local.day}, 6:30 PM",
            "role_words": "panelist",
            "empty": 1,
            "find": f"/hearings/{h['id']}/seats/find?role=panelist",
            "panel": f"/hearings/{h['id']}#panel",
        }
    ]


def test_empty_seat_counts_busy_on_another_hearing_apart_from_blackouts(world, client, engine):
    """One volunteer is on a blackout, one sits on another hearing at the same time: the
    explanation says one of each, not two blackouts."""
    away = world.volunteer("Away Blackout", mobile="323-555-0170")
    busy = world.volunteer("Busy Elsewhere", mobile="323-555-0171")
    start = next_local(TUE, 18, 30)
    h1 = world.hearing(world.case("BUSY-1")["id"], start)
    other_venue = client.post(
        "/api/v1/venues",
        json={
            "name": "Second room",
            "address": "2 B St",
            "lat": 34.1,
            "lon": -118.33,
            "windows": [{"day": "tue", "start": "17:00", "end": "22:00"}],
        },
        headers=world.admin,
    ).json()
    h2 = world.hearing(world.case("BUSY-2")["id"], start, venue_id=other_venue["id"])
    r = client.post(
        f"/api/v1/hearings/{h2['id']}/seats",
        json={"volunteer_id": busy["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code in (200, 201), r.text
    at = datetime.fromisoformat(start)
    with Session(engine) as s:
        s.add(
            Blackout(
                volunteer_id=away["id"],
                start_at=at - timedelta(hours=2),
                end_at=at + timedelta(hours=4),
            )
        )
        s.commit()
    run = _run(client, world, hearing_ids=[h1["id"]])
    (proposed,) = run["hearings"]
    assert proposed["seats"] == []
    panelist = next(e for e in proposed["empty_seats"] if e["role"] == "panelist")
    steps = {f["filter"]: f["count"] for f in panelist["filters"]}
    assert steps["certified"] == 2
    assert steps["free of blackouts"] == 1
    assert steps[BUSY_ELSEWHERE] == 0
    with Session(engine) as s:
        view = proposal.proposal(s, s.get(MatchingRun, run["id"]), s.get(Program, world.njp["id"]))
    empty = next(e for e in view["hearings"][0]["empty_seats"] if e["role"] == "panelist")
    assert empty["counts"] == {"free of blackouts": 1, BUSY_ELSEWHERE: 1}
    assert empty["reason"] == (
        "Of 2 trained volunteers, 1 is away (a blackout), 1 is busy on another hearing."
    )


def test_empty_seat_words():
    said, counts = proposal.empty_reason(
        [
            {"filter": "certified", "count": 9},
            {"filter": "speak es", "count": 7},
            {"filter": "available that evening", "count": 5},
            {"filter": "free of blackouts", "count": 4},
            {"filter": BUSY_ELSEWHERE, "count": 2},
            {"filter": "within reach", "count": 2},
            {"filter": "without conflict or exclusion", "count": 1},
            {"filter": "free of other hearings", "count": 1},
            {"filter": "under their cap", "count": 1},
        ]
    )
    assert said == (
        "Of 9 trained volunteers, 2 do not speak Spanish, 2 are not available that evening, "
        "1 is away (a blackout), 2 are busy on another hearing, "
        "1 knows a party, declined or was excused; "
        "1 could sit here but the engine placed this one where they are needed more."
    )
    assert counts[BUSY_ELSEWHERE] == 2 and counts["free of blackouts"] == 1
    assert proposal.empty_reason([{"filter": "certified", "count": 0}])[0] == (
        "No volunteer holds the training this seat needs."
    )


def test_an_old_swap_payload_without_replaces_still_works(world, client):
    """API callers that send only hearing, role and volunteer get the engine's pick replaced."""
    _team(world, 6)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    panel = _panelists(run)
    pick = _outsider(client, world, run, h["id"])
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/swap",
        json={"hearing_id": h["id"], "role": "panelist", "volunteer_id": pick},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    after = _panelists(r.json())
    assert pick in after and len(after) == 2 and len(set(after) & set(panel)) == 1
    assert r.json()["edited"] is True
