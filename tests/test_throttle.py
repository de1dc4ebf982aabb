"""Failed sign-ins slow the address they come from, never lock the owner out (issue #18)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from service.accounts import lockout
from service.models import AuditEvent, User
from support import PASSWORD, credentials, error_code, make_user, post_login, user_row

LOGIN = "/api/v1/auth/login"
STRANGER, OWNER = "203.0.113.9", "198.51.100.7"


def client_at(app, ip: str) -> TestClient:
    """A client whose requests come from this address."""
    return TestClient(app, client=(ip, 40000))


def wrong(client: TestClient, email: str):
    return client.post(LOGIN, json={"email": email, "password": "not the password"})


def later(monkeypatch, **delta) -> None:
    """Move the throttle's clock forward (the audit events keep their real times)."""
    monkeypatch.setattr(lockout, "utcnow", lambda: datetime.now(UTC) + timedelta(**delta))


def test_a_stranger_cannot_lock_the_owner_out(app, engine):
    email = make_user(engine, "coordinator")
    stranger, owner = client_at(app, STRANGER), client_at(app, OWNER)
    for _ in range(lockout.FREE_TRIES):
        assert wrong(stranger, email).status_code == 401
    for _ in range(20):  # a stranger who keeps trying only keeps being refused
        r = stranger.post(LOGIN, json=credentials(email, engine))
        assert r.status_code == 429 and error_code(r) == "too_many_attempts"
    assert owner.post(LOGIN, json=credentials(email, engine)).status_code == 200
    assert user_row(engine, email).locked_at is None
    with Session(engine) as s:
        outcomes = [
            (e.ip, e.outcome)
            for e in s.exec(select(AuditEvent).where(AuditEvent.action == "login")).all()
        ]
    assert outcomes.count((STRANGER, "failure")) == lockout.FREE_TRIES
    assert outcomes.count((STRANGER, "throttled")) == 20
    assert outcomes[-1] == (OWNER, "success")


def failures(engine, email: str, ip: str, count: int, ago: timedelta) -> None:
    """Failed sign-ins written as they would have been `ago` (the trail is append-only)."""
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        for _ in range(count):
            s.add(AuditEvent(actor=email, action="login", entity="user", entity_id=str(user.id),
                             ip=ip, outcome="failure", at=datetime.now(UTC) - ago))  # fmt: skip
        s.commit()


def test_waits_double_up_to_fifteen_minutes_and_then_end(app, engine, monkeypatch):
    email = make_user(engine, "viewer")
    stranger = client_at(app, STRANGER)
    for _ in range(lockout.FREE_TRIES):
        wrong(stranger, email)
    assert "try again in a minute" in wrong(stranger, email).json()["error"]["message"]
    other = make_user(engine, "viewer")
    failures(engine, other, STRANGER, lockout.FREE_TRIES, timedelta(seconds=61))
    assert wrong(stranger, other).status_code == 401  # the sixth try, a minute after the fifth
    r = wrong(stranger, other)
    assert r.status_code == 429 and "try again in 2 minutes" in r.json()["error"]["message"]
    failures(engine, other, STRANGER, 6, timedelta(0))
    with Session(engine) as s:
        now = datetime.now(UTC)
        state = lockout.pair_state(s, other, user_row(engine, other), STRANGER, now)
    assert state.failures == 12 and state.until - now <= timedelta(minutes=15)  # the longest
    assert state.until - now > timedelta(minutes=14)
    later(monkeypatch, minutes=15, seconds=1)
    assert stranger.post(LOGIN, json={"email": other, "password": PASSWORD}).status_code == 200


def test_the_owner_from_their_own_address_gets_in_after_the_wait(app, engine, monkeypatch):
    email = make_user(engine, "viewer")
    owner = client_at(app, OWNER)
    for _ in range(lockout.FREE_TRIES):  # the owner's own typos
        wrong(owner, email)
    assert owner.post(LOGIN, json={"email": email, "password": PASSWORD}).status_code == 429
    later(monkeypatch, seconds=61)
    assert owner.post(LOGIN, json={"email": email, "password": PASSWORD}).status_code == 200
    assert wrong(owner, email).status_code == 401  # a completed sign-in cleared the count


