"""Matching in the service: problem export, runs, explanations, swaps, publishing without double booking."""

from __future__ import annotations

from sqlmodel import Session, select

import scheduling
from service.models import Message, SeatAssignment
from support import horizon, next_local

TUE = 1


def _team(world, n: int = 4) -> list[dict]:
    return [world.volunteer(f"Vol {i}", mobile=f"323-555-01{i:02d}") for i in range(n)]


def _run(client, world, **extra) -> dict:
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs",
        json=horizon() | extra,
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_export_problem_is_valid_format(world, client):
    _team(world)
    case = world.case()
    h = world.hearing(case["id"], next_local(TUE, 18, 30))
    r = client.get(
        f"/api/v1/programs/{world.njp['id']}/matching-problem",
        params=horizon(),
        headers=world.viewer,
    )
    assert r.status_code == 200
    data = r.json()
    problem = scheduling.load_problem(data)
    assert [x.id for x in problem.hearings] == [f"h-{h['id']}"]
    assert len(problem.volunteers) == 4
    hearing = data["hearings"][0]
    assert hearing["parties"] == [f"p-{p['person']['id']}" for p in case["parties"]]
    assert {s["role"]: s["count"] for s in hearing["seats"]} == {"facilitator": 1, "panelist": 2}
    assert hearing["start"] == h["local_start"]
    r = client.get(
        f"/api/v1/programs/{world.njp['id']}/matching-problem",
        params={"from": horizon()["to"], "to": horizon()["from"]},
        headers=world.viewer,
    )
    assert r.status_code == 422


def test_run_explain_publish_and_refuse_second_publish(world, client, engine):
    _team(world)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    assert run["status"] == "proposed"
    assert run["solver_status"] == "optimal"
    (proposed,) = run["hearings"]
    assert proposed["hearing_id"] == h["id"]
    assert sorted(s["role"] for s in proposed["seats"]) == ["facilitator", "panelist", "panelist"]
    assert all(s["travel_km"] < 5 and "travel" in s["cost"] for s in proposed["seats"])
    assert proposed["empty_seats"] == []
    # the stored proposal passes the engine's own checker
    stored = client.get(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}", headers=world.viewer
    ).json()
    assert stored["objective"] == run["objective"]
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/publish",
        headers=world.coordinator,
    )
    assert r.status_code == 200 and r.json()["invited"] == 3
    hearing = client.get(f"/api/v1/hearings/{h['id']}", headers=world.viewer).json()
    assert sorted(s["status"] for s in hearing["seats"]) == ["invited"] * 3
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/publish",
        headers=world.coordinator,
    )
    assert r.status_code == 409
    # a full panel is not matched again
    assert _run(client, world)["hearings"] == []


def test_empty_seats_are_explained(world, client):
    world.volunteer("Only One", mobile="323-555-0150")
    world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    empty = run["hearings"][0]["empty_seats"]
    assert sum(e["empty"] for e in empty) == 2
    assert all(e["reason"] and e["filters"] for e in empty)


