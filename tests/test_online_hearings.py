"""Issue 20, online hearings: an online venue makes each hearing its own unguessable link; the
engine seats volunteers from across the county for it (their reach would keep them out in
person); the link reaches the hearing's own people (invite, feed, texts through the fake Twilio)
and nobody else; switching between online and in person tells everyone on the hearing."""

from __future__ import annotations

import re

import pytest
from test_calendar_service import calendar_env, calendar_of, deliver, parse_both, smtp
from test_sms_flows import BASE, messages
from test_sms_when_plans_change import twilio_env
from web.web_support import sign_in

from notifications.twilio_sms import TwilioSmsSender
from service.config import Settings
from service.outbox import Dispatcher, providers
from support import EVENING_WINDOWS, horizon, next_local
from twilio_fake import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID, FakeTwilio

__all__ = ["calendar_env", "smtp", "twilio_env"]  # fixtures, used by name

TUE = 1
JITSI = "https://meet.jit.si/convene-{token}"
LINK = re.compile(r"https://meet\.jit\.si/convene-([a-z2-7]{24})")
# Homes across Los Angeles County, each beyond 15 km of Hollywood (and most beyond 40 km).
FAR_ZIPS = {"Lancaster": "93534", "Long Beach": "90802", "Pomona": "91766", "Malibu": "90265"}


def _online_venue(client, world, **extra) -> dict:
    body = {
        "name": "Video meeting",
        "address": "Online",
        "lat": 34.05,
        "lon": -118.24,
        "online": True,
        "meeting_template": JITSI,
        "windows": EVENING_WINDOWS,
    } | extra
    r = client.post("/api/v1/venues", json=body, headers=world.admin)
    assert r.status_code == 201, r.text
    return r.json()


def _far_volunteers(world) -> list[dict]:
    return [
        world.volunteer(
            f"{town.split()[0]} Volunteer",
            mobile=f"323-555-02{i:02d}",
            email=f"far{i}@example.org",
            home_zip=zip_code,
            max_travel_km=15,
        )
        for i, (town, zip_code) in enumerate(FAR_ZIPS.items())
    ]


def _run(client, world, start: str) -> dict:
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs",
        json=horizon(start),
        headers=world.coordinator,
    )
    assert r.status_code in (200, 201), r.text
    return r.json()


def _seated(run: dict, hearing_id: int) -> list[int]:
    found = [h for h in run["hearings"] if h["hearing_id"] == hearing_id]
    return [s["volunteer_id"] for h in found for s in h["seats"]]


def test_online_venues_are_set_through_the_api_with_plain_reasons(world, client):
    venue = _online_venue(client, world)
    assert venue["online"] is True and venue["meeting_template"] == JITSI
    bad = client.post(
        "/api/v1/venues",
        json={**venue, "name": "Bad", "meeting_template": "https://meet.jit.si/convene"},
        headers=world.admin,
    )
    assert bad.status_code == 422 and "{token}" in bad.text and "meeting_template" in bad.text
    in_person = client.patch(
        f"/api/v1/venues/{world.venue['id']}",
        json={"meeting_template": JITSI},
        headers=world.admin,
    )
    assert in_person.status_code == 422
    assert "only an online venue has a meeting link template" in in_person.text


def test_an_online_hearing_seats_volunteers_from_across_the_county(world, client, engine):
    far = _far_volunteers(world)
    online = _online_venue(client, world)
    start = next_local(TUE, 18, 30, weeks_ahead=2)
    in_person = world.hearing(world.case("CA-1")["id"], start)
    video = world.hearing(world.case("CA-2")["id"], start, venue_id=online["id"])
    assert in_person["online"] is False and in_person["meeting_url"] is None
    assert video["online"] is True and LINK.fullmatch(video["meeting_url"])
    run = _run(client, world, start)
    # In person, Hollywood is beyond every one's reach; by video all three seats are filled.
    assert _seated(run, in_person["id"]) == []
    seated = _seated(run, video["id"])
    assert len(seated) == 3 and set(seated) <= {v["id"] for v in far}
    (proposed,) = [h for h in run["hearings"] if h["hearing_id"] == video["id"]]
    assert {s["travel_km"] for s in proposed["seats"]} == {0.0}


