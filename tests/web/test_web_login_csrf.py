"""The sign-in form's own CSRF token (login CSRF), the Secure flag and HSTS (issue #18)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from web_support import csrf_of

from service.models import AuditEvent
from service.web.auth_pages import FORM_EXPIRED, LOGIN_COOKIE
from support import PASSWORD, make_user, post_login

PRODUCTION_SECRET = "a-production-secret-of-enough-length-0123456789"


def configure(monkeypatch, **env) -> None:
    from service.config import get_settings

    for key, value in env.items():
        monkeypatch.setenv(f"CONVENE_{key.upper()}", value)
    get_settings.cache_clear()


def login_events(engine) -> list[AuditEvent]:
    with Session(engine) as s:
        return s.exec(select(AuditEvent).where(AuditEvent.action == "login")).all()


def test_the_form_carries_a_token_bound_to_its_own_cookie(client):
    r = client.get("/login")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{LOGIN_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/login" in cookie
    token = csrf_of(r.text)
    assert client.get("/login").text.count(token) == 1  # the same token while the cookie lasts


@pytest.mark.parametrize("how", ["no token", "no cookie", "another form's token"])
def test_a_post_without_a_matching_token_gets_a_fresh_form_not_a_sign_in(client, engine, how):
    email = make_user(engine, "viewer")
    data = {"email": email, "password": PASSWORD, "next": "/cases"}
    token = csrf_of(client.get("/login").text)
    if how == "no cookie":  # what a post from another site looks like: SameSite=Strict
        client.cookies.clear()
        data["csrf_token"] = token
    elif how == "another form's token":
        data["csrf_token"] = "0" * 40
    r = client.post("/login", data=data, follow_redirects=False)
    assert r.status_code == 403 and FORM_EXPIRED in r.text and "Traceback" not in r.text
    assert f'value="{email}"' in r.text  # what was typed is kept
    assert "convene_session" not in r.headers.get("set-cookie", "")
    assert login_events(engine) == []  # nothing was tried: no failure counted
    # The fresh form it came back with signs in.
    data["csrf_token"] = csrf_of(r.text)
    r = client.post("/login", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/cases"


def test_the_json_sign_in_cannot_be_posted_by_a_plain_form(client, engine):
    # A form on another site can send text/plain that looks like JSON; it must not sign in.
    email = make_user(engine, "viewer")
    body = json.dumps({"email": email, "password": PASSWORD})
    r = client.post("/api/v1/auth/login", content=body, headers={"Content-Type": "text/plain"})
    assert r.status_code in (415, 422) and "convene_session" not in r.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    ("env", "url", "secure"),
    [
        ("production", "https://convene.example.org", True),
        ("production", "http://127.0.0.1:8000", False),  # follows the URL, not CONVENE_ENV
        ("development", "https://staging.example.org", True),
        ("development", "http://127.0.0.1:8000", False),
    ],
)
def test_cookies_are_secure_when_the_public_url_is_https(
    app, engine, monkeypatch, env, url, secure
):
    configure(monkeypatch, env=env, public_base_url=url, secret_key=PRODUCTION_SECRET)
    # A client keeps a Secure cookie for https only: it speaks the scheme of the public URL.
    client = TestClient(app, base_url=url.replace("127.0.0.1:8000", "testserver"))
    email = make_user(engine, "viewer")
    assert ("Secure" in client.get("/login").headers["set-cookie"]) is secure
    r = post_login(client, {"email": email, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    session_cookie = r.headers["set-cookie"]
    assert "convene_session=" in session_cookie and ("Secure" in session_cookie) is secure
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert ("Secure" in r.headers["set-cookie"]) is secure


@pytest.mark.parametrize(
    ("env", "url", "hsts"),
    [
        ("production", "https://convene.example.org", True),
        ("production", "http://127.0.0.1:8000", False),
        ("development", "https://staging.example.org", False),
    ],
)
def test_production_over_https_sends_hsts(client, monkeypatch, env, url, hsts):
    configure(monkeypatch, env=env, public_base_url=url, secret_key=PRODUCTION_SECRET)
    for path in ("/login", "/api/v1/programs", "/healthz", "/static/favicon.svg"):
        header = client.get(path).headers.get("strict-transport-security")
        assert (header == "max-age=31536000; includeSubDomains") is hsts, path