def test_two_runs_cannot_double_book_a_volunteer(world, client, engine):
    _team(world, 3)
    other = client.post(
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
    h1 = world.hearing(world.case("A")["id"], next_local(TUE, 18, 30))
    h2 = world.hearing(world.case("B")["id"], next_local(TUE, 18, 30), venue_id=other["id"])
    run1 = _run(client, world, hearing_ids=[h1["id"]])
    run2 = _run(client, world, hearing_ids=[h2["id"]])
    assert {s["volunteer_id"] for s in run1["hearings"][0]["seats"]} == {
        s["volunteer_id"] for s in run2["hearings"][0]["seats"]
    }
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    assert client.post(f"{base}/{run1['id']}/publish", headers=world.coordinator).status_code == 200
    r = client.post(f"{base}/{run2['id']}/publish", headers=world.coordinator)
    assert r.status_code == 409
    assert "another hearing" in r.text
    with Session(engine) as s:
        assert (
            s.exec(select(SeatAssignment).where(SeatAssignment.hearing_id == h2["id"])).all() == []
        )


def test_candidates_and_swap(world, client):
    team = _team(world, 5)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    run = _run(client, world)
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}"
    r = client.get(
        f"{base}/candidates",
        params={"hearing_id": h["id"], "role": "panelist", "k": 5},
        headers=world.viewer,
    )
    assert r.status_code == 200
    cands = r.json()
    on_panel = {s["volunteer_id"] for s in run["hearings"][0]["seats"]}
    outsiders = [c for c in cands if c["volunteer_id"] not in on_panel]
    assert outsiders and all(c["replaces"] in on_panel for c in outsiders)
    pick = outsiders[0]
    r = client.post(
        f"{base}/swap",
        json={
            "hearing_id": h["id"],
            "role": "panelist",
            "volunteer_id": pick["volunteer_id"],
            "replaces": pick["replaces"],
        },
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    seats = {s["volunteer_id"] for s in r.json()["hearings"][0]["seats"]}
    assert pick["volunteer_id"] in seats and pick["replaces"] not in seats
    assert abs(r.json()["objective"] - (run["objective"] + pick["delta"])) < 1e-6
    assert len(team) == 5
    r = client.get(
        f"{base}/candidates", params={"hearing_id": 99999, "role": "panelist"}, headers=world.viewer
    )
    assert r.status_code == 422


def test_declined_volunteer_is_excluded(world, client, engine):
    team = _team(world, 4)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    client.post(
        f"/api/v1/hearings/{h['id']}/seats",
        json={"volunteer_id": team[0]["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    with Session(engine) as s:
        seat = s.exec(select(SeatAssignment)).one()
        seat.status = "declined"
        s.add(seat)
        s.commit()
    data = client.get(
        f"/api/v1/programs/{world.njp['id']}/matching-problem",
        params=horizon(),
        headers=world.viewer,
    ).json()
    assert data["hearings"][0]["excluded"] == [f"v-{team[0]['id']}"]
    run = _run(client, world)
    assert team[0]["id"] not in {s["volunteer_id"] for s in run["hearings"][0]["seats"]}


def test_matching_roles(world, client):
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    assert h
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs", json=horizon(), headers=world.viewer
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs",
        json=horizon(),
        headers=world.drp_coordinator,
    )
    assert r.status_code == 403
    run = _run(client, world)
    r = client.get(
        f"/api/v1/programs/{world.drp['id']}/matching-runs/{run['id']}",
        headers=world.drp_coordinator,
    )
    assert r.status_code == 404


def test_a_seated_panelist_moved_to_an_empty_facilitator_seat_is_asked_again(world, client, engine):
    """The engine may move a seated panelist to the one seat nobody else can take; publishing
    asks that volunteer again in the new role instead of refusing the run as changed."""
    panelist_only = [{"name": "njp_panelist", "completed_on": "2025-01-10", "training_hours": 25}]
    lead = world.volunteer("Lead Able", mobile="323-555-0160")
    seated = world.volunteer("Seated Two", mobile="323-555-0161", certifications=panelist_only)
    spare = world.volunteer("Spare Three", mobile="323-555-0162", certifications=panelist_only)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30))
    with Session(engine) as s:
        for v in (lead, seated):
            s.add(
                SeatAssignment(
                    hearing_id=h["id"], volunteer_id=v["id"], role="panelist", status="accepted"
                )
            )
        s.commit()
    run = _run(client, world)
    roles = {x["volunteer_id"]: x["role"] for x in run["hearings"][0]["seats"]}
    assert roles == {lead["id"]: "facilitator", seated["id"]: "panelist", spare["id"]: "panelist"}
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/publish",
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    seats = client.get(f"/api/v1/hearings/{h['id']}", headers=world.viewer).json()["seats"]
    by_volunteer = {x["volunteer_id"]: (x["role"], x["status"]) for x in seats}
    assert by_volunteer == {
        lead["id"]: ("facilitator", "invited"),
        seated["id"]: ("panelist", "accepted"),
        spare["id"]: ("panelist", "invited"),
    }
    with Session(engine) as s:
        texts = s.exec(select(Message).where(Message.kind == "volunteer_invite")).all()
    assert sorted(m.to_address for m in texts) == ["+13235550160", "+13235550162"]
    assert any("facilitator" in m.body for m in texts if m.to_address == "+13235550160")
