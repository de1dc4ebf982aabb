"""Issue 16, invites and feeds: a swap publishes (with a CANCEL to the volunteer swapped out),
a venue's new address reaches every seated volunteer's calendar, and the personal feed's
validators and PARTSTAT follow what it shows. Mail through aiosmtpd; every calendar is read by
`icalendar` and by `ical`."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from sqlmodel import Session, select
from test_calendar_service import calendar_env, calendar_of, deliver, mailbox, parse_both, smtp
from test_sms_flows import BASE, _scenario, text_in

from service.models import Message
from support import horizon, next_local

__all__ = ["calendar_env", "smtp"]  # fixtures, used by name

TUE = 1


def _vols(world, n: int) -> list[dict]:
    return [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", email=f"vol{i}@example.org")
        for i in range(n)
    ]


def _matching(client, world, path: str = "", **body):
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    return client.post(base + path, json=body or None, headers=world.coordinator)


def test_a_swap_of_a_seated_volunteer_publishes_and_cancels_their_invite(
    world, client, engine, smtp
):
    vols = _vols(world, 6)
    by_id = {v["id"]: v for v in vols}
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    seated = vols[0]
    r = client.post(
        f"/api/v1/hearings/{h['id']}/seats",
        json={"volunteer_id": seated["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    deliver(engine, smtp)
    assert [m[0] for m in mailbox(smtp, seated["email"])] == ["REQUEST"]

    run = _matching(client, world, **horizon(h["start"])).json()
    panelists = [s for s in run["hearings"][0]["seats"] if s["role"] == "panelist"]
    assert seated["id"] in {s["volunteer_id"] for s in panelists}
    other = next(s["volunteer_id"] for s in panelists if s["volunteer_id"] != seated["id"])
    on_panel = {s["volunteer_id"] for s in run["hearings"][0]["seats"]}
    cands = client.get(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/candidates",
        params={"hearing_id": h["id"], "role": "panelist"},
        headers=world.viewer,
    ).json()
    pick = next(c["volunteer_id"] for c in cands if c["volunteer_id"] not in on_panel)
    r = _matching(
        client,
        world,
        f"/{run['id']}/swap",
        hearing_id=h["id"],
        role="panelist",
        volunteer_id=pick,
        replaces=seated["id"],
    )
    assert r.status_code == 200, r.text

    r = _matching(client, world, f"/{run['id']}/publish")
    assert r.status_code == 200, r.text
    seats = client.get(f"/api/v1/hearings/{h['id']}", headers=world.viewer).json()["seats"]
    status = {s["volunteer_id"]: s["status"] for s in seats}
    assert status[seated["id"]] == "replaced"
    assert status[other] == status[pick] == "invited"
    deliver(engine, smtp)
    box = mailbox(smtp, seated["email"])
    assert [m[0] for m in box] == ["REQUEST", "CANCEL"]
    assert box[0][2] == box[1][2] and box[1][1] > box[0][1]  # same UID, higher SEQUENCE
    for newcomer in (by_id[other], by_id[pick]):
        assert [m[0] for m in mailbox(smtp, newcomer["email"])] == ["REQUEST"]


def _feed(client, world, vol: dict) -> str:
    r = client.post(f"/api/v1/volunteers/{vol['id']}/calendar-feed", headers=world.coordinator)
    assert r.status_code == 201, r.text
    return r.json()["url"].removeprefix(BASE)


def _attendee(data: bytes) -> tuple[str, str, str, str]:
    """(STATUS, PARTSTAT, LOCATION, CN) of the feed's one event, the same in both parsers."""
    _cal, event, theirs = parse_both(data)
    (their_event,) = theirs.events
    (attendee,) = their_event.attendees
    partstat = event["ATTENDEE"].params["PARTSTAT"]
    assert str(attendee.status) == partstat
    assert their_event.location == str(event["LOCATION"])
    assert attendee.common_name == event["ATTENDEE"].params["CN"]
    return str(event["STATUS"]), partstat, their_event.location, attendee.common_name


def _second_over() -> None:
    """HTTP dates count seconds: wait until the current one is over."""
    time.sleep(1.05 - datetime.now(UTC).microsecond / 1e6)


def test_the_feed_shows_each_answer_as_the_attendees_partstat(world, client, engine):
    sc = _scenario(world, client)
    yes, no, waiting = sc["panel"]
    assert text_in(client, yes["mobile"], "Y").status_code == 200
    assert text_in(client, no["mobile"], "N").status_code == 200
    seen = {v["id"]: _attendee(client.get(_feed(client, world, v)).content) for v in sc["panel"]}
    assert seen[yes["id"]][:2] == ("CONFIRMED", "ACCEPTED")
    assert seen[no["id"]][:2] == ("CANCELLED", "DECLINED")
    assert seen[waiting["id"]][:2] == ("CONFIRMED", "NEEDS-ACTION")
    # The one-hearing file behind the text's link says the same.
    with Session(engine) as s:
        body = s.exec(
            select(Message.body).where(
                Message.kind == "volunteer_invite", Message.volunteer_id == yes["id"]
            )
        ).first()
    link = client.get(re.search(rf"{re.escape(BASE)}(/c/\S+)", body).group(1))
    assert _attendee(link.content)[:2] == ("CONFIRMED", "ACCEPTED")


