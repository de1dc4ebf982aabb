"""Referral intake through the API: eligibility, consent, parties, status flow, history."""

from __future__ import annotations

from sqlmodel import Session, select

from service.models import Message
from support import next_local


def test_referral_with_parties(world, client):
    case = world.case("CA-2026-1")
    assert case["status"] == "referred"
    assert case["consent_at"] is not None
    assert case["neighborhood_id"] == world.hollywood["id"]  # from the ZIP code
    roles = {p["role"]: p["person"] for p in case["parties"]}
    assert roles["participant"]["mobile"] == "+13235550199"
    assert roles["participant"]["language"] == "es"
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=world.coordinator).json()
    assert [e["kind"] for e in events][:2] == ["referred", "consent"]


def test_statutory_exclusions_are_stored_as_ineligible_with_the_reason(world, client, engine):
    """#16.11: a screened-out referral is kept (201, status ineligible, the reason), so it counts
    as referred; it is closed, gets no hearing and was never told anything by text."""
    ids = []
    for flag, words in [
        ("domestic_violence", "domestic violence"),
        ("sexual_assault", "sexual assault"),
        ("child_abuse", "child abuse"),
        ("protective_order", "protective order"),
    ]:
        r = client.post(
            "/api/v1/cases",
            json={
                "program_id": world.njp["id"],
                "external_ref": f"X-{flag}",
                "screening": {flag: True},
                "consent": True,
                "parties": [
                    {
                        "role": "participant",
                        "person": {"full_name": "Jo Ruiz", "mobile": "323-555-0144",
                                   "sms_consent": True},
                    }
                ],
            },
            headers=world.coordinator,
        )  # fmt: skip
        assert r.status_code == 201, r.text
        case = r.json()
        assert case["status"] == "ineligible" and case["closed_at"] is not None
        assert words in case["close_reason"] and "14150" in case["close_reason"]
        assert case["consent_at"] is None  # nobody takes part in a case the program cannot take
        ids.append(case["id"])
    listed = client.get("/api/v1/cases?status=ineligible", headers=world.coordinator).json()
    assert sorted(c["id"] for c in listed["items"]) == sorted(ids)
    events = client.get(f"/api/v1/cases/{ids[0]}/events", headers=world.coordinator).json()
    assert events[0]["to_status"] == "ineligible" and "domestic violence" in events[0]["detail"]
    # No hearing can be booked, no status can be set, and no text went out.
    r = client.post(
        "/api/v1/hearings",
        json={"case_id": ids[0], "kind": "panel", "venue_id": world.venue["id"],
              "start": next_local(1, 18)},
        headers=world.coordinator,
    )  # fmt: skip
    assert r.status_code == 422 and "ineligible" in r.text
    r = client.patch(
        f"/api/v1/cases/{ids[0]}", json={"status": "referred"}, headers=world.coordinator
    )
    assert r.status_code == 422
    with Session(engine) as s:
        assert s.exec(select(Message)).all() == []


def test_programs_without_the_screen_take_such_referrals(world, client):
    r = client.post(
        "/api/v1/cases",
        json={
            "program_id": world.drp["id"],
            "external_ref": "D-1",
            "screening": {"protective_order": True},
        },
        headers=world.drp_coordinator,
    )
    assert r.status_code == 201


def test_duplicate_external_reference_is_409(world, client):
    world.case("CA-DUP")
    r = client.post(
        "/api/v1/cases",
        json={"program_id": world.njp["id"], "external_ref": "CA-DUP"},
        headers=world.coordinator,
    )
    assert r.status_code == 409
    assert r.json()["error"]["details"][0]["field"] == "external_ref"


