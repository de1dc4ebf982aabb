"""Invites by email through a real SMTP server, personal feeds, one-hearing links, local times."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from aiosmtpd.controller import Controller
from ical.calendar_stream import IcsCalendarStream
from sqlmodel import Session, select
from test_sms_flows import BASE, _scenario, text_in

from notifications.email import SmtpEmailSender
from notifications.sms import ConsoleSmsSender
from service.config import get_settings
from service.models import Message
from service.outbox import Dispatcher
from support import next_local

LA = ZoneInfo("America/Los_Angeles")
TUE = 1


@pytest.fixture(autouse=True)
def calendar_env(monkeypatch):
    monkeypatch.setenv("CONVENE_TWILIO_AUTH_TOKEN", "test-auth-token-0123456789abcdef")
    monkeypatch.setenv("CONVENE_PUBLIC_BASE_URL", BASE)
    monkeypatch.setenv("CONVENE_EMAIL_FROM", "NJP Scheduling <scheduling@convene.example.org>")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


class Sink:
    def __init__(self):
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            (
                list(envelope.rcpt_tos),
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    yield sink
    controller.stop()


def deliver(engine, smtp) -> None:
    """Run the outbox: texts to the console, email through the real SMTP server."""
    dispatcher = Dispatcher(
        engine, sms=ConsoleSmsSender(), email=SmtpEmailSender("127.0.0.1", smtp.port)
    )
    try:
        dispatcher.run_once()
    finally:
        dispatcher.close()


def calendar_of(msg) -> tuple[str, bytes]:
    """The text/calendar part's method parameter and bytes; the attachment must be the same file."""
    inline = [
        p for p in msg.walk() if p.get_content_type() == "text/calendar" and not p.get_filename()
    ]
    attached = [p for p in msg.walk() if p.get_filename() == "invite.ics"]
    assert len(inline) == 1 and len(attached) == 1
    data = inline[0].get_payload(decode=True)
    assert attached[0].get_payload(decode=True) == data
    return inline[0].get_param("method"), data


def parse_both(data: bytes) -> tuple[icalendar.Event, object, object]:
    ours = icalendar.Calendar.from_ical(data)
    theirs = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    (event,) = list(ours.walk("VEVENT"))
    return ours, event, theirs


def mailbox(smtp, address: str) -> list[tuple[str, int, str, datetime]]:
    """(METHOD, SEQUENCE, UID, DTSTART) of each invite email to one address, in order."""
    out = []
    for rcpts, msg in smtp.received:
        if address not in rcpts:
            continue
        method, data = calendar_of(msg)
        cal, event, theirs = parse_both(data)
        assert str(cal["METHOD"]) == method == theirs.method
        (their_event,) = theirs.events
        assert their_event.uid == str(event["UID"]) and their_event.sequence == int(
            event["SEQUENCE"]
        )
        assert their_event.dtstart == event.decoded("DTSTART")
        out.append((method, int(event["SEQUENCE"]), str(event["UID"]), event.decoded("DTSTART")))
    return out


def test_invites_follow_one_hearing_through_its_life(world, client, engine, smtp):
    sc = _scenario(world, client)
    hearing_id = sc["hearing"]["id"]
    stay, leave = sc["panel"][0], sc["panel"][1]
    deliver(engine, smtp)
    first = {v["email"]: mailbox(smtp, v["email"]) for v in sc["panel"]}
    assert all(
        len(box) == 1 and box[0][0] == "REQUEST" and box[0][1] == 0 for box in first.values()
    )
    _rcpts, msg = next(x for x in smtp.received if stay["email"] in x[0])
    assert msg.get_content_type() == "multipart/mixed"
    assert "Shoplifting" not in msg.as_string() and "market" not in msg.as_string()
    _cal, event, _ = parse_both(calendar_of(msg)[1])
    assert str(event["ORGANIZER"]) == "mailto:scheduling@convene.example.org"
    assert str(event["ATTENDEE"]) == f"mailto:{stay['email']}"
    assert (
        event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
        and event["ATTENDEE"].params["RSVP"] == "TRUE"
    )
    assert "Neighborhood Justice Program" in str(event["SUMMARY"])
    assert event["LOCATION"].startswith("Hollywood Regional Library")
    assert event.decoded("GEO") is not None

    new_start = next_local(TUE, 19, 0, weeks_ahead=3)
    assert (
        client.patch(
            f"/api/v1/hearings/{hearing_id}", json={"start": new_start}, headers=world.coordinator
        ).status_code
        == 200
    )
    deliver(
        engine, smtp
    )  # the dispatcher runs all along; each step's mail goes out before the next
    text_in(client, leave["mobile"], "N")
    deliver(engine, smtp)
    after = client.get(f"/api/v1/hearings/{hearing_id}", headers=world.viewer).json()
    newcomer_id = next(
        s["volunteer_id"]
        for s in after["seats"]
        if s["status"] == "invited" and s["volunteer_id"] not in {v["id"] for v in sc["panel"]}
    )
    newcomer = next(v for v in sc["volunteers"] if v["id"] == newcomer_id)
    client.patch(
        f"/api/v1/hearings/{hearing_id}", json={"status": "cancelled"}, headers=world.coordinator
    )
    deliver(engine, smtp)

    moved = datetime.fromisoformat(new_start)
    uid_stay, uid_leave = mailbox(smtp, stay["email"])[0][2], mailbox(smtp, leave["email"])[0][2]
    assert uid_stay != uid_leave  # per volunteer: a CANCEL to one must not cancel it for the others
    assert [m[:2] for m in mailbox(smtp, stay["email"])] == [
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("CANCEL", 2),
    ]
    assert [m[:2] for m in mailbox(smtp, leave["email"])] == [
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("CANCEL", 2),
    ]
    assert [m[:2] for m in mailbox(smtp, newcomer["email"])] == [("REQUEST", 1), ("CANCEL", 2)]
    for box in (mailbox(smtp, stay["email"]), mailbox(smtp, leave["email"])):
        assert len({m[2] for m in box}) == 1
        assert box[1][3] == moved.astimezone(box[1][3].tzinfo)
    cancel = [msg for rcpts, msg in smtp.received if stay["email"] in rcpts][-1]
    _cal, event, _ = parse_both(calendar_of(cancel)[1])
    assert str(event["STATUS"]) == "CANCELLED"