def test_last_modified_follows_a_venue_and_a_name(world, client, engine):
    sc = _scenario(world, client)
    vol = sc["panel"][0]
    path = _feed(client, world, vol)
    _second_over()
    first = client.get(path)
    stamp = first.headers["last-modified"]
    assert client.get(path, headers={"If-Modified-Since": stamp}).status_code == 304

    r = client.patch(
        f"/api/v1/volunteers/{vol['id']}",
        json={"full_name": "Vol0 Renamed"},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    renamed = client.get(path, headers={"If-Modified-Since": stamp})
    assert renamed.status_code == 200 and _attendee(renamed.content)[3] == "Vol0 Renamed"
    _second_over()
    stamp = client.get(path).headers["last-modified"]
    assert parsedate_to_datetime(stamp) > parsedate_to_datetime(first.headers["last-modified"])

    new_address = "6120 Sunset Blvd, Los Angeles, CA 90028"
    r = client.patch(
        f"/api/v1/venues/{world.venue['id']}", json={"address": new_address}, headers=world.admin
    )
    assert r.status_code == 200, r.text
    moved = client.get(path, headers={"If-Modified-Since": stamp})
    assert moved.status_code == 200 and new_address in _attendee(moved.content)[2]


def test_if_none_match_follows_rfc_9110(world, client, engine):
    sc = _scenario(world, client)
    path = _feed(client, world, sc["panel"][0])
    feed = client.get(path)
    etag = feed.headers["etag"]
    for matching in (etag, f"W/{etag}", f'"something-else", {etag}', f'W/"x",W/{etag}', "*"):
        assert client.get(path, headers={"If-None-Match": matching}).status_code == 304, matching
    assert client.get(path, headers={"If-None-Match": '"a", W/"b"'}).status_code == 200
    # If-None-Match decides when present: a stale tag gets the body whatever the date says.
    _second_over()
    now = format_datetime(datetime.now(UTC), usegmt=True)
    stale = client.get(path, headers={"If-None-Match": '"stale"', "If-Modified-Since": now})
    assert stale.status_code == 200 and stale.content == feed.content


def test_a_venues_new_address_updates_every_seated_volunteers_invite(world, client, engine, smtp):
    sc = _scenario(world, client)
    accepted = sc["panel"][0]
    assert text_in(client, accepted["mobile"], "Y").status_code == 200
    deliver(engine, smtp)
    before = {v["email"]: mailbox(smtp, v["email"]) for v in sc["panel"]}
    with Session(engine) as s:
        texts = s.exec(select(Message.kind).where(Message.channel == "sms")).all()
        parties = s.exec(
            select(Message.kind).where(Message.channel == "sms", Message.volunteer_id.is_(None))
        ).all()

    new_address = "6120 Sunset Blvd, Los Angeles, CA 90028"
    r = client.patch(
        f"/api/v1/venues/{world.venue['id']}", json={"address": new_address}, headers=world.admin
    )
    assert r.status_code == 200, r.text
    deliver(engine, smtp)

    for vol in sc["panel"]:
        box = mailbox(smtp, vol["email"])
        assert len(box) == len(before[vol["email"]]) + 1
        (method, sequence, uid, start), first = box[-1], box[0]
        assert (method, uid, start) == ("REQUEST", first[2], first[3])
        assert sequence > first[1]
        _rcpts, msg = [x for x in smtp.received if vol["email"] in x[0]][-1]
        _status, partstat, location, _cn = _attendee(calendar_of(msg)[1])
        assert new_address in location
        # nothing is asked again: the answer given stands in the update
        assert partstat == ("ACCEPTED" if vol is accepted else "NEEDS-ACTION")
    with Session(engine) as s:
        after_parties = s.exec(
            select(Message.kind).where(Message.channel == "sms", Message.volunteer_id.is_(None))
        ).all()
        volunteer_texts = s.exec(select(Message.kind).where(Message.channel == "sms")).all()
    # Nobody is texted about it: the parties' queued reminders are only re-keyed.
    assert sorted(after_parties) == sorted(
        parties + [k for k in parties if k == "participant_reminder"]
    )
    assert len(volunteer_texts) - len(after_parties) == len(texts) - len(parties)


def test_the_engine_replacing_a_seated_volunteer_publishes_and_cancels_their_invite(
    world, client, engine, smtp
):
    vols = _vols(world, 6)
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    seated = vols[0]
    r = client.post(
        f"/api/v1/hearings/{h['id']}/seats",
        json={"volunteer_id": seated["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    # she no longer fits: she is away that evening, so the engine gives her seat away
    start = datetime.fromisoformat(h["start"])
    r = client.post(
        f"/api/v1/volunteers/{seated['id']}/blackouts",
        json={
            "start": (start - timedelta(hours=3)).isoformat(),
            "end": (start + timedelta(hours=4)).isoformat(),
            "reason": "Away",
        },
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    deliver(engine, smtp)

    run = _matching(client, world, **horizon(h["start"])).json()
    proposed = {s["volunteer_id"] for s in run["hearings"][0]["seats"]}
    assert seated["id"] not in proposed and len(proposed) == 3
    r = _matching(client, world, f"/{run['id']}/publish")
    assert r.status_code == 200, r.text
    seats = client.get(f"/api/v1/hearings/{h['id']}", headers=world.viewer).json()["seats"]
    status = {s["volunteer_id"]: s["status"] for s in seats}
    assert status[seated["id"]] == "replaced"
    assert all(status[v] == "invited" for v in proposed)
    deliver(engine, smtp)
    assert [m[0] for m in mailbox(smtp, seated["email"])] == ["REQUEST", "CANCEL"]
