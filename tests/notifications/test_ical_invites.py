"""Invites, cancellations and feeds parse in two independent parsers with the expected values."""

import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from notifications.bench_feed import measure
from notifications.calendar import (
    CalendarEvent,
    _vevent,
    build_feed,
    build_invite,
    stable_uid,
)

LA = ZoneInfo("America/Los_Angeles")
DOMAIN = "convene.example.org"


def hearing(local_start: datetime, *, sequence=0, status="CONFIRMED", volunteer=7, **kw):
    start = local_start.replace(tzinfo=LA).astimezone(UTC)
    fields = dict(
        uid=stable_uid(101, volunteer, DOMAIN),
        sequence=sequence,
        start_utc=start,
        end_utc=start + timedelta(minutes=90),
        summary="Neighborhood Justice Program panel (panelist)",
        description="You are a panelist at a Neighborhood Justice Program community panel.",
        location="Ella Hill Hutch Community Center, 1050 McAllister St, San Francisco, CA 94115",
        geo=(37.7799, -122.4313),
        organizer_email="panels@convene.example.org",
        organizer_name="Neighborhood Justice Program",
        attendee_email=f"volunteer{volunteer}@example.org",
        attendee_name="María Guadalupe Hernández-Villanueva",
        attendee_role="REQ-PARTICIPANT",
        status=status,
        dtstamp=datetime(2026, 10, 20, 17, 0, tzinfo=UTC),
    )
    fields.update(kw)
    return CalendarEvent(**fields)


def parse_both(data: bytes):
    """Parse with icalendar and with the independent `ical` package; both must succeed."""
    ours = icalendar.Calendar.from_ical(data)
    theirs = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return ours, theirs


def only_vevent(cal: icalendar.Calendar) -> icalendar.Event:
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_request_invite_has_every_itip_property():
    event = hearing(datetime(2026, 12, 8, 18, 30), url="https://convene.example.org/h/101")
    data = build_invite(event, "REQUEST")
    ours, theirs = parse_both(data)
    assert str(ours["METHOD"]) == "REQUEST" and theirs.method == "REQUEST"
    assert str(ours["VERSION"]) == "2.0" and str(ours["PRODID"]).startswith("-//Convene//")
    ve = only_vevent(ours)
    assert str(ve["UID"]) == "convene-hearing-101-volunteer-7@convene.example.org"
    assert int(ve["SEQUENCE"]) == 0
    assert ve.decoded("DTSTART") == datetime(2026, 12, 9, 2, 30, tzinfo=UTC)
    assert ve.decoded("DTEND") == datetime(2026, 12, 9, 4, 0, tzinfo=UTC)
    assert b"DTSTART:20261209T023000Z\r\n" in data and b"VTIMEZONE" not in data
    assert str(ve["STATUS"]) == "CONFIRMED"
    assert str(ve["SUMMARY"]) == event.summary and str(ve["LOCATION"]) == event.location
    assert str(ve["ORGANIZER"]) == "mailto:panels@convene.example.org"
    assert ve["ORGANIZER"].params["CN"] == "Neighborhood Justice Program"
    attendee = ve["ATTENDEE"]
    assert str(attendee) == "mailto:volunteer7@example.org"
    assert attendee.params["CN"] == "María Guadalupe Hernández-Villanueva"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "TRUE"
    assert (ve["GEO"].latitude, ve["GEO"].longitude) == (37.7799, -122.4313)
    assert str(ve["URL"]) == "https://convene.example.org/h/101"
    assert ve.decoded("DTSTAMP") == datetime(2026, 10, 20, 17, 0, tzinfo=UTC)

    [tev] = theirs.events
    assert tev.uid == event.uid and tev.sequence == 0
    assert tev.dtstart == event.start_utc and tev.dtend == event.end_utc
    assert tev.status.value == "CONFIRMED"
    assert tev.organizer.uri == "mailto:panels@convene.example.org"
    [tatt] = tev.attendees
    assert tatt.uri == "mailto:volunteer7@example.org"
    assert tatt.common_name == "María Guadalupe Hernández-Villanueva"
    assert (tatt.role, tatt.status, tatt.rsvp) == ("REQ-PARTICIPANT", "NEEDS-ACTION", True)
    assert (tev.geo.lat, tev.geo.lng) == (37.7799, -122.4313)


def test_cancel_keeps_uid_raises_sequence_and_marks_cancelled():
    event = hearing(datetime(2026, 12, 8, 18, 30), sequence=2)
    data = build_invite(event, "CANCEL")
    ours, theirs = parse_both(data)
    assert str(ours["METHOD"]) == "CANCEL" and theirs.method == "CANCEL"
    ve = only_vevent(ours)
    assert str(ve["UID"]) == event.uid and int(ve["SEQUENCE"]) == 2
    assert str(ve["STATUS"]) == "CANCELLED"
    assert ve["ATTENDEE"].params["RSVP"] == "FALSE"  # nothing to answer
    [tev] = theirs.events
    assert tev.status.value == "CANCELLED" and tev.sequence == 2 and tev.uid == event.uid
    assert [a.uri for a in tev.attendees] == ["mailto:volunteer7@example.org"]


