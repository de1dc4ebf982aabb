"""Volunteers and their certifications, availability, blackouts and conflicts through the API."""

from __future__ import annotations


def test_create_normalises_phone_and_locates_zip(world, client):
    v = world.volunteer(mobile="(323) 555-0142")
    assert v["mobile"] == "+13235550142"
    assert abs(v["home_lat"] - 34.1005) < 0.01 and abs(v["home_lon"] + 118.3254) < 0.01
    assert v["languages"] == ["en", "es"]
    assert {c["name"] for c in v["certifications"]} == {"njp_panelist", "njp_facilitator"}
    assert len(v["availability"]) == 4


def test_bad_volunteer_input_is_named(world, client):
    cases = [
        ({"full_name": "A", "mobile": "not a phone"}, "body.mobile"),
        ({"full_name": "A", "home_zip": "00000"}, "body.home_zip"),
        ({"full_name": "A", "email": "nope"}, "body.email"),
        ({"full_name": "A", "languages": ["english!"]}, "body.languages.0"),
        (
            {"full_name": "A", "availability": [{"day": "xyz", "start": "18:00", "end": "21:00"}]},
            "body.availability.0.day",
        ),
        ({"full_name": "A", "max_assignments_per_month": -1}, "body.max_assignments_per_month"),
        ({"full_name": ""}, "body.full_name"),
        (
            {
                "full_name": "A",
                "certifications": [
                    {"name": "mediator", "completed_on": "2026-01-02", "expires_on": "2025-01-01"}
                ],
            },
            "body.certifications.0",
        ),
    ]
    for body, field in cases:
        r = client.post("/api/v1/volunteers", json=body, headers=world.coordinator)
        assert r.status_code == 422, body
        assert field in [d["field"] for d in r.json()["error"]["details"]], (body, r.json())
    assert client.get("/api/v1/volunteers", headers=world.viewer).json()["total"] == 0


def test_duplicate_mobile_is_a_conflict(world, client):
    world.volunteer(mobile="323-555-0142")
    r = client.post(
        "/api/v1/volunteers",
        json={"full_name": "B", "mobile": "+1 323 555 0142"},
        headers=world.coordinator,
    )
    assert r.status_code == 409


def test_filters(world, client):
    world.volunteer("Ana Morales", mobile="323-555-0101")
    world.volunteer(
        "Ben Park",
        mobile="323-555-0102",
        languages=["en", "ko"],
        certifications=[{"name": "mediator", "completed_on": "2025-01-01"}],
    )
    world.volunteer("Cy Inactive", mobile="323-555-0103", active=False)
    get = lambda **p: [
        v["full_name"]
        for v in client.get("/api/v1/volunteers", params=p, headers=world.viewer).json()["items"]
    ]  # noqa: E731
    assert get(language="ko") == ["Ben Park"]
    assert get(certification="mediator") == ["Ben Park"]
    assert get(active=False) == ["Cy Inactive"]
    assert get(q="mor") == ["Ana Morales"]
    assert get(limit=2) == ["Ana Morales", "Ben Park"]
    assert get(limit=2, offset=2) == ["Cy Inactive"]


def test_update_and_roles(world, client):
    v = world.volunteer(mobile="323-555-0101")
    r = client.patch(
        f"/api/v1/volunteers/{v['id']}",
        json={"languages": ["en", "hy"], "home_zip": "91601"},
        headers=world.coordinator,
    )
    assert r.status_code == 200
    assert r.json()["languages"] == ["en", "hy"]
    assert r.json()["home_lat"] > 34.15
    assert (
        client.patch(
            f"/api/v1/volunteers/{v['id']}", json={"active": False}, headers=world.viewer
        ).status_code
        == 403
    )
    assert client.get("/api/v1/volunteers/424242", headers=world.viewer).status_code == 404


def test_certifications_availability_blackouts_conflicts(world, client):
    v = world.volunteer(mobile="323-555-0101")
    base = f"/api/v1/volunteers/{v['id']}"
    h = world.coordinator
    r = client.post(
        f"{base}/certifications",
        json={
            "name": "mediator",
            "completed_on": "2026-02-01",
            "expires_on": "2028-02-01",
            "training_hours": 25,
        },
        headers=h,
    )
    assert r.status_code == 201
    cid = r.json()["id"]
    assert (
        client.post(
            f"{base}/certifications",
            json={"name": "mediator", "completed_on": "2026-02-01"},
            headers=h,
        ).status_code
        == 409
    )
    assert len(client.get(f"{base}/certifications", headers=h).json()) == 3
    assert client.delete(f"{base}/certifications/{cid}", headers=h).status_code == 204
    assert client.delete(f"{base}/certifications/{cid}", headers=h).status_code == 404

    r = client.put(
        f"{base}/availability",
        json={"windows": [{"day": "sat", "start": "09:00", "end": "12:00"}]},
        headers=h,
    )
    assert r.status_code == 200
    assert client.get(f"{base}/availability", headers=h).json()["windows"] == [
        {"day": "sat", "start": "09:00:00", "end": "12:00:00"}
    ]
    r = client.put(
        f"{base}/availability",
        json={"windows": [{"day": "sat", "start": "12:00", "end": "09:00"}]},
        headers=h,
    )
    assert r.status_code == 422
    assert len(client.get(f"{base}/availability", headers=h).json()["windows"]) == 1

    r = client.post(
        f"{base}/blackouts",
        json={
            "start": "2026-12-21T00:00:00-08:00",
            "end": "2027-01-04T00:00:00-08:00",
            "reason": "Holidays",
        },
        headers=h,
    )
    assert r.status_code == 201
    assert r.json()["start"].startswith("2026-12-21T08:00:00")
    assert (
        client.post(
            f"{base}/blackouts",
            json={"start": "2026-12-21T00:00:00", "end": "2027-01-04T00:00:00"},
            headers=h,
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"{base}/blackouts",
            json={"start": "2027-01-04T00:00:00Z", "end": "2026-12-21T00:00:00Z"},
            headers=h,
        ).status_code
        == 422
    )

    case = world.case()
    person_id = case["parties"][0]["person"]["id"]
    r = client.post(
        f"{base}/conflicts", json={"person_id": person_id, "reason": "Neighbor"}, headers=h
    )
    assert r.status_code == 201
    assert (
        client.post(f"{base}/conflicts", json={"person_id": person_id}, headers=h).status_code
        == 409
    )
    assert client.post(f"{base}/conflicts", json={"person_id": 99999}, headers=h).status_code == 422
    assert [c["person_id"] for c in client.get(f"{base}/conflicts", headers=h).json()] == [
        person_id
    ]
