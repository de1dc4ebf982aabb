"""A volunteer whose language Convene cannot text is never silently invited in English, by text
or by calendar email: matching leaves them out and says why, Today and their page say so with the
"Text in English" button, and once a coordinator chooses, texts and calendar emails go in English.
A volunteer whose language Convene has gets the calendar email in it."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, page, sign_in

from service.messaging.recipients import volunteer_audience
from service.models import AuditEvent, Message, SeatAssignment, Volunteer
from support import horizon, next_local

TUE = 1
PHONE, EMAIL = "+13235550166", "jinwoo@example.org"
SAID = "Jin-woo Park reads Korean; Convene has no Korean texts: call, or choose to text in English"


def _section(html: str, key: str) -> str:
    m = re.search(rf'<section class="card todo" id="todo-{key}".*?</section>', html, re.S)
    assert m, f"no section {key}"
    return m.group(0)


def _to(engine, *addresses: str) -> list[Message]:
    with Session(engine) as s:
        rows = s.exec(select(Message).where(Message.to_address.in_(addresses)))
        return list(rows.all())


def _publish(world, client, hearing) -> dict:
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    run = client.post(base, json=horizon(hearing["start"]), headers=world.coordinator).json()
    r = client.post(f"{base}/{run['id']}/publish", headers=world.coordinator)
    assert r.status_code == 200, r.text
    return run


@pytest.fixture
def korean_panel(world):
    """A panel of three to fill: two volunteers who read English, one who reads Korean; all
    with a mobile and an email."""
    vols = [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", email=f"vol{i}@example.org")
        for i in range(2)
    ]
    jinwoo = world.volunteer(
        "Jin-woo Park", mobile="323-555-0166", email=EMAIL,
        preferred_language="ko", languages=["ko", "en"],
    )  # fmt: skip
    hearing = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    return {"vols": vols, "jinwoo": jinwoo, "hearing": hearing}


def test_a_korean_volunteer_is_on_today_and_reached_only_once_english_is_chosen(
    world, client, engine, korean_panel
):
    jinwoo, hearing = korean_panel["jinwoo"], korean_panel["hearing"]
    run = _publish(world, client, hearing)
    # Left out of matching, and the run says why in the coordinator's words.
    assert run["opted_out"]["volunteer_ids"] == [jinwoo["id"]]
    assert "opted out" not in run["opted_out"]["sentence"]
    assert "Jin-woo Park reads Korean; Convene has no Korean texts" in run["opted_out"]["sentence"]
    assert _to(engine, PHONE, EMAIL) == []  # no text, no calendar email, in any language
    with Session(engine) as s:
        seats = s.exec(select(SeatAssignment).where(SeatAssignment.volunteer_id == jinwoo["id"]))
        assert seats.all() == []

    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    today = page(client, "/today")
    assert_accessible(today)
    mine = _section(today, "volunteer_languages")
    assert SAID in mine and f'href="/volunteers/{jinwoo["id"]}#texts"' in mine
    assert f'action="/volunteers/{jinwoo["id"]}/texts-in-english"' in mine
    assert "Text in English</button>" in mine
    assert SAID not in _section(today, "languages")  # the people's list is the parties'
    profile = page(client, f"/volunteers/{jinwoo['id']}")
    assert SAID in profile and 'id="texts-until"' in profile

    r = client.post(
        f"/volunteers/{jinwoo['id']}/texts-in-english",
        data={"csrf_token": csrf, "back": "today"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    where = unquote(r.headers["location"])
    assert where.startswith("/today?") and where.endswith("#todo-volunteer_languages")
    assert "Jin-woo Park will be texted in English" in where
    with Session(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "texts_in_english")).one()
        assert event.entity == "volunteer" and event.entity_id == str(jinwoo["id"])
        assert "reads Korean" in event.detail
    today = page(client, "/today")
    assert SAID not in today and "Nothing waiting." in _section(today, "volunteer_languages")
    html = page(client, f"/volunteers/{jinwoo['id']}")
    assert "Texted in English (chosen by a coordinator; reads Korean)" in html
    assert 'id="texts-until"' not in html

    _publish(world, client, hearing)  # the empty seat, proposed again: now he can be reached
    sent = _to(engine, PHONE, EMAIL)
    texts = [m for m in sent if m.kind == "volunteer_invite"]
    emails = [m for m in sent if m.kind == "calendar_invite"]
    assert len(texts) == 1 and texts[0].language == "en"
    assert len(emails) == 1 and emails[0].language == "en"
    assert emails[0].subject.startswith("Invitation:") and emails[0].ics_method == "REQUEST"

    # Back to a page the form does not name: the volunteer's own, never a URL from the form.
    again = client.post(
        f"/volunteers/{jinwoo['id']}/texts-in-english",
        data={"csrf_token": csrf, "back": "https://evil.example/"},
        follow_redirects=False,
    )
    assert unquote(again.headers["location"]).startswith(f"/volunteers/{jinwoo['id']}?")
    assert "already texted in English" in unquote(again.headers["location"])


def test_a_seated_volunteer_who_now_reads_korean_gets_no_update_in_english(
    world, client, engine, korean_panel
):
    run = _publish(world, client, korean_panel["hearing"])
    seated = {s["volunteer_id"] for h in run["hearings"] for s in h["seats"]}
    vol = korean_panel["vols"][0]
    assert vol["id"] in seated
    r = client.patch(
        f"/api/v1/volunteers/{vol['id']}",
        json={"preferred_language": "ko", "languages": ["ko", "en"]},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    before = {m.id for m in _to(engine, vol["email"], "+13235550100")}
    r = client.patch(
        f"/api/v1/hearings/{korean_panel['hearing']['id']}",
        json={"start": next_local(TUE, 19, 0, weeks_ahead=3)},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    after = [m for m in _to(engine, vol["email"], "+13235550100") if m.id not in before]
    assert after == []  # neither the changed-time text nor the updated calendar invite
    other = korean_panel["vols"][1]  # the English reader on the same panel is told
    assert other["id"] in seated
    assert "calendar_updated" in {m.kind for m in _to(engine, other["email"])}

    with Session(engine) as s:  # the step before a change that tells the panel says why not
        told = volunteer_audience(s, s.get(Volunteer, vol["id"]), "calendar update")
    assert told.told == []
    assert [(t.name, t.how) for t in told.not_told] == [
        ("Vol0 Tester", "reads Korean; Convene has no Korean texts")
    ]
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    mine = _section(page(client, "/today"), "volunteer_languages")
    assert "Vol0 Tester reads Korean; Convene has no Korean texts" in mine


def test_a_korean_volunteer_with_only_an_email_is_not_invited_in_english(world, client, engine):
    vols = [world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}") for i in range(3)]
    mina = world.volunteer(
        "Mina Choi", email="mina@example.org", preferred_language="ko", languages=["ko", "en"]
    )
    hearing = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    run = _publish(world, client, hearing)
    assert mina["id"] in run["opted_out"]["volunteer_ids"]
    assert "Mina Choi reads Korean" in run["opted_out"]["sentence"]
    assert {s["volunteer_id"] for h in run["hearings"] for s in h["seats"]} == {
        v["id"] for v in vols
    }
    assert _to(engine, "mina@example.org") == []
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    assert "Mina Choi reads Korean" in _section(page(client, "/today"), "volunteer_languages")


def test_a_spanish_reader_gets_the_calendar_email_in_spanish(world, client, engine):
    vols = [
        world.volunteer(
            f"Vol{i} Tester",
            mobile=f"323-555-01{i:02d}",
            email=f"vol{i}@example.org",
            preferred_language="es" if i == 0 else "en",
        )  # fmt: skip
        for i in range(3)
    ]
    hearing = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    _publish(world, client, hearing)
    (mail,) = [m for m in _to(engine, vols[0]["email"]) if m.kind == "calendar_invite"]
    assert mail.language == "es" and mail.subject.startswith("Invitación:")
    (mail,) = [m for m in _to(engine, vols[1]["email"]) if m.kind == "calendar_invite"]
    assert mail.language == "en" and mail.subject.startswith("Invitation:")
