"""Admin pages: administrators only; programs, venues, template preview, users, API tokens."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, page, sign_in, web_login

from service.models import ApiToken, AuditEvent, Program, User, Venue, VenueWindow
from service.security import token_hash
from support import PASSWORD, make_user, post_login

ADMIN_PAGES = (
    "/admin",
    "/admin/programs",
    "/admin/venues",
    "/admin/venues/new",
    "/admin/templates",
    "/admin/users",
    "/admin/tokens",
)


@pytest.fixture
def admin_csrf(world, client, engine):
    """A signed-in administrator's CSRF token."""
    return sign_in(client, engine, "admin")


def test_every_admin_page_renders_for_an_administrator(world, client, engine, admin_csrf):
    for url in ADMIN_PAGES + (
        f"/admin/programs/{world.njp['id']}",
        f"/admin/venues/{world.venue['id']}",
        "/admin/templates?name=volunteer_invite&lang=es",
    ):
        page(client, url)


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_others_get_403_on_every_admin_page_and_post(role, world, client, engine):
    csrf = sign_in(client, engine, role, [world.njp["id"]])
    for url in ADMIN_PAGES + (f"/admin/programs/{world.njp['id']}",):
        assert client.get(url).status_code == 403, url
    r = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf,
            "email": "x@example.org",
            "full_name": "X",
            "password": PASSWORD,
            "role": "admin",
        },
    )
    assert r.status_code == 403
    r = client.post(
        f"/admin/programs/{world.njp['id']}",
        data={"csrf_token": csrf, "name": "Hijacked", "completion_window_days": "5"},
    )
    assert r.status_code == 403
    with Session(engine) as s:
        assert s.get(Program, world.njp["id"]).name == "Neighborhood Justice Program"
        assert s.exec(select(User).where(User.email == "x@example.org")).first() is None


def test_signed_out_is_sent_to_sign_in(client, engine):
    r = client.get("/admin/users", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/admin/users"


def test_post_without_csrf_is_refused_and_changes_nothing(world, client, engine, admin_csrf):
    r = client.post(f"/admin/programs/{world.njp['id']}", data={"name": "Changed"})
    assert r.status_code == 403
    r = client.post("/admin/tokens", data={"csrf_token": "nope", "name": "t", "user_id": "1"})
    assert r.status_code == 403
    with Session(engine) as s:
        assert s.get(Program, world.njp["id"]).name == "Neighborhood Justice Program"
        assert s.exec(select(ApiToken)).all() == []


def test_program_settings_are_validated_and_saved(world, client, engine, admin_csrf):
    url = f"/admin/programs/{world.njp['id']}"
    base = {"csrf_token": admin_csrf, "name": "NJP", "phone": "213-555-0100", "active": "1"}
    r = client.post(
        url, data=base | {"completion_window_days": "0", "reminder_days_before": "3, 99"}
    )
    assert r.status_code == 422
    assert_accessible(r.text)
    assert (
        'id="completion_window_days-error"' in r.text
        and 'id="reminder_days_before-error"' in r.text
    )
    r = client.post(
        url,
        data=base
        | {
            "completion_window_days": "90",
            "reminder_days_before": "1, 3",
            "obligation_reminder_days": "7",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    with Session(engine) as s:
        p = s.get(Program, world.njp["id"])
        assert (p.completion_window_days, p.reminder_days_before, p.phone) == (
            90,
            [3, 1],
            "+12135550100",
        )
        assert p.screens_statutory_exclusions is False and p.active is True


def test_venue_can_be_added_with_windows_and_edited(world, client, engine, admin_csrf):
    form = {
        "csrf_token": admin_csrf,
        "name": "Echo Park Rec Center",
        "address": "1632 Bellevue Ave",
        "lat": "34.07",
        "lon": "-118.26",
        "active": "1",
        "day": ["mon", "mon"],
        "start": ["18:00", "19:00"],
        "end": ["21:00", "20:00"],
    }
    r = client.post("/admin/venues/new", data=form)
    assert r.status_code == 422 and "overlaps row 1" in r.text
    assert_accessible(r.text)
    r = client.post(
        "/admin/venues/new",
        data=form | {"lat": "200", "day": ["mon"], "start": ["18:00"], "end": ["21:00"]},
    )
    assert r.status_code == 422 and 'id="lat-error"' in r.text
    assert_accessible(r.text)
    with Session(engine) as s:
        assert s.exec(select(Venue).where(Venue.name == "Echo Park Rec Center")).first() is None
    r = client.post(
        "/admin/venues/new",
        follow_redirects=False,
        data=form | {"day": ["mon", "sat"], "start": ["18:00", "09:00"], "end": ["21:00", "12:00"]},
    )
    assert r.status_code == 303
    vid = int(r.headers["location"].split("/")[3].split("?")[0])
    html = page(client, f"/admin/venues/{vid}")
    assert 'value="09:00"' in html
    r = client.post(
        f"/admin/venues/{vid}",
        follow_redirects=False,
        data=form | {"day": ["tue"], "start": ["17:00"], "end": ["20:00"]},
    )
    assert r.status_code == 303
    with Session(engine) as s:
        windows = s.exec(select(VenueWindow).where(VenueWindow.venue_id == vid)).all()
    assert [(w.day, w.start_time.hour) for w in windows] == [("tue", 17)]
    assert "Echo Park Rec Center" in page(client, "/admin/venues")


def test_template_page_lists_every_template_and_previews_segments(
    world, client, engine, admin_csrf
):
    from notifications.segments import count_segments
    from notifications.templates import render_sms, template_names

    html = page(client, "/admin/templates")
    for name in template_names():
        assert f"?name={name}&amp;" in html, name
    r = client.get(
        "/admin/templates",
        params={
            "name": "self_service_link",
            "lang": "en",
            "part": "preview",
            "v_volunteer_name": "Zoë Quartermaine",
            "v_url": "https://x.example/me/abc",
        },
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and r.text.lstrip().startswith('<section id="preview"')
    expected = render_sms(
        "self_service_link", "en", volunteer_name="Zoë Quartermaine", url="https://x.example/me/abc"
    )
    info = count_segments(expected)
    assert "Hi Zoë" in r.text and info.encoding == "UCS-2"
    assert f"<strong data-segments>{info.segments}</strong>" in r.text and "UCS-2" in r.text
    r = client.get(
        "/admin/templates",
        params={"name": "help_reply", "lang": "es", "part": "workbench", "v_program_name": "NJP"},
    )
    assert r.text.lstrip().startswith('<div id="workbench"') and 'id="v-program_phone"' in r.text
    spanish = render_sms("help_reply", "es", program_name="NJP", program_phone="(213) 555-0100")
    info = count_segments(spanish)
    assert f"<strong data-segments>{info.segments}</strong>" in r.text and info.encoding in r.text
    assert re.search(rf"{len(spanish)} characters", r.text)


def test_admin_creates_changes_unlocks_and_deactivates_a_user(world, client, engine, admin_csrf):
    r = client.post(
        "/admin/users",
        data={
            "csrf_token": admin_csrf,
            "email": "new@example.org",
            "full_name": "New Person",
            "password": "short",
            "role": "coordinator",
        },
    )
    assert (
        r.status_code == 422
        and 'id="password-error"' in r.text
        and "short" not in r.text.split('id="password"')[1].split(">")[0]
    )
    r = client.post(
        "/admin/users",
        follow_redirects=False,
        data={
            "csrf_token": admin_csrf,
            "email": "new@example.org",
            "full_name": "New Person",
            "password": PASSWORD,
            "role": "coordinator",
            "program_ids": [world.njp["id"]],
        },
    )
    assert r.status_code == 303
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == "new@example.org")).one()
    page(client, f"/admin/users/{user.id}")
    r = client.post(
        f"/admin/users/{user.id}",
        follow_redirects=False,
        data={
            "csrf_token": admin_csrf,
            "full_name": "New Person",
            "role": "viewer",
            "program_ids": [world.njp["id"], world.drp["id"]],
        },
    )
    assert r.status_code == 303
    with Session(engine) as s:
        s.get(User, user.id).locked_at = s.get(User, user.id).created_at
        s.commit()
    assert "Unlock" in page(client, f"/admin/users/{user.id}")
    client.post(f"/admin/users/{user.id}/unlock", data={"csrf_token": admin_csrf})
    client.post(f"/admin/users/{user.id}/deactivate", data={"csrf_token": admin_csrf})
    with Session(engine) as s:
        u = s.get(User, user.id)
        assert (u.role, u.locked_at, u.is_active) == ("viewer", None, False)
        audits = s.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "user", AuditEvent.entity_id == str(user.id)
            )
        ).all()
        assert len(audits) >= 4
    r = post_login(client, data={"email": "new@example.org", "password": PASSWORD})
    assert r.status_code == 401  # a deactivated account cannot sign in