def test_bad_referrals_name_the_field_and_store_nothing(world, client):
    bad = [
        (
            {"parties": [{"role": "participant", "person": {"full_name": "A", "mobile": "12"}}]},
            "body.parties.0.person.mobile",
        ),
        ({"parties": [{"role": "victim", "person": {"full_name": "A"}}]}, "body"),
        ({"parties": [{"role": "judge", "person": {"full_name": "A"}}]}, "body.parties.0.role"),
        ({"zip": "ABCDE"}, "body.zip"),
        ({"referral_source": "twitter"}, "body.referral_source"),
        (
            {"parties": [{"role": "participant", "person_id": 1, "person": {"full_name": "A"}}]},
            "body.parties.0",
        ),
    ]
    for extra, field in bad:
        body = {"program_id": world.njp["id"], "external_ref": "BAD"} | extra
        r = client.post("/api/v1/cases", json=body, headers=world.coordinator)
        assert r.status_code == 422, (extra, r.text)
        assert field in [d["field"] for d in r.json()["error"]["details"]], (extra, r.json())
    r = client.post(
        "/api/v1/cases", json={"program_id": 999, "external_ref": "X"}, headers=world.admin
    )
    assert r.status_code == 404
    assert client.get("/api/v1/cases", headers=world.admin).json()["total"] == 0


def test_status_flow_and_history(world, client):
    case = world.case()
    url = f"/api/v1/cases/{case['id']}"
    r = client.patch(url, json={"status": "completed"}, headers=world.coordinator)
    assert r.status_code == 422 and "referred case cannot become completed" in r.text
    r = client.patch(
        url,
        json={"status": "returned", "close_reason": "Participant declined"},
        headers=world.coordinator,
    )
    assert r.status_code == 200
    assert r.json()["status"] == "returned" and r.json()["close_reason"] == "Participant declined"
    assert r.json()["closed_at"] is not None
    r = client.patch(url, json={"description": "late edit"}, headers=world.coordinator)
    assert r.status_code == 422
    kinds = [
        (e["kind"], e["to_status"])
        for e in client.get(f"{url}/events", headers=world.viewer).json()
    ]
    assert ("status", "returned") in kinds


def test_consent_edit_and_filters(world, client):
    case = world.case("C-1", consent=False)
    assert case["consent_at"] is None
    r = client.patch(
        f"/api/v1/cases/{case['id']}", json={"consent": True}, headers=world.coordinator
    )
    assert r.json()["consent_at"] is not None
    world.case("C-2")
    assert (
        client.get("/api/v1/cases", params={"external_ref": "C-2"}, headers=world.viewer).json()[
            "total"
        ]
        == 1
    )
    assert (
        client.get("/api/v1/cases", params={"status": "referred"}, headers=world.viewer).json()[
            "total"
        ]
        == 2
    )
    assert (
        client.get("/api/v1/cases", params={"status": "bogus"}, headers=world.viewer).status_code
        == 422
    )


def test_parties_and_persons(world, client):
    case = world.case()
    r = client.post(
        f"/api/v1/cases/{case['id']}/parties",
        json={"role": "other_party", "person": {"full_name": "Neighbor", "mobile": "213-555-0111"}},
        headers=world.coordinator,
    )
    assert r.status_code == 201
    person_id = r.json()["person"]["id"]
    assert (
        client.post(
            f"/api/v1/cases/{case['id']}/parties",
            json={"role": "victim", "person_id": person_id},
            headers=world.coordinator,
        ).status_code
        == 409
    )
    r = client.patch(
        f"/api/v1/persons/{person_id}",
        json={"mobile": "(213) 555-0112", "language": "es"},
        headers=world.coordinator,
    )
    assert r.status_code == 200 and r.json()["mobile"] == "+12135550112"
    assert (
        client.patch(
            f"/api/v1/persons/{person_id}", json={"mobile": "x"}, headers=world.coordinator
        ).status_code
        == 422
    )
    assert (
        client.get(f"/api/v1/persons/{person_id}", headers=world.coordinator).json()["mobile"]
        == "+12135550112"
    )
    # a coordinator of another program cannot see this person or case
    assert (
        client.get(f"/api/v1/persons/{person_id}", headers=world.drp_coordinator).status_code == 404
    )
    assert (
        client.get(f"/api/v1/cases/{case['id']}", headers=world.drp_coordinator).status_code == 404
    )
