"""The second factor in the pages: enrolment, the code step, the pending state that reaches
nothing else, and an administrator's reset (page and API)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
from sqlmodel import Session, select
from web_support import assert_accessible, csrf_of, web_login

from service.accounts import totp
from service.models import WebSession
from support import PASSWORD, audit_trail, error_code, make_user, post_login, totp_code, user_row

LOGIN = "/api/v1/auth/login"


def test_page_enrolment_shows_the_key_and_signs_in_with_the_first_code(client, engine):
    email = make_user(engine, "coordinator", totp=False)
    r = post_login(
        client,
        data={"email": email, "password": PASSWORD, "next": "/cases"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/login/enrol?next=/cases"
    assert "convene_session" not in r.headers["set-cookie"]
    r = client.get("/login/enrol?next=/cases")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert_accessible(r.text)
    grouped = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', r.text).group(1)
    secret = grouped.replace(" ", "")
    assert len(grouped.split()) == 8 and user_row(engine, email).totp_secret == secret
    assert f"otpauth://totp/Convene:{email.replace('@', '%40')}?secret={secret}" in r.text

    r = client.post("/login/enrol", data={"code": "000000", "next": "/cases"})
    assert r.status_code == 401 and "wrong authenticator code" in r.text
    assert secret in r.text.replace(" ", "")  # the same key, to try again
    code = pyotp.TOTP(secret).now()
    r = client.post("/login/enrol", data={"code": code, "next": "/cases"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/cases"
    assert client.get("/cases").status_code == 200
    assert user_row(engine, email).totp_confirmed_at is not None
    assert len(audit_trail(engine, email, "totp_confirm")) == 1


def test_page_code_step_refuses_a_wrong_code_and_audits_it(client, engine):
    email = make_user(engine, "coordinator")
    r = post_login(
        client,
        data={"email": email, "password": PASSWORD, "next": "/today"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/login/code?next=/today"
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and email in page.text
    assert_accessible(page.text)
    r = client.post("/login/code", data={"code": "999999", "next": "/today"})
    assert r.status_code == 401 and "wrong authenticator code" in r.text
    assert audit_trail(engine, email, "login")[-1].detail == "wrong authenticator code (sign-in)"
    r = client.post(
        "/login/code", data={"code": totp_code(email), "next": "/today"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/today"


def test_the_pending_state_reaches_nothing_else(client, engine, world):
    client.cookies.clear()
    email = make_user(engine, "coordinator", [world.njp["id"]])
    r = post_login(
        client,
        data={"email": email, "password": PASSWORD, "next": "/today"},
        follow_redirects=False,
    )
    cookie = r.headers["set-cookie"]
    assert "Path=/login" in cookie and "SameSite=strict" in cookie and "HttpOnly" in cookie
    marker = client.cookies.get(totp.PENDING_COOKIE)
    assert marker and client.cookies.get("convene_session") is None
    with Session(engine) as s:
        uid = user_row(engine, email).id
        assert s.exec(select(WebSession).where(WebSession.user_id == uid)).all() == []
    for path in ("/today", "/cases", "/admin/users"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
    assert client.get("/api/v1/auth/me").status_code == 401
    # The marker is no session token, as cookie or as bearer.
    assert (
        client.get("/api/v1/cases", headers={"Authorization": f"Bearer {marker}"}).status_code
        == 401
    )
    client.cookies.set("convene_session", marker)
    assert client.get("/today", follow_redirects=False).status_code == 303
    client.cookies.delete("convene_session")
    # The code marker does not open enrolment; a forged or tampered one opens nothing.
    assert client.get("/login/enrol", follow_redirects=False).status_code == 303
    uid, purpose, expires, mac = marker.split(".")
    for forged in (
        f"{uid}.enrol.{expires}.{mac}",
        f"{uid}.code.{int(expires) + 600}.{mac}",
        f"{uid}.code.{expires}.{'0' * 64}",
    ):
        client.cookies.set(totp.PENDING_COOKIE, forged, path="/login")
        assert client.get("/login/code", follow_redirects=False).status_code == 303, forged
    client.cookies.set(totp.PENDING_COOKIE, marker, path="/login")
    web_user = user_row(engine, email)
    with Session(engine) as s:
        later = datetime.now(UTC) + timedelta(minutes=11)
        assert totp.read_pending(s, marker, "code") is not None
        assert totp.read_pending(s, marker, "code", now=later) is None  # ten minutes at most
    r = client.post(
        "/login/code", data={"code": totp_code(email), "next": "/today"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/today"
    assert client.get("/today").status_code == 200
    # Once the sign-in is done the marker is spent: a copy of it cannot start another.
    with Session(engine) as s:
        assert totp.read_pending(s, marker, "code") is None
    assert web_user.last_login_at != user_row(engine, email).last_login_at


def test_the_code_page_without_a_password_step_goes_to_sign_in(client, engine):
    client.cookies.clear()
    r = client.get("/login/code?next=/cases", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/cases"
    r = client.post(
        "/login/code", data={"code": "123456", "next": "/cases"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/cases"


def test_admin_resets_a_factor_by_api_and_page(client, engine, admin, world):
    email = make_user(engine, "coordinator")
    uid = user_row(engine, email).id
    r = client.delete(f"/api/v1/users/{uid}/totp", headers=world.coordinator)
    assert r.status_code == 403
    assert client.delete(f"/api/v1/users/{uid}/totp", headers=admin).status_code == 204
    user = user_row(engine, email)
    assert (user.totp_secret, user.totp_confirmed_at, user.totp_last_step) == (None, None, None)
    (event,) = audit_trail(engine, email, "totp_reset")
    assert event.actor.startswith("admin-") and email in event.detail
    r = client.post(LOGIN, json={"email": email, "password": PASSWORD})
    assert r.status_code == 403 and error_code(r) == "totp_enrolment_required"

    # the page: the account shows its factor and the button resets it
    other = make_user(engine, "coordinator")
    other_id = user_row(engine, other).id
    client.cookies.clear()
    web_login(client, make_user(engine, "admin"), "/admin/users")
    html = client.get(f"/admin/users/{other_id}").text
    assert 'id="second-factor">set up<' in html and "Reset authenticator" in html
    r = client.post(f"/admin/users/{other_id}/reset-factor", data={"csrf_token": csrf_of(html)})
    assert r.status_code == 200 and "Authenticator reset." in r.text
    assert 'id="second-factor">not set up<' in r.text and "Reset authenticator" not in r.text
    assert user_row(engine, other).totp_confirmed_at is None
    assert len(audit_trail(engine, other, "totp_reset")) == 1
    r = client.post(f"/admin/users/{other_id}/reset-factor", data={"csrf_token": "forged"})
    assert r.status_code == 403