def test_lifecycle_create_reschedule_leave_keeps_one_uid_with_rising_sequence():
    created = hearing(datetime(2026, 12, 8, 18, 30), sequence=0)
    moved = replace(
        created,
        sequence=1,
        start_utc=datetime(2026, 12, 16, 2, 30, tzinfo=UTC),
        end_utc=datetime(2026, 12, 16, 4, 0, tzinfo=UTC),
    )
    left = replace(moved, sequence=2, status="CANCELLED")
    sent = [build_invite(created), build_invite(moved), build_invite(left, "CANCEL")]
    seen = []
    for data in sent:
        ours, theirs = parse_both(data)
        ve = only_vevent(ours)
        seen.append((str(ours["METHOD"]), str(ve["UID"]), int(ve["SEQUENCE"]), str(ve["STATUS"])))
        assert theirs.events[0].sequence == seen[-1][2]
    assert seen == [
        ("REQUEST", created.uid, 0, "CONFIRMED"),
        ("REQUEST", created.uid, 1, "CONFIRMED"),
        ("CANCEL", created.uid, 2, "CANCELLED"),
    ]
    assert only_vevent(icalendar.Calendar.from_ical(sent[1])).decoded("DTSTART") == (
        moved.start_utc
    )


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # Week after DST ends (Nov 1 2026): PST, UTC-8.
        (datetime(2026, 11, 3, 18, 30), datetime(2026, 11, 4, 2, 30, tzinfo=UTC)),
        (datetime(2026, 11, 7, 10, 0), datetime(2026, 11, 7, 18, 0, tzinfo=UTC)),
        # Week before it, still PDT, UTC-7.
        (datetime(2026, 10, 27, 18, 30), datetime(2026, 10, 28, 1, 30, tzinfo=UTC)),
        # Week after DST starts (Mar 14 2027): PDT again.
        (datetime(2027, 3, 16, 18, 30), datetime(2027, 3, 17, 1, 30, tzinfo=UTC)),
        (datetime(2027, 3, 20, 10, 0), datetime(2027, 3, 20, 17, 0, tzinfo=UTC)),
        # Week before it: PST.
        (datetime(2027, 3, 9, 18, 30), datetime(2027, 3, 10, 2, 30, tzinfo=UTC)),
    ],
)
def test_wall_clock_time_around_dst_changes(local, utc):
    event = hearing(local)
    assert event.start_utc == utc
    for data in (build_invite(event), build_feed([event], name="Feed")):
        assert f"DTSTART:{utc:%Y%m%dT%H%M%SZ}\r\n".encode() in data
        ours, theirs = parse_both(data)
        ours_start = only_vevent(ours).decoded("DTSTART")
        theirs_start = theirs.events[0].dtstart
        for start in (ours_start, theirs_start):
            assert start == utc
            # What a calendar set to Pacific time shows.
            assert start.astimezone(LA).replace(tzinfo=None) == local
        assert theirs.events[0].dtend.astimezone(LA).replace(tzinfo=None) == local + timedelta(
            minutes=90
        )


def test_stable_uid_is_per_hearing_and_volunteer():
    assert stable_uid(101, 7, DOMAIN) == stable_uid(101, 7, DOMAIN)
    assert len({stable_uid(101, 7, DOMAIN), stable_uid(101, 8, DOMAIN),
                stable_uid(102, 7, DOMAIN)}) == 3  # fmt: skip
    assert stable_uid("h1", "v1", DOMAIN).endswith("@convene.example.org")


@pytest.mark.parametrize(
    "change",
    [
        {"start_utc": datetime(2026, 12, 8, 18, 30)},  # naive: which zone? refuse to guess
        {"end_utc": datetime(2026, 12, 1, tzinfo=UTC)},  # ends before it starts
        {"status": "MAYBE"},
        {"attendee_role": "PANELIST"},
        {"sequence": -1},
        {"attendee_email": "a@example.org\r\nATTENDEE:mailto:evil@example.org"},
        {"organizer_email": "not-an-address"},
        {"url": "https://x.example.org/a b"},
    ],
)
def test_invalid_events_are_refused(change):
    with pytest.raises(ValueError):
        build_invite(replace(hearing(datetime(2026, 12, 8, 18, 30)), **change))


def test_request_for_a_cancelled_event_and_unknown_methods_are_refused():
    with pytest.raises(ValueError):
        build_invite(hearing(datetime(2026, 12, 8, 18, 30), status="CANCELLED"), "REQUEST")
    with pytest.raises(ValueError):
        build_invite(hearing(datetime(2026, 12, 8, 18, 30)), "PUBLISH")