def test_each_hearing_gets_its_own_unguessable_link_and_a_pasted_one_is_kept(world, client):
    online = _online_venue(client, world)
    start = next_local(TUE, 18, 30, weeks_ahead=2)
    links = [
        world.hearing(world.case(f"CA-{i}")["id"], start, venue_id=online["id"])["meeting_url"]
        for i in range(3)
    ]  # one online venue holds hearings at the same time: each has its own meeting
    assert len(set(links)) == 3 and all(LINK.fullmatch(u) for u in links)
    assert not any(name in u.lower() for u in links for name in ("jordan", "lee", "ca-"))
    paste = _online_venue(client, world, name="Zoom room", meeting_template=None)
    case = world.case("CA-9")["id"]
    body = {"case_id": case, "kind": "panel", "venue_id": paste["id"], "start": start}
    r = client.post("/api/v1/hearings", json=body, headers=world.coordinator)
    assert r.status_code == 422 and "paste the link of the video meeting" in r.text
    r = client.post(
        "/api/v1/hearings",
        json=body | {"meeting_url": "https://zoom.us/j/5551234567"},
        headers=world.coordinator,
    )
    assert r.status_code == 201 and r.json()["meeting_url"] == "https://zoom.us/j/5551234567"
    r = client.post(
        "/api/v1/hearings",
        json=body | {"meeting_url": "zoom.us/j/1"},
        headers=world.coordinator,
    )
    assert r.status_code == 422 and "meeting_url" in r.text and "https://" in r.text


def _send_at(engine, moment) -> dict[str, list[str]]:
    """Every text due at `moment`, sent to the fake Twilio by a dispatcher whose clock says
    `moment`; the bodies each number received."""
    fake = FakeTwilio()
    sender = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid=MESSAGING_SERVICE_SID, base_url=fake.url
    )
    dispatcher = Dispatcher(
        engine,
        sms=sender,
        email=providers.console_email(),
        settings=Settings(sms_rate_per_second=10_000),
        clock=lambda: moment,
    )
    try:
        dispatcher.run_once()
        got: dict[str, list[str]] = {}
        for c in fake.creates():
            got.setdefault(c.form["To"], []).append(c.form["Body"])
        return got
    finally:
        dispatcher.close()
        fake.close()


def _publish(client, world, start: str) -> None:
    run = _run(client, world, start)
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/publish",
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text


def test_the_link_travels_to_the_hearings_own_people_only(world, client, engine, smtp):
    far = _far_volunteers(world)
    online = _online_venue(client, world)
    start = next_local(TUE, 18, 30, weeks_ahead=2)
    video = world.hearing(world.case("CA-1")["id"], start, venue_id=online["id"])
    link = video["meeting_url"]
    other_case = world.case(
        "CA-2",
        parties=[
            {
                "role": "participant",
                "person": {
                    "full_name": "Sam Other",
                    "mobile": "323-555-0177",
                    "sms_consent": True,
                    "language": "en",
                },
            }
        ],
    )
    other = world.hearing(other_case["id"], next_local(TUE, 18, 30, weeks_ahead=3))
    _publish(client, world, start)
    # the calendar invitation: LOCATION and URL are the link, the description says it
    deliver(engine, smtp)
    invites = [msg for rcpts, msg in smtp.received if any(v["email"] in rcpts for v in far)]
    assert len(invites) == 3
    for msg in invites:
        method, data = calendar_of(msg)
        _cal, event, theirs = parse_both(data)
        (their_event,) = theirs.events
        assert method == "REQUEST"
        assert str(event["LOCATION"]) == their_event.location == link
        assert str(event["URL"]) == str(their_event.url) == link
        assert link in str(event["DESCRIPTION"]) and link in their_event.description
        assert "GEO" not in event
    # the volunteer's own feed shows it too
    seated = next(v for v in far if any(v["email"] in r for r, _ in smtp.received))
    feed = client.post(
        f"/api/v1/volunteers/{seated['id']}/calendar-feed", headers=world.coordinator
    ).json()["url"]
    _cal, event, theirs = parse_both(client.get(feed.removeprefix(BASE)).content)
    assert str(event["URL"]) == theirs.events[0].location == link
    # the reminders go out through the fake Twilio, at the clock of the first one's morning
    # (participants are never texted at night, so the test does not depend on when it runs)
    reminders = messages(engine, kind="participant_reminder")
    assert reminders
    sent = _send_at(engine, min(m.not_before for m in reminders))
    jordan = sent["+13235550199"]
    assert any("recordatorio" in body and link in body for body in jordan), jordan
    assert all("Ivar Ave" not in body for body in jordan)
    # nobody outside the hearing ever gets the link: not the other case's participant, not
    # the volunteers who are not seated on it
    on_hearing = {"+13235550199"} | {
        m.to_address for m in messages(engine, hearing_id=video["id"]) if m.volunteer_id
    }
    for m in messages(engine):
        if link in (m.body or "") or link in (m.ics or ""):
            assert m.hearing_id == video["id"] and m.to_address in on_hearing | {
                v["email"] for v in far
            }, m.to_address
    # The other case's participant is texted (their own notice and reminders), never the link.
    # Every text to them, sent or queued: whether their notice went out with the invitations or
    # waited for the morning depends on the hour the test runs.
    to_sam = [m for m in messages(engine) if m.to_address == "+13235550177"]
    assert to_sam and not any(link in (m.body or "") for m in to_sam), to_sam
    assert all(m.hearing_id != other["id"] or link not in m.body for m in messages(engine))