def test_admin_cannot_lock_themselves_out(world, client, engine):
    email = make_user(engine, "admin")
    client.cookies.clear()
    web_login(client, email, "/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/users").text).group(1)
    with Session(engine) as s:
        me = s.exec(select(User).where(User.email == email)).one()
    r = client.post(
        f"/admin/users/{me.id}", data={"csrf_token": csrf, "full_name": "A", "role": "viewer"}
    )
    assert r.status_code == 422
    assert_accessible(r.text)
    r = client.post(f"/admin/users/{me.id}/deactivate", data={"csrf_token": csrf})
    assert r.status_code == 422
    with Session(engine) as s:
        me = s.get(User, me.id)
        assert (me.role, me.is_active) == ("admin", True)


def test_token_secret_is_shown_once_and_stored_hashed(world, client, engine, admin_csrf):
    with Session(engine) as s:
        coordinator = s.exec(select(User).where(User.role == "coordinator")).first()
    r = client.post(
        "/admin/tokens",
        data={
            "csrf_token": admin_csrf,
            "name": "DA case system",
            "user_id": str(coordinator.id),
            "scope": "write",
            "expires": "2020-01-01",
        },
    )
    assert r.status_code == 422 and "future" in r.text
    assert_accessible(r.text)
    r = client.post(
        "/admin/tokens",
        data={
            "csrf_token": admin_csrf,
            "name": "DA case system",
            "user_id": str(coordinator.id),
            "scope": "write",
            "expires": "2099-01-01",
        },
    )
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert_accessible(r.text)
    secret = re.search(r'id="secret" class="secret" readonly value="(cvt_[^"]+)"', r.text).group(1)
    with Session(engine) as s:
        row = s.exec(select(ApiToken)).one()
    assert row.token_hash == token_hash(secret) and secret not in row.token_hash
    assert row.scope == "write" and row.expires_at.year == 2099
    later = page(client, "/admin/tokens")
    assert secret not in later and row.prefix in later
    # the token works for the API until it is revoked
    api = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/auth/me", headers=api).status_code == 200
    client.post(f"/admin/tokens/{row.id}/revoke", data={"csrf_token": admin_csrf})
    assert client.get("/api/v1/auth/me", headers=api).status_code == 401
    assert "revoked" in page(client, "/admin/tokens")
