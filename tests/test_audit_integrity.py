"""The audit trail is append-only in the database, and a change whose audit event fails is undone."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, func, select

from service.models import AuditEvent, Case


def _one_event(engine) -> int:
    with Session(engine) as s:
        s.add(AuditEvent(actor="someone@example.org", action="read", entity="case", entity_id="1"))
        s.commit()
        return s.exec(select(AuditEvent.id)).first()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor = 'someone-else' WHERE id = :id",
        "DELETE FROM audit_event WHERE id = :id",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_audit_event(engine, statement):
    event_id = _one_event(engine)
    with Session(engine) as s, pytest.raises(DBAPIError, match="append-only"):
        s.execute(text(statement), {"id": event_id})
        s.commit()
    with Session(engine) as s:
        assert s.get(AuditEvent, event_id).actor == "someone@example.org"


def _break_audit_writes(engine) -> None:
    """Make every new audit event fail to insert, as a full disk or a revoked grant would."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_event "
                    "FOR EACH ROW EXECUTE FUNCTION audit_down()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_event "
                    "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
                )
            )


def test_a_change_whose_audit_event_cannot_be_written_fails_and_is_not_stored(
    world, client, engine
):
    world.case("CA-KEPT")
    with Session(engine) as s:
        cases_before = s.exec(select(func.count()).select_from(Case)).one()
        events_before = s.exec(select(func.count()).select_from(AuditEvent)).one()
    _break_audit_writes(engine)
    client = TestClient(client.app, raise_server_exceptions=False)
    r = client.post(
        "/api/v1/cases",
        json={
            "program_id": world.njp["id"],
            "external_ref": "CA-UNAUDITED",
            "referral_source": "prosecutor",
            "parties": [{"role": "participant", "person": {"full_name": "Pat Doe"}}],
        },
        headers=world.coordinator,
    )
    assert r.status_code >= 400, r.text
    assert "error" in r.json()
    read = client.get("/api/v1/cases?external_ref=CA-KEPT", headers=world.coordinator)
    assert read.status_code >= 400  # reading a case is audited too: no unaudited read
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Case)).one() == cases_before
        assert s.exec(select(func.count()).select_from(AuditEvent)).one() == events_before