def test_personal_feed_etag_rotation_and_revocation(world, client, engine):
    sc = _scenario(world, client)
    vol = sc["panel"][0]
    r = client.post(f"/api/v1/volunteers/{vol['id']}/calendar-feed", headers=world.coordinator)
    assert r.status_code == 201
    url = r.json()["url"]
    assert url.startswith(f"{BASE}/calendar/") and len(url.rsplit("/", 1)[1]) > 40
    path = url.removeprefix(BASE)
    time.sleep(1.05)  # Last-Modified is given once the second of the newest change is over
    feed = client.get(path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    cal, event, theirs = parse_both(feed.content)
    assert "METHOD" not in cal
    assert event.decoded("DTSTART") == datetime.fromisoformat(sc["hearing"]["start"])
    etag = feed.headers["etag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert (
        client.get(path, headers={"If-Modified-Since": feed.headers["last-modified"]}).status_code
        == 304
    )
    client.patch(
        f"/api/v1/hearings/{sc['hearing']['id']}",
        json={"start": next_local(TUE, 19, 0, weeks_ahead=3)},
        headers=world.coordinator,
    )
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    rotated = client.post(
        f"/api/v1/volunteers/{vol['id']}/calendar-feed", headers=world.coordinator
    ).json()["url"]
    assert client.get(path).status_code == 404
    assert client.get(rotated.removeprefix(BASE)).status_code == 200
    client.delete(f"/api/v1/volunteers/{vol['id']}/calendar-feed", headers=world.coordinator)
    gone = client.get(rotated.removeprefix(BASE))
    unknown = client.get("/calendar/" + "x" * 43 + ".ics")
    assert gone.status_code == unknown.status_code == 404 and gone.json() == unknown.json()
    assert (
        client.post(
            f"/api/v1/volunteers/{vol['id']}/calendar-feed", headers=world.viewer
        ).status_code
        == 403
    )


def test_one_hearing_link_from_the_text(world, client, engine):
    sc = _scenario(world, client)
    with Session(engine) as s:
        body = s.exec(select(Message.body).where(Message.kind == "volunteer_invite")).first()
    link = re.search(rf"{re.escape(BASE)}(/c/\S+)", body).group(1)
    assert len(BASE + link) <= 60
    r = client.get(link)
    assert r.status_code == 200
    _cal, event, _theirs = parse_both(r.content)
    assert event.decoded("DTSTART") == datetime.fromisoformat(sc["hearing"]["start"])
    tampered = link[:-2] + ("AA" if not link.endswith("AA") else "BB")
    assert client.get(tampered).status_code == 404
    assert client.get("/c/garbage").status_code == 404


def _dst_sundays() -> tuple[date, date]:
    today = datetime.now(LA).date()

    def nth_sunday(year: int, month: int, n: int) -> date:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))

    spring = next(
        d for y in range(today.year, today.year + 3) if (d := nth_sunday(y, 3, 2)) > today
    )
    fall = next(d for y in range(today.year, today.year + 3) if (d := nth_sunday(y, 11, 1)) > today)
    return spring, fall


def test_invites_show_the_local_wall_clock_after_dst_changes(world, client, engine, smtp):
    vols = [
        world.volunteer(f"D{i} Vol", mobile=f"323-555-01{i:02d}", email=f"d{i}@example.org")
        for i in range(3)
    ]
    for change in _dst_sundays():
        tuesday = change + timedelta(days=2)
        case = world.case(f"DST-{tuesday}")
        h = world.hearing(
            case["id"],
            datetime(tuesday.year, tuesday.month, tuesday.day, 18, 30, tzinfo=LA).isoformat(),
        )
        r = client.post(
            f"/api/v1/hearings/{h['id']}/seats",
            json={"volunteer_id": vols[0]["id"], "role": "panelist"},
            headers=world.coordinator,
        )
        assert r.status_code == 201
    deliver(engine, smtp)
    box = mailbox(smtp, "d0@example.org")
    assert len(box) == 2
    for _method, _seq, _uid, start in box:
        assert start.utcoffset() == timedelta(0)  # written in UTC
        local = start.astimezone(LA)
        assert (local.hour, local.minute, local.weekday()) == (18, 30, TUE)
