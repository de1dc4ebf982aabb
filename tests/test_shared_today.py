"""Today's lists shared for a few seconds between callers of the same programs (issue 21):
computed once, never across programs, and a caller's own change shows at once."""

from __future__ import annotations

import time

import pytest
from test_hot_paths import counting
from web.web_support import csrf_of, web_login

from service.config import get_settings
from service.freshness import CHANGED_COOKIE
from service.reports import shared
from support import make_user


@pytest.fixture
def sharing(monkeypatch, client, world):
    monkeypatch.setenv("CONVENE_TODAY_SHARED_SECONDS", "60")
    get_settings.cache_clear()
    shared.forget()
    # API sign-ins left a browser session cookie: these callers are integrations, no browser
    client.cookies.clear()
    yield
    shared.forget()


def _referrals(client, headers, **extra) -> list[str]:
    r = client.get("/api/v1/attention", headers=headers | extra)
    assert r.status_code == 200, r.text
    lists = {t["key"]: t for t in r.json()["todo"]}
    return [item["label"] for item in lists["referrals"]["items"]]


def _later(monkeypatch, seconds: float) -> None:
    real = time.time
    monkeypatch.setattr(shared.time, "time", lambda: real() + seconds)


def test_callers_of_one_program_share_one_computation(sharing, client, engine, world):
    world.case("SH-1")
    first = client.get("/api/v1/attention", headers=world.coordinator)
    with counting(engine) as seen:
        again = client.get("/api/v1/attention", headers=world.coordinator)
    assert again.json() == first.json()
    # authentication and the audit event of who read the texts; none of the twenty lists
    assert len(seen) <= 3, seen


def test_shared_lists_are_written_as_json_once(sharing, client, world, monkeypatch):
    from service.api import attention as attention_api

    built = []
    real = attention_api._attention
    monkeypatch.setattr(attention_api, "_attention", lambda a: built.append(1) or real(a))
    world.case("SH-1")
    bodies = [client.get("/api/v1/attention", headers=world.coordinator).text for _ in range(3)]
    assert len(set(bodies)) == 1 and len(built) == 1
    other = client.get("/api/v1/attention", headers=world.drp_coordinator).text
    assert "SH-1" in bodies[0] and "SH-1" not in other and len(built) == 2


def test_others_changes_show_on_request_or_after_the_shared_seconds(
    sharing, client, world, monkeypatch
):
    world.case("SH-1")
    assert any("SH-1" in label for label in _referrals(client, world.coordinator))
    world.case("SH-2")  # another integration refers a case meanwhile
    assert not any("SH-2" in label for label in _referrals(client, world.coordinator))
    fresh = _referrals(client, world.coordinator, **{"Cache-Control": "no-cache"})
    assert any("SH-2" in label for label in fresh)
    world.case("SH-3")
    _later(monkeypatch, 61)
    assert any("SH-3" in label for label in _referrals(client, world.coordinator))


def test_programs_never_share_their_lists(sharing, client, world, admin):
    world.case("SH-NJP")
    assert any("SH-NJP" in label for label in _referrals(client, world.coordinator))
    assert not any("SH-NJP" in label for label in _referrals(client, world.drp_coordinator))
    assert any("SH-NJP" in label for label in _referrals(client, admin))


def test_a_browser_sees_its_own_change_at_once(sharing, client, engine, world):
    case = world.case("SH-WEB")
    email = make_user(engine, "coordinator", [world.njp["id"]])
    client.cookies.clear()
    web_login(client, email)
    today = client.get("/today").text
    assert "SH-WEB" in today
    r = client.post(
        f"/cases/{case['id']}/return",
        data={
            "reason": "Wrong program",
            "csrf_token": csrf_of(client.get(f"/cases/{case['id']}").text),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    mark = client.cookies.get(CHANGED_COOKIE)
    assert mark is not None
    client.cookies.delete(CHANGED_COOKIE)
    assert "SH-WEB" in client.get("/today").text  # without the mark: the shared lists
    client.cookies.set(CHANGED_COOKIE, mark)
    assert "SH-WEB" not in client.get("/today").text  # this browser's change, at once


def test_a_page_rendered_from_lists_another_request_computed(sharing, client, engine, world):
    # The lists hold rows of a session that has closed since: the page must not need it.
    hearing_case = world.case("SH-HEARING")
    world.case("SH-REF")
    email = make_user(engine, "coordinator", [world.njp["id"]])
    client.cookies.clear()
    web_login(client, email)
    first = client.get("/today")
    second = client.get("/today")
    assert first.status_code == second.status_code == 200
    assert "SH-REF" in second.text and hearing_case["external_ref"] in second.text
