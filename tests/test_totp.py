"""The TOTP second factor over the API and in the use cases: enrolment, codes that work once,
the sign-in wait, viewers, and the setting that relaxes it."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
import pytest
from sqlmodel import select

from service.accounts import auth, totp
from service.errors import Invalid, TotpInvalid, TotpRequired
from service.models import User
from support import (
    PASSWORD,
    TOTP_SECRET,
    audit_trail,
    credentials,
    error_code,
    login,
    make_user,
    post_login,
    totp_code,
    user_row,
)

LOGIN = "/api/v1/auth/login"


# --- the API ------------------------------------------------------------------------------------


def test_api_enrolment_then_sign_in_with_a_code(client, engine):
    email = make_user(engine, "coordinator", totp=False)
    body = {"email": email, "password": PASSWORD}
    r = client.post(LOGIN, json=body)
    assert r.status_code == 403 and error_code(r) == "totp_enrolment_required"
    assert "/api/v1/auth/totp/enrol" in r.json()["error"]["message"]

    r = client.post("/api/v1/auth/totp/enrol", json=body)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    secret = r.json()["secret"]
    assert len(secret) == 32 and r.json()["otpauth_uri"].startswith("otpauth://totp/Convene:")
    assert f"secret={secret}" in r.json()["otpauth_uri"]
    # Reloading enrolment keeps the secret an app may already hold.
    assert client.post("/api/v1/auth/totp/enrol", json=body).json()["secret"] == secret
    # A wrong password never shows it.
    wrong = client.post("/api/v1/auth/totp/enrol", json=body | {"password": "not the password"})
    assert wrong.status_code == 401 and "secret" not in wrong.text

    r = client.post("/api/v1/auth/totp/confirm", json=body | {"code": "000000"})
    assert r.status_code == 401 and error_code(r) == "totp_invalid"
    code = pyotp.TOTP(secret).now()
    r = client.post("/api/v1/auth/totp/confirm", json=body | {"code": code})
    assert r.status_code == 200, r.text
    me = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.json()["second_factor"] is True

    r = client.post("/api/v1/auth/totp/enrol", json=body)
    assert r.status_code == 409 and "secret" not in r.text  # a confirmed factor is never re-shown
    assert [e.detail for e in audit_trail(engine, email, "totp_enrol")] == [
        "new secret issued",
        "unconfirmed secret shown again",
    ]
    assert len(audit_trail(engine, email, "totp_confirm")) == 1
    failures = [e.detail for e in audit_trail(engine, email, "login") if e.outcome == "failure"]
    assert failures == ["wrong password", "wrong authenticator code (enrolment)"]

    login(client, email)  # from now on a code is asked for, and accepted


def test_api_code_missing_wrong_and_right(client, engine):
    email = make_user(engine, "admin")
    body = {"email": email, "password": PASSWORD}
    r = client.post(LOGIN, json=body)
    assert r.status_code == 401 and error_code(r) == "totp_required"
    r = client.post(LOGIN, json=body | {"totp_code": "123456"})
    assert r.status_code == 401 and error_code(r) == "totp_invalid"
    r = client.post(LOGIN, json=body | {"totp_code": "12345x"})
    assert r.status_code == 401 and error_code(r) == "totp_invalid"
    r = client.post(
        LOGIN, json=body | {"totp_code": " " + totp_code(email)[:3] + " " + totp_code(email)[3:]}
    )
    assert r.status_code == 200, r.text  # spaces, as apps show the code, are fine
    events = audit_trail(engine, email, "login")
    assert [(e.outcome, e.detail) for e in events] == [
        ("pending", "password accepted; authenticator code needed"),
        ("failure", "wrong authenticator code (sign-in)"),
        ("failure", "wrong authenticator code (sign-in)"),
        ("success", ""),
    ]
    user = user_row(engine, email)
    assert user.failed_logins == 0 and user.totp_last_step is not None


def test_a_code_works_once(client, engine):
    email = make_user(engine, "coordinator")
    code = pyotp.TOTP(TOTP_SECRET).now()
    body = {"email": email, "password": PASSWORD, "totp_code": code}
    assert client.post(LOGIN, json=body).status_code == 200
    r = client.post(LOGIN, json=body)
    assert r.status_code == 401 and error_code(r) == "totp_invalid"
    assert "already used" in r.json()["error"]["message"]
    assert (
        audit_trail(engine, email, "login")[-1].detail
        == "already used authenticator code (sign-in)"
    )


def test_steps_either_side_are_accepted_once_and_older_ones_never(session, engine):
    email = make_user(engine, "coordinator")
    user = session.exec(select(User).where(User.email == email)).one()
    gen = pyotp.TOTP(TOTP_SECRET)
    now = datetime(2026, 3, 2, 17, 0, 10, tzinfo=UTC)
    step = gen.timecode(now)
    with pytest.raises(TotpInvalid):  # two steps away: too far
        totp.verify(session, user, gen.generate_otp(step - 2), ip=None, now=now)
    with pytest.raises(TotpRequired):
        totp.verify(session, user, "", ip=None, now=now)
    totp.verify(session, user, gen.generate_otp(step - 1), ip=None, now=now)
    totp.verify(session, user, gen.generate_otp(step + 1), ip=None, now=now)  # a fast clock
    assert user.totp_last_step == step + 1
    with pytest.raises(TotpInvalid):  # older than the last accepted step, though in the window
        totp.verify(session, user, gen.generate_otp(step), ip=None, now=now)
    session.commit()
    assert user_row(engine, email).totp_last_step == step + 1
    viewer = session.exec(select(User).where(User.email == make_user(engine, "viewer"))).one()
    with pytest.raises(Invalid):
        totp.verify(session, viewer, "123456", ip=None, now=now)


def test_wrong_codes_count_toward_the_wait(client, engine):
    email = make_user(engine, "coordinator")
    for _ in range(2):
        assert (
            client.post(LOGIN, json={"email": email, "password": "wrong password!"}).status_code
            == 401
        )
    body = {"email": email, "password": PASSWORD}
    for _ in range(2):
        assert client.post(LOGIN, json=body | {"totp_code": "000000"}).status_code == 401
    # A right password alone does not clear the count: the next wrong code is the fifth failure.
    assert client.post(LOGIN, json=body).status_code == 401
    assert client.post(LOGIN, json=body | {"totp_code": "000000"}).status_code == 401
    # Now the address waits, right code or not: a stolen password buys no run of guesses.
    r = client.post(LOGIN, json=credentials(email))
    assert r.status_code == 429 and error_code(r) == "too_many_attempts"
    assert user_row(engine, email).locked_at is None


def test_the_code_step_itself_is_throttled(session, engine):
    from service.accounts import lockout
    from service.errors import TooManyAttempts

    email = make_user(engine, "coordinator")
    right = totp_code(email)
    user = session.exec(select(User).where(User.email == email)).one()
    for _ in range(lockout.FREE_TRIES):
        with pytest.raises(TotpInvalid):
            totp.verify(session, user, "000000", ip="203.0.113.9")
    with pytest.raises(TooManyAttempts):  # even the right code waits its turn
        totp.verify(session, user, right, ip="203.0.113.9")
    totp.verify(session, user, right, ip="198.51.100.7")  # the owner, elsewhere


def test_api_tokens_need_no_code(client, engine, admin, world):
    coord_id = client.get("/api/v1/auth/me", headers=world.coordinator).json()["id"]
    token = client.post(
        "/api/v1/api-tokens", json={"name": "DA", "user_id": coord_id}, headers=admin
    ).json()["token"]
    assert (
        client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )


# --- viewers and the setting --------------------------------------------------------------------


def test_a_viewer_without_a_factor_signs_in_and_may_enrol(client, engine):
    email = make_user(engine, "viewer")
    assert client.post(LOGIN, json={"email": email, "password": PASSWORD}).status_code == 200
    r = post_login(client, data={"email": email, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"  # no code step
    body = {"email": email, "password": PASSWORD}
    secret = client.post("/api/v1/auth/totp/enrol", json=body).json()["secret"]
    code = pyotp.TOTP(secret).now()
    assert client.post("/api/v1/auth/totp/confirm", json=body | {"code": code}).status_code == 200
    r = client.post(LOGIN, json=body)  # once enrolled, the code is asked of a viewer too
    assert r.status_code == 401 and error_code(r) == "totp_required"


def test_totp_not_required_lets_coordinators_in_with_a_password(client, engine, monkeypatch):
    from service.config import get_settings

    monkeypatch.setenv("CONVENE_TOTP_REQUIRED", "false")
    get_settings.cache_clear()
    assert get_settings().totp_required is False
    plain = make_user(engine, "coordinator", totp=False)
    assert client.post(LOGIN, json={"email": plain, "password": PASSWORD}).status_code == 200
    r = post_login(client, data={"email": plain, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"  # no enrolment step
    enrolled = make_user(engine, "admin")
    r = client.post(LOGIN, json={"email": enrolled, "password": PASSWORD})
    assert r.status_code == 401 and error_code(r) == "totp_required"  # a factor set up still counts
    login(client, enrolled)


# --- an administrator's reset (the pages and the API: tests/web/test_web_totp.py) ------------


def test_reset_use_case_needs_no_factor_to_exist(session, engine):
    email = make_user(engine, "viewer")
    admin_email = make_user(engine, "admin")
    user = session.exec(select(User).where(User.email == email)).one()
    boss = session.exec(select(User).where(User.email == admin_email)).one()
    totp.reset(session, user, auth.Principal(user=boss))
    session.commit()
    assert audit_trail(engine, email, "totp_reset")[0].detail.endswith("(none confirmed)")


# --- the demo's accounts: a minute to try in development, never a way in in production -------


DEMO_COORDINATOR = "coordinator@convene.example"


def test_demo_accounts_need_no_authenticator_in_development(client, engine):
    from service import demo

    assert all(email.endswith(totp.DEMO_DOMAIN) for email, _, _ in demo.DEMO_ACCOUNTS)
    make_user(engine, "coordinator", email=DEMO_COORDINATOR, totp=False)
    r = client.post(LOGIN, json={"email": DEMO_COORDINATOR, "password": PASSWORD})
    assert r.status_code == 200, r.text
    r = post_login(
        client, data={"email": DEMO_COORDINATOR, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/"  # no enrolment step
    other = make_user(engine, "coordinator", totp=False)  # anyone else still enrols
    r = client.post(LOGIN, json={"email": other, "password": PASSWORD})
    assert r.status_code == 403 and error_code(r) == "totp_enrolment_required"


def test_demo_accounts_must_enrol_in_production(client, engine, monkeypatch):
    from service.config import get_settings

    monkeypatch.setenv("CONVENE_ENV", "production")
    monkeypatch.setenv("CONVENE_SECRET_KEY", "a-production-secret-of-enough-length-0123456789")
    get_settings.cache_clear()
    assert get_settings().env == "production"
    make_user(engine, "coordinator", email=DEMO_COORDINATOR, totp=False)
    r = client.post(LOGIN, json={"email": DEMO_COORDINATOR, "password": PASSWORD})
    assert r.status_code == 403 and error_code(r) == "totp_enrolment_required"
    r = post_login(
        client, data={"email": DEMO_COORDINATOR, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/login/enrol")