def test_an_administrator_lifts_the_wait(app, engine, client, admin):
    email = make_user(engine, "viewer")
    stranger = client_at(app, STRANGER)
    for _ in range(lockout.FREE_TRIES):
        wrong(stranger, email)
    uid = user_row(engine, email).id
    assert client.get(f"/api/v1/users/{uid}", headers=admin).json()["locked"] is True
    r = client.patch(f"/api/v1/users/{uid}", json={"unlock": True}, headers=admin)
    assert r.status_code == 200 and r.json()["locked"] is False
    assert stranger.post(LOGIN, json={"email": email, "password": PASSWORD}).status_code == 200
    with Session(engine) as s:
        reset = s.exec(select(AuditEvent).where(AuditEvent.outcome == "reset")).one()
    assert reset.entity_id == str(uid) and reset.user_id is not None and email in reset.detail


def test_one_address_spraying_many_emails_is_refused(app, engine):
    email = make_user(engine, "viewer")
    sprayer, owner = client_at(app, STRANGER), client_at(app, OWNER)
    for n in range(lockout.ADDRESS_LIMIT):
        assert wrong(sprayer, f"guess{n}@example.org").status_code == 401
    r = sprayer.post(LOGIN, json={"email": email, "password": PASSWORD})
    assert r.status_code == 429 and "from your address" in r.json()["error"]["message"]
    assert 800 <= int(r.headers["retry-after"]) <= 901  # until the first failure is 15 minutes old
    assert owner.post(LOGIN, json={"email": email, "password": PASSWORD}).status_code == 200


def test_unknown_emails_wait_like_known_ones(app, engine):
    stranger = client_at(app, STRANGER)
    known = make_user(engine, "viewer")
    answers = []
    for email in (known, "nobody@example.org"):
        for _ in range(lockout.FREE_TRIES):
            wrong(stranger, email)
        r = wrong(stranger, email)
        answers.append((r.status_code, r.json()["error"]["message"]))
    assert answers[0] == answers[1] and answers[0][0] == 429  # no hint which accounts exist


def test_the_sign_in_page_says_how_long_to_wait(app, engine):
    email = make_user(engine, "viewer")
    page = client_at(app, STRANGER)
    for _ in range(lockout.FREE_TRIES):
        r = post_login(page, {"email": email, "password": "not it"})
        assert r.status_code == 401
    r = post_login(page, {"email": email, "password": PASSWORD})
    assert r.status_code == 429 and "try again in a minute" in r.text
    assert f'value="{email}"' in r.text and r.headers["retry-after"]


def test_the_admin_page_shows_and_lifts_a_wait(app, engine, client):
    from web.web_support import csrf_of, sign_in

    email = make_user(engine, "viewer")
    stranger = client_at(app, STRANGER)
    for _ in range(lockout.FREE_TRIES):
        wrong(stranger, email)
    uid = user_row(engine, email).id
    sign_in(client, engine, "admin")
    page = client.get(f"/admin/users/{uid}")
    assert "locked" in page.text
    r = client.post(f"/admin/users/{uid}/unlock", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 200 and "Account unlocked." in r.text
    assert stranger.post(LOGIN, json={"email": email, "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/auth/totp/enrol", "/api/v1/auth/totp/confirm"])
def test_enrolment_routes_are_throttled_too(app, engine, path):
    email = make_user(engine, "coordinator", totp=False)
    stranger = client_at(app, STRANGER)
    for _ in range(lockout.FREE_TRIES):
        wrong(stranger, email)
    r = stranger.post(path, json={"email": email, "password": PASSWORD, "code": "123456"})
    assert r.status_code == 429 and error_code(r) == "too_many_attempts"


def test_the_code_page_says_how_long_to_wait(app, engine):
    email = make_user(engine, "coordinator")
    page = client_at(app, STRANGER)  # someone who has the password but not the phone
    r = post_login(page, {"email": email, "password": PASSWORD, "next": "/today"})
    assert r.url.path == "/login/code"
    for _ in range(lockout.FREE_TRIES):
        r = page.post("/login/code", data={"code": "000000", "next": "/today"})
        assert r.status_code == 401 and "wrong authenticator code" in r.text
    r = page.post("/login/code", data={"code": "000000", "next": "/today"})
    assert r.status_code == 429 and "try again in a minute" in r.text
    assert "Traceback" not in r.text and r.headers["retry-after"]
