"""iCalendar invites (iTIP, RFC 5546) and personal feeds for hearings, built with `icalendar`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import icalendar

PRODID = "-//Convene//Convene Scheduling//EN"
PARTSTATS = ("NEEDS-ACTION", "ACCEPTED", "DECLINED")
METHODS = ("REQUEST", "CANCEL")
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")
ROLES = ("CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT")
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\"]")


@dataclass
class CalendarEvent:
    """One hearing as one volunteer sees it: the data of a single VEVENT."""

    uid: str
    sequence: int
    start_utc: datetime
    end_utc: datetime
    summary: str
    description: str
    location: str
    geo: tuple[float, float] | None
    organizer_email: str
    organizer_name: str
    attendee_email: str
    attendee_name: str
    attendee_role: str
    status: Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
    dtstamp: datetime
    url: str | None = None
    last_modified: datetime | None = None
    # The attendee's answer as the organizer knows it: invites ask (NEEDS-ACTION), feeds show it.
    partstat: Literal["NEEDS-ACTION", "ACCEPTED", "DECLINED"] = "NEEDS-ACTION"


def stable_uid(hearing_id: object, volunteer_id: object, domain: str) -> str:
    """The UID of one volunteer's invite to one hearing, the same for the hearing's whole life."""
    # Per volunteer, not per hearing: a CANCEL to a volunteer who leaves the panel must not
    # cancel the event in the calendars of the volunteers who stay.
    return f"convene-hearing-{hearing_id}-volunteer-{volunteer_id}@{domain}"


def _utc(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware (got naive {value.isoformat()})")
    return value.astimezone(UTC)


def _common_name(name: str) -> str:
    """A CN parameter value without backslashes."""
    # RFC 5545 gives backslash no meaning in parameter values, but icalendar's own parser
    # reads one as an escape (CN=\ comes back as the rest of the line). No name needs one.
    return name.replace("\\", "")


def _address(email: str, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    return address


def _check(event: CalendarEvent) -> None:
    if event.status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {event.status!r}")
    if event.attendee_role not in ROLES:
        raise ValueError(f"attendee_role must be one of {ROLES}, not {event.attendee_role!r}")
    if event.partstat not in PARTSTATS:
        raise ValueError(f"partstat must be one of {PARTSTATS}, not {event.partstat!r}")
    if event.sequence < 0:
        raise ValueError("sequence must be >= 0")
    # Addresses and the URL are written unescaped: refuse anything that could break a line.
    for field in ("organizer_email", "attendee_email", "url"):
        value = getattr(event, field)
        if value is not None and (not value or _UNSAFE.search(value)):
            raise ValueError(f"{field} must be non-empty without spaces or control characters")
    if "@" not in event.organizer_email or "@" not in event.attendee_email:
        raise ValueError("organizer_email and attendee_email must be email addresses")
    start, end = _utc(event.start_utc, "start_utc"), _utc(event.end_utc, "end_utc")
    if end <= start:
        raise ValueError("end_utc must be after start_utc")


def _vevent(event: CalendarEvent, *, status: str, rsvp: bool) -> icalendar.Event:
    _check(event)
    start, end = _utc(event.start_utc, "start_utc"), _utc(event.end_utc, "end_utc")
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _utc(event.dtstamp, "dtstamp"))
    vevent.add("sequence", event.sequence)
    # Hearings are one-off events, so plain UTC ("Z") times are exact and need no VTIMEZONE,
    # whose rules clients (Outlook above all) handle inconsistently. Each client shows them in
    # its own zone; DST is already resolved when the hearing's local time is stored as UTC.
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    vevent.add("location", event.location)
    if event.geo is not None:
        vevent.add("geo", event.geo)
    vevent.add("organizer", _address(event.organizer_email, cn=_common_name(event.organizer_name)))
    vevent.add(
        "attendee",
        _address(
            event.attendee_email,
            cutype="INDIVIDUAL",
            role=event.attendee_role,
            partstat=event.partstat,
            rsvp="TRUE" if rsvp else "FALSE",
            cn=_common_name(event.attendee_name),
        ),
    )
    vevent.add("status", status)
    if event.url:
        vevent.add("url", event.url)
    if event.last_modified is not None:
        vevent.add("last-modified", _utc(event.last_modified, "last_modified"))
    return vevent


def _calendar(**props: object) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for key, value in props.items():
        cal.add(key.replace("_", "-"), value)
    return cal


def build_invite(event: CalendarEvent, method: Literal["REQUEST", "CANCEL"] = "REQUEST") -> bytes:
    """An iTIP REQUEST (new or changed hearing) or CANCEL for one attendee, as .ics bytes."""
    method = method.upper()  # type: ignore[assignment]
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if method == "REQUEST" and event.status == "CANCELLED":
        # A cancelled event sent as REQUEST would re-create it in the attendee's calendar.
        raise ValueError("a cancelled event must be sent with method CANCEL")
    cal = _calendar(method=method)
    if method == "CANCEL":
        # RFC 5546 3.2.5: STATUS:CANCELLED, same UID, higher SEQUENCE; no reply is expected.
        cal.add_component(_vevent(event, status="CANCELLED", rsvp=False))
    else:
        cal.add_component(_vevent(event, status=event.status, rsvp=True))
    return cal.to_ical()


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping (3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _param(value: str) -> str:
    """A quoted parameter value, with ^ " and line breaks encoded as RFC 6868 says."""
    value = _common_name(value).replace("^", "^^").replace('"', "^'").replace("\r\n", "\n")
    return '"' + value.replace("\n", "^n").replace("\r", "^n") + '"'