def test_text_is_escaped_and_lines_are_folded_at_75_octets():
    tricky = "Sala 2; edificio B, piso 3 \\ entrada\n“Centro Comunitario Misión” " + "ñá" * 60
    event = hearing(datetime(2026, 12, 8, 18, 30), location=tricky, description=tricky)
    for data in (build_invite(event), build_feed([event], name="Feed")):
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # no multi-byte character was cut in two
        ours, theirs = parse_both(data)
        ve = next(iter(ours.walk("VEVENT")))
        assert str(ve["LOCATION"]) == tricky and str(ve["DESCRIPTION"]) == tricky
        assert theirs.events[0].location == tricky


def feed_events():
    base = datetime(2026, 11, 3, 18, 30)
    return [
        hearing(base + timedelta(days=7 * i), volunteer=7, uid=stable_uid(200 + i, 7, DOMAIN),
                sequence=i, status="CANCELLED" if i == 2 else "CONFIRMED",
                url=f"https://convene.example.org/h/{200 + i}" if i else None,
                last_modified=datetime(2026, 10, 30, 12, 0, tzinfo=UTC) if i == 1 else None)
        for i in range(4)
    ]  # fmt: skip


def test_feed_has_no_method_a_name_and_marks_cancelled():
    events = feed_events()
    data = build_feed(events, name="Convene – María H.")
    ours, theirs = parse_both(data)
    assert "METHOD" not in ours and theirs.method is None
    assert str(ours["X-WR-CALNAME"]) == "Convene – María H." == str(ours["NAME"])
    assert theirs.name == ["Convene – María H."]
    assert str(ours["VERSION"]) == "2.0"
    vevents = list(ours.walk("VEVENT"))
    assert [str(v["UID"]) for v in vevents] == [e.uid for e in events]
    assert [str(v["STATUS"]) for v in vevents] == ["CONFIRMED", "CONFIRMED", "CANCELLED",
                                                   "CONFIRMED"]  # fmt: skip
    assert [e.status.value for e in theirs.events] == [str(v["STATUS"]) for v in vevents]
    assert [e.sequence for e in theirs.events] == [0, 1, 2, 3]
    assert [e.dtstart for e in theirs.events] == [e.start_utc for e in events]
    assert all(v["ATTENDEE"].params["RSVP"] == "FALSE" for v in vevents)


def _props(component: icalendar.Event) -> dict:
    return {
        name: (value.to_ical(), dict(getattr(value, "params", {})))
        for name, value in component.property_items(recursive=False)
        if name not in ("BEGIN", "END")
    }


def test_feed_events_are_exactly_what_icalendar_builds():
    # The feed writes VEVENTs directly for speed; they must equal the icalendar-built ones.
    events = feed_events() + [
        hearing(
            datetime(2026, 12, 1, 18, 0),
            geo=None,
            summary="Mediación, sesión; 2 \\ 3",
            attendee_name='Ana "Annie" ^Li\nX',
        )  # fmt: skip
    ]
    cal = icalendar.Calendar.from_ical(build_feed(events, name="Feed"))
    for parsed, event in zip(cal.walk("VEVENT"), events, strict=True):
        built = icalendar.Event.from_ical(_vevent(event, status=event.status, rsvp=False).to_ical())
        assert _props(parsed) == _props(built)


@pytest.mark.parametrize("name", ["a\\nb", "x,y;z", "a\\b", "two\nlines"])
def test_feed_name_is_escaped_text(name):
    _, theirs = parse_both(build_feed([], name=name))
    assert theirs.name == [" ".join(name.split())]


def test_empty_feed_is_valid():
    ours, theirs = parse_both(build_feed([], name="Empty"))
    assert list(ours.walk("VEVENT")) == [] and theirs.events == []


def test_feed_benchmark_reports_and_meets_target():
    result = measure(n=500, repeat=3)
    assert result["events"] == 500 and result["bytes"] > 100_000
    assert result["best_ms"] < 250  # generous bound for a slow CI; the figure is printed
    out = subprocess.run(
        [sys.executable, "-m", "notifications.bench_feed", "--events", "50", "--repeat", "2"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert re.match(r"feed of 50 events \(\d+ bytes\): median [\d.]+ ms", out)


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.just("\n"),
    min_size=1,
    max_size=200,
)


@settings(max_examples=60, deadline=None)
@example(summary="\\", location="a\\", name="\\")
@given(summary=TEXT, location=TEXT, name=TEXT)
def test_any_text_survives_invite_and_feed(summary, location, name):
    ev = replace(hearing(datetime(2026, 12, 8, 18, 30)), summary=summary, location=location,
                 attendee_name=name)  # fmt: skip
    ours, theirs = parse_both(build_feed([ev], name=name))
    assert theirs.name == [" ".join(name.split())] or not name.split()
    for data in (build_invite(ev), build_feed([ev], name=name)):
        assert all(len(line) <= 75 for line in data.split(b"\r\n"))
        ours, theirs = parse_both(data)
        ve = next(iter(ours.walk("VEVENT")))
        assert str(ve["SUMMARY"]) == summary and str(ve["LOCATION"]) == location
        assert ve["ATTENDEE"].params["CN"] == name.replace("\\", "")
        [tev] = theirs.events
        assert (tev.summary, tev.location) == (summary, location)
