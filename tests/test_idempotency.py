"""Idempotency-Key: a retried POST gets its first answer; the same key with another body gets 422."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from service.models import Case, Volunteer


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_same_key_same_body_returns_the_first_answer(world, client, engine):
    body = {"program_id": world.njp["id"], "external_ref": "IDEM-1", "consent": True}
    headers = world.coordinator | {"Idempotency-Key": "referral-IDEM-1"}
    first = client.post("/api/v1/cases", json=body, headers=headers)
    again = client.post("/api/v1/cases", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert _count(engine, Case) == 1


def test_same_key_other_body_is_422_and_changes_nothing(world, client, engine):
    headers = world.coordinator | {"Idempotency-Key": "k-1"}
    client.post("/api/v1/volunteers", json={"full_name": "Ana"}, headers=headers)
    r = client.post("/api/v1/volunteers", json={"full_name": "Ben"}, headers=headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_mismatch"
    assert _count(engine, Volunteer) == 1


def test_keys_belong_to_their_caller_and_errors_are_replayed(world, client, engine):
    body = {
        "program_id": world.njp["id"],
        "external_ref": "X",
        "neighborhood_id": 987654,  # refused: no such neighborhood
    }
    r1 = client.post(
        "/api/v1/cases", json=body, headers=world.coordinator | {"Idempotency-Key": "same"}
    )
    r2 = client.post(
        "/api/v1/cases", json=body, headers=world.coordinator | {"Idempotency-Key": "same"}
    )
    assert r1.status_code == r2.status_code == 422 and r1.json() == r2.json()
    other = client.post(
        "/api/v1/volunteers",
        json={"full_name": "Cy"},
        headers=world.admin | {"Idempotency-Key": "same"},
    )
    assert other.status_code == 201
    bad = client.post(
        "/api/v1/volunteers",
        json={"full_name": "Di"},
        headers=world.admin | {"Idempotency-Key": " "},
    )
    assert bad.status_code == 422
    assert (
        client.post(
            "/api/v1/volunteers",
            json={"full_name": "Ed"},
            headers=world.admin | {"Idempotency-Key": "x" * 201},
        ).status_code
        == 422
    )


def test_a_key_belongs_to_the_user_whichever_session_sends_it(world, client, engine):
    """A retry after signing in again (a new session, or an API token) is still the retry (#18)."""
    from support import login, make_user

    email = make_user(engine, "coordinator", [world.njp["id"]])
    first_session, second_session = login(client, email), login(client, email)
    assert first_session != second_session
    body = {"full_name": "Ana Retry"}
    first = client.post(
        "/api/v1/volunteers", json=body, headers=first_session | {"Idempotency-Key": "vol-1"}
    )
    again = client.post(
        "/api/v1/volunteers", json=body, headers=second_session | {"Idempotency-Key": "vol-1"}
    )
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    assert _count(engine, Volunteer) == 1


def test_the_same_json_written_otherwise_replays_the_first_answer(world, client, engine):
    headers = world.coordinator | {"Idempotency-Key": "k-json", "Content-Type": "application/json"}
    compact = '{"full_name":"Ana Lopez","languages":["en","es"]}'
    spaced = '{\n  "languages": [ "en", "es" ],\n  "full_name": "Ana Lopez"\n}'
    first = client.post("/api/v1/volunteers", content=compact, headers=headers)
    again = client.post("/api/v1/volunteers", content=spaced, headers=headers)
    assert first.status_code == again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    other = client.post("/api/v1/volunteers", content=spaced.replace("Ana", "Ben"), headers=headers)
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_mismatch"
    assert _count(engine, Volunteer) == 1
