"""Accounts, sessions, API tokens, and role checks on every /api/v1 route."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from service import security
from service.accounts import auth
from service.errors import Invalid
from service.models import ApiToken, AuditEvent, User, WebSession
from support import PASSWORD, login, make_user


def test_production_password_hash_is_memory_hard():
    # Tests swap in a cheap hasher; the module's own parameters are the production ones.
    from argon2 import PasswordHasher

    import service.security as sec

    with open(sec.__file__) as fh:
        source = fh.read()
    assert "memory_cost=64 * 1024" in source
    h = PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=2).hash("x" * 10)
    assert h.startswith("$argon2id$") and "m=65536" in h


def test_password_is_stored_hashed(engine):
    email = make_user(engine, "admin")
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_login_logout_and_me(client, engine):
    email = make_user(engine, "coordinator")
    headers = login(client, email)
    assert client.get("/api/v1/auth/me", headers=headers).json()["email"] == email
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    r = client.get("/api/v1/auth/me", headers=headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_cookie_session_is_httponly(client, engine):
    email = make_user(engine, "viewer")
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    cookie = r.headers["set-cookie"]
    assert "convene_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get("/api/v1/auth/me").status_code == 200  # the client keeps the cookie


def test_wrong_passwords_are_audited_and_make_the_address_wait(client, engine):
    email = make_user(engine, "coordinator")
    for _ in range(5):
        r = client.post("/api/v1/auth/login", json={"email": email, "password": "wrong password!"})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts"
    assert "try again in a minute" in r.json()["error"]["message"]
    assert 1 <= int(r.headers["retry-after"]) <= 61
    with Session(engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "login")).all()
        assert [e.outcome for e in events] == ["failure"] * 5 + ["throttled"]
        assert {e.ip for e in events} == {"testclient"}
        # Failures never lock the account itself: only this address waits.
        assert s.exec(select(User).where(User.email == email)).one().locked_at is None


def test_admin_unlocks_a_locked_account(client, engine, admin):
    email = make_user(engine, "viewer")
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        user.locked_at = user.created_at  # locked by an administrator, or before throttling
        s.add(user)
        s.commit()
        uid = user.id
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 401 and "locked" in r.json()["error"]["message"]
    r = client.patch(f"/api/v1/users/{uid}", json={"unlock": True}, headers=admin)
    assert r.status_code == 200 and r.json()["locked"] is False
    login(client, email)


def test_idle_session_expires(client, engine):
    headers = login(client, make_user(engine, "viewer"))
    with Session(engine) as s:
        for ws in s.exec(select(WebSession)).all():
            ws.last_seen_at = datetime.now(UTC) - timedelta(minutes=31)
            s.add(ws)
        s.commit()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_user_management(client, engine, admin):
    r = client.post(
        "/api/v1/users",
        json={
            "email": "new@example.org",
            "full_name": "New",
            "password": "password1",
            "role": "coordinator",
        },
        headers=admin,
    )
    assert r.status_code == 422 and "too common" in r.text
    r = client.post(
        "/api/v1/users",
        json={
            "email": "new@example.org",
            "full_name": "New",
            "password": "short",
            "role": "coordinator",
        },
        headers=admin,
    )
    assert r.status_code == 422
    r = client.post(
        "/api/v1/users",
        json={
            "email": "new@example.org",
            "full_name": "New",
            "password": "a long passphrase",
            "role": "coordinator",
            "program_ids": [999],
        },
        headers=admin,
    )
    assert r.status_code == 422
    r = client.post(
        "/api/v1/users",
        json={
            "email": "new@example.org",
            "full_name": "New",
            "password": "a long passphrase",
            "role": "coordinator",
        },
        headers=admin,
    )
    assert r.status_code == 201
    assert (
        client.post(
            "/api/v1/users",
            json={
                "email": "NEW@example.org",
                "full_name": "Dup",
                "password": "a long passphrase",
                "role": "viewer",
            },
            headers=admin,
        ).status_code
        == 409
    )
    uid = r.json()["id"]
    r = client.patch(f"/api/v1/users/{uid}", json={"role": "viewer"}, headers=admin)
    assert r.json()["role"] == "viewer"
    with Session(engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "permission_change")).all()


def test_an_administrator_cannot_remove_their_own_access_through_the_api(client, admin):
    """The only administrator demoting or deactivating themselves would lock everyone out."""
    me = client.get("/api/v1/auth/me", headers=admin).json()["id"]
    for change in ({"role": "viewer"}, {"role": "coordinator"}, {"is_active": False}):
        r = client.patch(f"/api/v1/users/{me}", json=change, headers=admin)
        assert r.status_code == 422, (change, r.text)
        error = r.json()["error"]
        assert error["message"] == "you cannot remove your own administrator access"
        assert error["details"][0]["field"] == "role"
    mine = client.get(f"/api/v1/users/{me}", headers=admin).json()
    assert mine["role"] == "admin" and mine["is_active"] is True
    # Other changes to one's own account still go through.
    r = client.patch(f"/api/v1/users/{me}", json={"full_name": "Still Admin"}, headers=admin)
    assert r.status_code == 200 and r.json()["role"] == "admin"


def test_api_tokens_are_hashed_scoped_expiring_revocable(client, engine, admin, world):
    coord_id = client.get("/api/v1/auth/me", headers=world.coordinator).json()["id"]
    r = client.post(
        "/api/v1/api-tokens",
        json={"name": "DA case system", "user_id": coord_id, "scope": "read"},
        headers=admin,
    )
    assert r.status_code == 201
    token = r.json()["token"]
    assert token.startswith(security.API_TOKEN_PREFIX)
    with Session(engine) as s:
        row = s.exec(select(ApiToken)).one()
        assert row.token_hash == security.token_hash(token) and token not in row.token_hash
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/cases", headers=bearer).status_code == 200
    r = client.post(
        "/api/v1/cases", json={"program_id": world.njp["id"], "external_ref": "T-1"}, headers=bearer
    )
    assert r.status_code == 403  # read scope
    w = client.post(
        "/api/v1/api-tokens",
        json={"name": "writer", "user_id": coord_id, "scope": "write"},
        headers=admin,
    ).json()
    assert (
        client.post(
            "/api/v1/cases",
            json={"program_id": world.njp["id"], "external_ref": "T-1"},
            headers={"Authorization": f"Bearer {w['token']}"},
        ).status_code
        == 201
    )
    assert "token" not in client.get("/api/v1/api-tokens", headers=admin).json()["items"][0]
    assert (
        client.delete(
            f"/api/v1/api-tokens/{r_id(client, admin, 'DA case system')}", headers=admin
        ).status_code
        == 204
    )
    assert client.get("/api/v1/cases", headers=bearer).status_code == 401
    past = client.post(
        "/api/v1/api-tokens",
        json={"name": "old", "user_id": coord_id, "expires_at": "2020-01-01T00:00:00Z"},
        headers=admin,
    )
    assert past.status_code == 422
    soon = client.post(
        "/api/v1/api-tokens",
        json={
            "name": "soon",
            "user_id": coord_id,
            "expires_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
        },
        headers=admin,
    ).json()
    with Session(engine) as s:
        row = s.get(ApiToken, soon["id"])
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        s.add(row)
        s.commit()
    assert (
        client.get(
            "/api/v1/cases", headers={"Authorization": f"Bearer {soon['token']}"}
        ).status_code
        == 401
    )


def r_id(client, admin, name: str) -> int:
    return next(
        t["id"]
        for t in client.get("/api/v1/api-tokens", headers=admin).json()["items"]
        if t["name"] == name
    )


# Routes that take an email and password instead of a bearer token.
SIGN_IN_ROUTES = ("/api/v1/auth/login", "/api/v1/auth/totp/enrol", "/api/v1/auth/totp/confirm")


def _routes(app) -> list[tuple[str, str]]:
    out = []
    for path, item in app.openapi()["paths"].items():
        if not path.startswith("/api/v1") or path in SIGN_IN_ROUTES:
            continue
        for method in item:
            out.append((method.upper(), re.sub(r"\{[^}]+\}", "1", path)))
    return out


def test_every_api_route_requires_credentials(client, app):
    routes = _routes(app)
    assert len(routes) >= 40
    for method, path in routes:
        r = client.request(method, path, json={})
        assert r.status_code == 401, (method, path, r.status_code)
        assert r.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_writes_and_admin_routes_are_refused_by_role(client, app, world, role):
    headers = world.viewer if role == "viewer" else world.coordinator
    checked = 0
    admin_only = (
        "/api/v1/users",
        "/api/v1/api-tokens",
        "/api/v1/programs",
        "/api/v1/neighborhoods",
        "/api/v1/venues",
    )
    for method, path in _routes(app):
        if path.startswith("/api/v1/auth"):
            continue
        program_itself = path in ("/api/v1/programs", "/api/v1/programs/1")
        is_admin = path.startswith(admin_only[:2]) or (
            method != "GET" and (program_itself or path.startswith(admin_only[3:]))
        )
        if method == "GET" and not is_admin:
            continue
        if role == "coordinator" and not is_admin:
            continue  # coordinators write; their program scope is tested elsewhere
        r = client.request(method, path, json={}, headers=headers)
        # the role check runs before the body is read: even an empty body gets 403, not 422
        assert r.status_code == 403, (method, path, r.status_code)
        assert r.json()["error"]["code"] == "forbidden", (method, path, r.text)
        checked += 1
    assert checked >= (5 if role == "coordinator" else 20)


def test_admins_search_and_export_the_audit_trail(client, engine, admin, world):
    email = make_user(engine, "viewer")
    client.post("/api/v1/auth/login", json={"email": email, "password": "wrong wrong wrong"})
    case = world.case()
    client.get(f"/api/v1/cases/{case['id']}", headers=world.coordinator)
    r = client.get(
        "/api/v1/audit-events", params={"action": "login", "outcome": "failure"}, headers=admin
    )
    assert r.status_code == 200
    assert [e["actor"] for e in r.json()["items"]] == [email]
    reads = client.get(
        "/api/v1/audit-events",
        params={"entity": "case", "entity_id": str(case["id"]), "action": "read"},
        headers=admin,
    ).json()
    assert reads["total"] >= 1 and reads["items"][0]["ip"]
    csv = client.get("/api/v1/audit-events/export.csv", params={"entity": "case"}, headers=admin)
    assert (
        csv.status_code == 200
        and csv.text.startswith("id,at,actor")
        and f",case,{case['id']}," in csv.text
    )
    assert client.get("/api/v1/audit-events", headers=world.coordinator).status_code == 403


def test_failures_older_than_an_hour_do_not_count(client, engine):
    email = make_user(engine, "coordinator")
    with Session(engine) as s:
        # The trail is append-only: the old failures are written as they would have been then.
        user = s.exec(select(User).where(User.email == email)).one()
        for _ in range(4):
            s.add(
                AuditEvent(
                    at=datetime.now(UTC) - timedelta(minutes=61), actor=email, user_id=user.id,
                    action="login", entity="user", entity_id=str(user.id), outcome="failure",
                    ip="testclient",
                )
            )  # fmt: skip
        s.commit()
    for _ in range(4):
        assert (
            client.post(
                "/api/v1/auth/login", json={"email": email, "password": "still wrong"}
            ).status_code
            == 401
        )
    login(client, email)  # 4 recent failures (8 in all): no wait


@pytest.mark.parametrize(
    "password", ["baseball", "Password1", "trustno1", "SUPERMAN", "1q2w3e4r5t", "Convene123"]
)
def test_common_passwords_are_refused(password):
    with pytest.raises(Invalid, match="too common"):
        auth.check_password_policy(password)


def test_the_common_password_list_is_large_and_loaded_once():
    words = auth.common_passwords()
    assert len(words) >= 10_000 and words is auth.common_passwords()
    assert all(w == w.lower() for w in words)
    auth.check_password_policy("correct horse battery")
    with pytest.raises(Invalid, match="at least 8"):
        auth.check_password_policy("zq8#x")