def test_switching_online_and_in_person_tells_everyone_on_the_hearing(world, client, engine, smtp):
    vols = [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", email=f"vol{i}@example.org")
        for i in range(4)
    ]
    online = _online_venue(client, world)
    start = next_local(TUE, 18, 30, weeks_ahead=2)
    hearing = world.hearing(world.case("CA-1")["id"], start)
    _publish(client, world, start)
    deliver(engine, smtp)
    before = len(smtp.received)
    path = f"/api/v1/hearings/{hearing['id']}"

    r = client.patch(path, json={"venue_id": online["id"]}, headers=world.coordinator)
    assert r.status_code == 200, r.text
    link = r.json()["meeting_url"]
    assert LINK.fullmatch(link) and r.json()["online"]
    moved = messages(engine, kind="participant_hearing_moved")
    assert len(moved) == 1 and link in moved[-1].body and "Ivar" not in moved[-1].body
    changed = messages(engine, kind="volunteer_hearing_changed")
    assert len(changed) == 3 and all(link in m.body for m in changed)
    deliver(engine, smtp)
    updates = smtp.received[before:]
    assert len(updates) == 3
    for _rcpts, msg in updates:
        _method, data = calendar_of(msg)
        _cal, event, theirs = parse_both(data)
        assert str(event["LOCATION"]) == theirs.events[0].location == link
    back = client.patch(path, json={"venue_id": world.venue["id"]}, headers=world.coordinator)
    assert back.status_code == 200 and back.json()["meeting_url"] is None
    moved = messages(engine, kind="participant_hearing_moved")
    assert len(moved) == 2 and link not in moved[-1].body and "Ivar Ave" in moved[-1].body
    deliver(engine, smtp)
    for _rcpts, msg in smtp.received[before + 3 :]:
        _method, data = calendar_of(msg)
        _cal, event, theirs = parse_both(data)
        assert "Ivar Ave" in str(event["LOCATION"]) and "URL" not in event
    # online again: a new room, never the old one
    again = client.patch(path, json={"venue_id": online["id"]}, headers=world.coordinator)
    assert again.json()["meeting_url"] != link
    assert {v["id"] for v in vols} >= {
        m.volunteer_id for m in messages(engine, kind="volunteer_hearing_changed")
    }


@pytest.mark.parametrize("prefers", ["online", "in_person"])
def test_booking_proposes_online_times_the_preferred_mode_first(world, client, engine, prefers):
    for i in range(4):
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}")
    online = _online_venue(client, world)
    r = client.patch(
        f"/api/v1/programs/{world.njp['id']}", json={"prefers_mode": prefers}, headers=world.admin
    )
    assert r.status_code == 200 and r.json()["prefers_mode"] == prefers
    case = world.case("CA-1")
    # The Twilio settings give Convene an https public URL, so its cookies are Secure: browse
    # over https as a browser would, or the sign-in form's cookie is never sent back.
    client.base_url = "https://testserver"
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    page = client.get(f"/cases/{case['id']}/book")
    assert page.status_code == 200
    venues = re.findall(r'name="venue_id" value="(\d+)"', page.text)
    assert str(online["id"]) in venues and str(world.venue["id"]) in venues
    first = int(venues[0])
    assert (first == online["id"]) == (prefers == "online")
