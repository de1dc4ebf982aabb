"""`updated_since` on the case, hearing and obligation lists: what counts as a change, the order,
the pages, and the refusal of a time without an offset."""

from __future__ import annotations

from datetime import UTC, datetime

from outcomes.outcome_support import agree, past_hearing

from support import next_local

TUE = 1


def _ids(client, path: str, headers, since: str, **params) -> list[int]:
    r = client.get(path, params={"updated_since": since} | params, headers=headers)
    assert r.status_code == 200, r.text
    return [row["id"] for row in r.json()["items"]]


def _mark() -> str:
    return datetime.now(UTC).isoformat()


def test_lists_return_what_changed_since_in_order_of_change(world, engine):
    c, coord = world.client, world.coordinator
    world.engine = engine
    first, second = world.case("CA-1"), world.case("CA-2")
    held = past_hearing(world, second["id"])
    hearing = world.hearing(first["id"], next_local(TUE, 18, 30))
    agree(world, second, held, [{"kind": "community_service", "target": 10}])
    obligation = c.get(f"/api/v1/cases/{second['id']}/obligations", headers=coord).json()[0]
    other = c.get("/api/v1/hearings", params={"case_id": second["id"]}, headers=coord).json()
    since = _mark()
    for path in ("/api/v1/cases", "/api/v1/hearings", "/api/v1/obligations"):
        assert _ids(c, path, coord, since) == [], path

    # A party's details are part of the case; a confirmation is part of the hearing; reported
    # hours are part of the obligation.
    participant = next(p for p in second["parties"] if p["role"] == "participant")
    r = c.patch(f"/api/v1/persons/{participant['person']['id']}", json={"mobile": "323-555-0111"},
                headers=coord)  # fmt: skip
    assert r.status_code == 200, r.text
    r = c.patch(f"/api/v1/cases/{first['id']}", json={"description": "changed"}, headers=coord)
    assert r.status_code == 200, r.text
    assert _ids(c, "/api/v1/cases", coord, since) == [second["id"], first["id"]]
    assert _ids(c, "/api/v1/cases", coord, since, limit=1, offset=1) == [first["id"]]
    page = c.get("/api/v1/cases", params={"updated_since": since, "limit": 1}, headers=coord)
    assert page.json()["total"] == 2

    victim = next(p for p in first["parties"] if p["role"] == "victim")
    r = c.post(f"/api/v1/hearings/{hearing['id']}/confirmations/{victim['id']}",
               json={"status": "confirmed"}, headers=coord)  # fmt: skip
    assert r.status_code == 200, r.text
    assert _ids(c, "/api/v1/hearings", coord, since) == [hearing["id"]]
    assert other["items"][0]["id"] not in _ids(c, "/api/v1/hearings", coord, since)

    r = c.post(f"/api/v1/obligations/{obligation['id']}/service-logs",
               json={"worked_on": held["day"].isoformat(), "hours": 2}, headers=coord)  # fmt: skip
    assert r.status_code == 201, r.text
    listed = c.get("/api/v1/obligations", params={"updated_since": since}, headers=coord).json()
    assert [o["id"] for o in listed["items"]] == [obligation["id"]]
    assert listed["items"][0]["updated_at"] >= since.replace("+00:00", "")

    # The last row's updated_at is the next call's updated_since: nothing is lost between.
    rows = c.get("/api/v1/cases", params={"updated_since": since}, headers=coord).json()["items"]
    assert _ids(c, "/api/v1/cases", coord, rows[-1]["updated_at"]) == [first["id"]]
    # Scope still applies: program B's coordinator sees none of these changes.
    assert _ids(c, "/api/v1/cases", world.drp_coordinator, since) == []


def test_a_time_without_an_offset_or_no_time_is_refused(world):
    for path in ("/api/v1/cases", "/api/v1/hearings", "/api/v1/obligations"):
        for bad in ("2026-12-01T10:00:00", "yesterday"):
            r = world.client.get(path, params={"updated_since": bad}, headers=world.coordinator)
            assert r.status_code == 422, (path, bad, r.text)
            message = r.json()["error"]["message"]
            assert message.startswith("query.updated_since: "), message
            assert bad in message and "with a UTC offset, e.g. 2026-12-01T18:30:00Z" in message
