"""The load mix's hot reads: a bounded number of statements whatever the page holds, and the
audit trail they leave unchanged by the statements built once (issue 21)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from service import audit
from service.models import ApiToken, AuditEvent
from service.security import token_hash

# A case list: authentication (token, user and programs in one), the count, the page, the
# parties of the page's cases, the audit INSERT. One statement per case would be N+1.
CASE_LIST_STATEMENTS = 5
# A case read: authentication, the case, the audit INSERT, its parties.
CASE_READ_STATEMENTS = 4


@contextmanager
def counting(engine):
    """The SQL statements the app runs inside the block."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


@pytest.fixture
def token(client, admin, world) -> dict[str, str]:
    """A write-scoped API token of the NJP coordinator, as the load test's integration uses."""
    me = client.get("/api/v1/auth/me", headers=world.coordinator).json()["id"]
    r = client.post(
        "/api/v1/api-tokens",
        json={"name": "load", "user_id": me, "scope": "write"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    bearer = {"Authorization": f"Bearer {r.json()['token']}"}
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 200  # first use noted
    return bearer


def test_the_case_list_runs_the_same_few_statements_for_a_page_of_2_or_of_12(
    client, engine, world, token
):
    for i in range(12):
        world.case(f"HOT-{i}")
    counts = []
    for limit in (2, 12):
        with counting(engine) as seen:
            r = client.get(f"/api/v1/cases?limit={limit}", headers=token)
        assert r.status_code == 200 and len(r.json()["items"]) == limit
        assert all(len(c["parties"]) == 2 for c in r.json()["items"])
        counts.append(len(seen))
    assert counts == [CASE_LIST_STATEMENTS, CASE_LIST_STATEMENTS], counts


def test_a_case_read_is_four_statements(client, engine, world, token):
    case = world.case("HOT-READ")
    with counting(engine) as seen:
        r = client.get(f"/api/v1/cases/{case['id']}", headers=token)
    assert r.status_code == 200 and r.json()["external_ref"] == "HOT-READ"
    assert len(seen) == CASE_READ_STATEMENTS, seen


def _trail(engine) -> list[tuple]:
    with Session(engine) as s:
        rows = s.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(e.actor, e.action, e.entity, e.entity_id, e.outcome) for e in rows]


def test_the_hot_reads_leave_the_trail_they_always_left(client, engine, world, token):
    case = world.case("HOT-TRAIL")
    other = world.client.post(
        "/api/v1/cases",
        json={"program_id": world.drp["id"], "external_ref": "DRP-HIDDEN"},
        headers=world.drp_coordinator,
    ).json()
    before = len(_trail(engine))
    assert client.get(f"/api/v1/cases/{case['id']}", headers=token).status_code == 200
    assert client.get("/api/v1/cases?limit=5", headers=token).status_code == 200
    assert client.get("/api/v1/attention", headers=token).status_code == 200
    assert client.get(f"/api/v1/cases/{other['id']}", headers=token).status_code == 404
    new = _trail(engine)[before:]
    actor = new[0][0]
    assert actor.startswith("coordinator") and "(token cvt_" in actor
    assert [row[1:] for row in new] == [
        ("read", "case", str(case["id"]), "success"),
        ("list", "case", None, "success"),
        ("read", "attention", None, "success"),
        ("access", "request", None, "refused"),
    ]
    assert {row[0] for row in new} == {actor}


def test_an_event_waits_for_the_commit_is_seen_by_queries_and_goes_with_a_rollback(engine):
    with Session(engine) as s:
        audit.record(s, actor="a@x", action="read", entity="case", entity_id=1)
        audit.record(s, actor="a@x", action="read", entity="case", entity_id=2)
        # a query in the same transaction sees both, as an added row would be flushed for it
        assert len(s.exec(select(AuditEvent).where(AuditEvent.actor == "a@x")).all()) == 2
        audit.record(s, actor="a@x", action="read", entity="case", entity_id=3)
        s.commit()
    with Session(engine) as s:
        audit.record(s, actor="a@x", action="read", entity="case", entity_id=4)
        s.rollback()
        audit.record(s, actor="a@x", action="read", entity="case", entity_id=5)
        # closed without a commit: nothing of it stays, nor leaks into the next transaction
    with Session(engine) as s:
        s.commit()
        ids = s.exec(select(AuditEvent.entity_id).where(AuditEvent.actor == "a@x")).all()
    assert sorted(ids) == ["1", "2", "3"]


def test_a_revoked_token_is_refused_at_its_next_request(client, engine, admin, token):
    assert client.get("/api/v1/cases", headers=token).status_code == 200
    raw = token["Authorization"].removeprefix("Bearer ")
    with Session(engine) as s:
        row = s.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(raw))).one()
        token_id = row.id
    assert client.delete(f"/api/v1/api-tokens/{token_id}", headers=admin).status_code in (200, 204)
    r = client.get("/api/v1/cases", headers=token)
    assert r.status_code == 401


def test_the_parties_query_reads_every_column_a_person_shows():
    from service.cases import queries
    from service.schemas.cases import PersonPublic

    assert set(queries.PERSON_COLUMNS) == set(PersonPublic.model_fields) - {"texts_in"}