def _stamp(value: datetime, field: str) -> str:
    return _utc(value, field).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> bytes:
    """Fold a content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # never cut inside a multi-byte character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _feed_vevent(event: CalendarEvent) -> bytes:
    """The VEVENT `_vevent(event, rsvp=False)` produces, written directly (see build_feed)."""
    _check(event)
    start, end = _stamp(event.start_utc, "start_utc"), _stamp(event.end_utc, "end_utc")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(event.uid)}",
        f"DTSTAMP:{_stamp(event.dtstamp, 'dtstamp')}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        f"SUMMARY:{_text(event.summary)}",
        f"DESCRIPTION:{_text(event.description)}",
        f"LOCATION:{_text(event.location)}",
    ]
    if event.geo is not None:
        lines.append(f"GEO:{float(event.geo[0])};{float(event.geo[1])}")
    lines.append(f"ORGANIZER;CN={_param(event.organizer_name)}:mailto:{event.organizer_email}")
    lines.append(
        f"ATTENDEE;CN={_param(event.attendee_name)};CUTYPE=INDIVIDUAL;PARTSTAT={event.partstat};"
        f"ROLE={event.attendee_role};RSVP=FALSE:mailto:{event.attendee_email}"
    )
    lines.append(f"STATUS:{event.status}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{_stamp(event.last_modified, 'last_modified')}")
    lines.append("END:VEVENT")
    return b"".join(_fold(line) for line in lines)


def build_feed(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """A subscribable calendar feed (no METHOD) with cancelled hearings kept as CANCELLED."""
    # The calendar head goes through icalendar; the events are written by _feed_vevent because
    # icalendar needs ~0.4 ms per event (property objects, then character-by-character folding)
    # and a 500-event feed must render in under 50 ms. A test checks that icalendar reads each
    # written VEVENT back as exactly the one _vevent builds.
    # NAME (RFC 7986) and X-WR-CALNAME (what Apple, Google and Outlook read), one line of TEXT;
    # vText because icalendar would write these two unescaped.
    title = icalendar.vText(" ".join(name.split()))
    head = _calendar(name=title, x_wr_calname=title, x_published_ttl="PT1H")
    # Without METHOD this is a published calendar, not a scheduling message; clients refresh it
    # on their own schedule, which REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL ask for hourly.
    head.add(
        "refresh-interval", icalendar.vDuration.from_ical("PT1H"), parameters={"VALUE": "DURATION"}
    )
    end = b"END:VCALENDAR\r\n"
    body = b"".join(_feed_vevent(event) for event in events)
    return head.to_ical().removesuffix(end) + body + end
