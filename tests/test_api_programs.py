"""Programs, neighborhoods and venues through the API: success, bad input, roles."""

from __future__ import annotations

from support import NJP


def test_program_round_trip(world, client):
    r = client.get(f"/api/v1/programs/{world.njp['id']}", headers=world.coordinator)
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "NJP"
    kinds = {k["code"]: k for k in body["hearing_kinds"]}
    assert [s["role"] for s in kinds["panel"]["seats"]] == ["facilitator", "panelist"]
    assert kinds["panel"]["seats"][1]["count"] == 2
    assert body["obligation_types"][0]["default_target"] == 20
    assert body["phone"] == "+12135550100"


def test_program_list_is_scoped_to_the_coordinator(world, client):
    codes = [
        p["code"] for p in client.get("/api/v1/programs", headers=world.coordinator).json()["items"]
    ]
    assert codes == ["NJP"]
    all_codes = [
        p["code"] for p in client.get("/api/v1/programs", headers=world.admin).json()["items"]
    ]
    assert set(all_codes) == {"NJP", "DRP"}
    r = client.get(f"/api/v1/programs/{world.drp['id']}", headers=world.coordinator)
    assert r.status_code == 403


def test_program_update_and_duplicate(world, client):
    r = client.patch(
        f"/api/v1/programs/{world.njp['id']}",
        json={"completion_window_days": 90},
        headers=world.admin,
    )
    assert r.status_code == 200 and r.json()["completion_window_days"] == 90
    r = client.post("/api/v1/programs", json=NJP, headers=world.admin)
    assert r.status_code == 409
    assert r.json()["error"]["details"][0]["field"] == "code"


def test_program_bad_input_names_the_field(world, client):
    bad = dict(
        NJP,
        code="X2",
        hearing_kinds=[{"code": "panel", "name": "P", "seats": [{"role": "panelist", "count": 0}]}],
    )
    r = client.post("/api/v1/programs", json=bad, headers=world.admin)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "validation_error"
    assert any(d["field"].endswith("seats.0.count") for d in err["details"])
    r = client.post(
        "/api/v1/programs", json=dict(NJP, code="TZ", timezone="Mars/Base"), headers=world.admin
    )
    assert r.status_code == 422 and "time zone" in r.text


def test_only_admins_manage_programs_and_places(world, client):
    for headers in (world.coordinator, world.viewer):
        assert (
            client.post("/api/v1/programs", json=dict(NJP, code="NEW"), headers=headers).status_code
            == 403
        )
        assert (
            client.post(
                "/api/v1/neighborhoods",
                json={"name": "Venice", "lat": 33.98, "lon": -118.46},
                headers=headers,
            ).status_code
            == 403
        )
        assert (
            client.patch(
                f"/api/v1/venues/{world.venue['id']}", json={"active": False}, headers=headers
            ).status_code
            == 403
        )


def test_neighborhoods(world, client):
    r = client.post(
        "/api/v1/neighborhoods",
        json={"name": "Venice", "lat": 33.985, "lon": -118.4695},
        headers=world.admin,
    )
    assert r.status_code == 201
    nid = r.json()["id"]
    assert (
        client.post(
            "/api/v1/neighborhoods",
            json={"name": "Venice", "lat": 1, "lon": 1},
            headers=world.admin,
        ).status_code
        == 409
    )
    assert (
        client.post(
            "/api/v1/neighborhoods",
            json={"name": "Nowhere", "lat": 91, "lon": 1},
            headers=world.admin,
        ).status_code
        == 422
    )
    r = client.patch(
        f"/api/v1/neighborhoods/{nid}", json={"name": "Venice Beach"}, headers=world.admin
    )
    assert r.json()["name"] == "Venice Beach"
    r = client.get("/api/v1/neighborhoods", params={"q": "venice"}, headers=world.viewer)
    assert [n["name"] for n in r.json()["items"]] == ["Venice Beach"]
    assert client.get("/api/v1/neighborhoods/9999", headers=world.viewer).status_code == 404


def test_venue_windows_validate_and_replace(world, client):
    vid = world.venue["id"]
    assert len(world.venue["windows"]) == 4
    r = client.patch(
        f"/api/v1/venues/{vid}",
        json={"windows": [{"day": "fri", "start": "17:00", "end": "20:00"}]},
        headers=world.admin,
    )
    assert r.status_code == 200
    assert r.json()["windows"] == [{"day": "fri", "start": "17:00:00", "end": "20:00:00"}]
    r = client.patch(
        f"/api/v1/venues/{vid}",
        json={"windows": [{"day": "funday", "start": "17:00", "end": "20:00"}]},
        headers=world.admin,
    )
    assert r.status_code == 422 and "unknown weekday" in r.text
    r = client.patch(
        f"/api/v1/venues/{vid}",
        json={"windows": [{"day": "fri", "start": "20:00", "end": "17:00"}]},
        headers=world.admin,
    )
    assert r.status_code == 422 and "must be after start" in r.text
    # nothing was lost by the refused requests
    assert (
        client.get(f"/api/v1/venues/{vid}", headers=world.viewer).json()["windows"][0]["day"]
        == "fri"
    )


def test_venue_unknown_neighborhood_and_list_filters(world, client):
    r = client.post(
        "/api/v1/venues",
        json={"name": "X", "address": "1 A St", "lat": 34, "lon": -118, "neighborhood_id": 999},
        headers=world.admin,
    )
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "neighborhood_id"
    r = client.get(
        "/api/v1/venues", params={"neighborhood_id": world.hollywood["id"]}, headers=world.viewer
    )
    assert r.json()["total"] == 1
    r = client.get("/api/v1/venues", params={"limit": 0}, headers=world.viewer)
    assert r.status_code == 422
