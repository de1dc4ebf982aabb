"""iMIP emails sent through a real SMTP server (aiosmtpd) started here, parsed as they arrived."""

import email
import email.policy
import logging
import socket
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from aiosmtpd.controller import Controller
from ical.calendar_stream import IcsCalendarStream

from notifications.calendar import CalendarEvent, build_invite, stable_uid
from notifications.email import (
    ConsoleEmailSender,
    EmailSender,
    SmtpEmailSender,
    build_invite_email,
    ics_method,
)
from notifications.errors import PermanentSendError, TransientSendError
from notifications.templates import EMAIL_VARIABLES, email_names, render_email

FROM = "Neighborhood Justice Program <panels@convene.example.org>"


class Sink:
    """SMTP handler: keeps what arrives; some recipients and subjects get scripted refusals."""

    def __init__(self):
        self.received = []  # (envelope recipients, parsed message, raw bytes)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("gone@"):
            return "550 5.1.1 No such user"
        if address.startswith("full@"):
            return "452 4.2.2 Mailbox full, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if "[greylist]" in str(msg["Subject"]):
            return "451 4.7.1 Greylisted, try again later"
        if "[spam]" in str(msg["Subject"]):
            return "554 5.7.1 Message rejected"
        self.received.append((list(envelope.rcpt_tos), msg, envelope.content))
        return "250 Message accepted"

    def mailbox(self, address):
        return [msg for rcpts, msg, _ in self.received if address in rcpts]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def smtp():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def sink(smtp):
    smtp.received.clear()
    return smtp


def event(volunteer: int, *, sequence=0, start=datetime(2026, 12, 9, 2, 30, tzinfo=UTC),
          status="CONFIRMED") -> CalendarEvent:  # fmt: skip
    return CalendarEvent(
        uid=stable_uid(101, volunteer, "convene.example.org"),
        sequence=sequence,
        start_utc=start,
        end_utc=start + timedelta(minutes=90),
        summary="Neighborhood Justice Program panel (panelist)",
        description="You are a panelist at a Neighborhood Justice Program community panel.",
        location="Ella Hill Hutch Community Center, 1050 McAllister St, San Francisco, CA 94115",
        geo=(37.7799, -122.4313),
        organizer_email="panels@convene.example.org",
        organizer_name="Neighborhood Justice Program",
        attendee_email=f"v{volunteer}@example.org",
        attendee_name="María Guadalupe Hernández-Villanueva",
        attendee_role="REQ-PARTICIPANT",
        status=status,
        dtstamp=datetime(2026, 11, 20, tzinfo=UTC),
    )


CTX = dict(
    volunteer_name="María Guadalupe Hernández-Villanueva",
    program_name="Neighborhood Justice Program",
    role="panelist",
    when="Tue Dec 8, 6:30 PM",
    venue_name="Ella Hill Hutch Community Center",
    venue_address="1050 McAllister St, San Francisco, CA 94115",
)


def invite_email(ev: CalendarEvent, method="REQUEST", template="invite", lang="en", **kw):
    body = render_email(template, lang, **{k: CTX[k] for k in EMAIL_VARIABLES[template]})
    return build_invite_email(
        from_addr=FROM,
        to_addr=kw.get("to", ev.attendee_email),
        subject=kw.get("subject", body.subject),
        text=body.text,
        html=body.html,
        ics=build_invite(ev, method),
        method=method,
    )


def sender(sink, **kw) -> SmtpEmailSender:
    return SmtpEmailSender("127.0.0.1", sink.port, timeout=5, **kw)


def check_structure(msg, method: str) -> bytes:
    """Assert the iMIP layout; return the calendar bytes."""
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, html, calendar = alternative.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == method
    assert calendar.get_content_charset() == "utf-8"
    # On the wire exactly as RFC 6047 writes it (the parsed header object re-quotes values).
    raw_type = dict(calendar.raw_items())["Content-Type"]
    assert raw_type == f"text/calendar; method={method}; charset=UTF-8"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_type() in ("application/ics", "text/calendar")
    inline = calendar.get_payload(decode=True)
    assert attachment.get_payload(decode=True) == inline  # byte for byte the same file
    assert ics_method(inline) == method  # header method matches the METHOD inside
    parsed = icalendar.Calendar.from_ical(inline)
    assert str(parsed["METHOD"]) == method
    assert IcsCalendarStream.calendar_from_ics(inline.decode("utf-8")).method == method
    return inline


def test_request_arrives_with_the_imip_structure(sink):
    ev = event(1)
    msg = invite_email(ev)
    message_id = sender(sink).send(msg)
    [(rcpts, got, raw)] = sink.received
    assert rcpts == ["v1@example.org"]
    assert got["Message-ID"] == message_id and message_id.endswith("@convene.example.org>")
    assert got["Subject"] == "Invitation: Neighborhood Justice Program meeting, Tue Dec 8, 6:30 PM"
    assert got["From"] == FROM
    inline = check_structure(got, "REQUEST")
    assert inline == build_invite(ev, "REQUEST")
    vevent = next(iter(icalendar.Calendar.from_ical(inline).walk("VEVENT")))
    assert str(vevent["UID"]) == ev.uid and int(vevent["SEQUENCE"]) == 0
    assert "Hi María," in got.get_body(("plain",)).get_content()
    assert "<strong>panelist</strong>" in got.get_body(("html",)).get_content()


def test_cancel_arrives_with_method_cancel(sink):
    ev = event(2, sequence=3, status="CANCELLED")
    sender(sink).send(invite_email(ev, "CANCEL", "cancelled"))
    [(_, got, _)] = sink.received
    inline = check_structure(got, "CANCEL")
    [tev] = IcsCalendarStream.calendar_from_ics(inline.decode()).events
    assert tev.status.value == "CANCELLED" and tev.sequence == 3 and tev.uid == ev.uid


def test_spanish_subject_and_body_survive_the_trip(sink):
    ctx = {**CTX, "role": "panelista", "when": "mar 8 dic, 6:30 p. m."}
    body = render_email("invite", "es", **ctx)
    msg = build_invite_email(from_addr=FROM, to_addr="v3@example.org", subject=body.subject,
                             text=body.text, html=body.html, ics=build_invite(event(3)),
                             method="REQUEST")  # fmt: skip
    sender(sink).send(msg)
    [(_, got, _)] = sink.received
    assert (
        got["Subject"]
        == "Invitación: reunión de Neighborhood Justice Program, mar 8 dic, 6:30 p. m."
    )
    assert "Hola María:" in got.get_body(("plain",)).get_content()
    check_structure(got, "REQUEST")


def test_method_must_match_the_calendar():
    with pytest.raises(ValueError):
        build_invite_email(from_addr=FROM, to_addr="a@example.org", subject="s", text="t",
                           html="<p>t</p>", ics=build_invite(event(1)), method="CANCEL")  # fmt: skip


def test_one_hearing_through_create_reschedule_panel_change_and_cancel(sink):
    """Volunteers 1 and 2 are invited; the hearing moves; 2 is replaced by 3; it is cancelled."""
    smtp_sender = sender(sink)
    seq = 0
    start = datetime(2026, 12, 9, 2, 30, tzinfo=UTC)

    def send(v, method, template):
        status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
        ev = event(v, sequence=seq, start=start, status=status)
        smtp_sender.send(invite_email(ev, method, template))

    for v in (1, 2):
        send(v, "REQUEST", "invite")
    seq, start = 1, start + timedelta(days=7)  # reschedule: same UIDs, new time, higher SEQUENCE
    for v in (1, 2):
        send(v, "REQUEST", "updated")
    seq = 2  # volunteer 2 leaves the panel, volunteer 3 takes the seat
    send(2, "CANCEL", "cancelled")
    send(3, "REQUEST", "invite")
    seq = 3  # the hearing is cancelled
    for v in (1, 3):
        send(v, "CANCEL", "cancelled")

    def summary(address):
        out = []
        for msg in sink.mailbox(address):
            inline = msg.get_body(("calendar",)).get_payload(decode=True)
            ve = next(iter(icalendar.Calendar.from_ical(inline).walk("VEVENT")))
            out.append((ics_method(inline), str(ve["UID"]), int(ve["SEQUENCE"]),
                        ve.decoded("DTSTART"), str(msg["Subject"]).split(":")[0]))  # fmt: skip
        return out

    uid = {v: stable_uid(101, v, "convene.example.org") for v in (1, 2, 3)}
    first, moved = (
        datetime(2026, 12, 9, 2, 30, tzinfo=UTC),
        datetime(2026, 12, 16, 2, 30, tzinfo=UTC),
    )
    assert summary("v1@example.org") == [
        ("REQUEST", uid[1], 0, first, "Invitation"),
        ("REQUEST", uid[1], 1, moved, "Updated"),
        ("CANCEL", uid[1], 3, moved, "Cancelled"),
    ]
    assert summary("v2@example.org") == [
        ("REQUEST", uid[2], 0, first, "Invitation"),
        ("REQUEST", uid[2], 1, moved, "Updated"),
        ("CANCEL", uid[2], 2, moved, "Cancelled"),
    ]
    assert summary("v3@example.org") == [
        ("REQUEST", uid[3], 2, moved, "Invitation"),
        ("CANCEL", uid[3], 3, moved, "Cancelled"),
    ]


@pytest.mark.parametrize(
    ("to", "subject", "error", "code"),
    [
        ("gone@example.org", "Hello", PermanentSendError, 550),
        ("full@example.org", "Hello", TransientSendError, 452),
        ("ok@example.org", "Hello [greylist]", TransientSendError, 451),
        ("ok@example.org", "Hello [spam]", PermanentSendError, 554),
    ],
)
def test_smtp_refusals_are_classified(sink, to, subject, error, code):
    with pytest.raises(error) as info:
        sender(sink).send(invite_email(event(1), to=to, subject=subject))
    assert info.value.code == code
    assert sink.received == []


def test_connection_refused_is_transient():
    s = SmtpEmailSender("127.0.0.1", free_port(), timeout=2)
    with pytest.raises(TransientSendError) as info:
        s.send(invite_email(event(1)))
    assert info.value.code == "network"


def test_starttls_on_a_server_without_it_is_a_permanent_configuration_error(sink):
    with pytest.raises(PermanentSendError) as info:
        sender(sink, starttls=True).send(invite_email(event(1)))
    assert info.value.code == "smtp-config"
    assert sink.received == []


def test_console_sender_logs_and_keeps_the_message(caplog):
    console: EmailSender = ConsoleEmailSender(show_bodies=True)  # development
    msg = invite_email(event(1))
    with caplog.at_level(logging.INFO, logger="convene.email"):
        message_id = console.send(msg)
    assert message_id == msg["Message-ID"]
    assert console.sent == [msg]
    assert "v1@example.org" in caplog.text and "text/calendar" in caplog.text
    assert "Hi María," in caplog.text


def test_console_sender_outside_development_logs_no_text(caplog):
    with caplog.at_level(logging.INFO, logger="convene.email"):
        ConsoleEmailSender().send(invite_email(event(1)))
    assert "text/calendar" in caplog.text
    assert "Hi María," not in caplog.text and "v1@example.org" not in caplog.text


def test_message_id_is_added_when_missing(sink):
    msg = invite_email(event(1))
    del msg["Message-ID"]
    message_id = sender(sink).send(msg)
    assert message_id.startswith("<") and sink.received[0][1]["Message-ID"] == message_id


def test_every_email_template_renders_in_en_and_es_without_case_detail():
    assert email_names() == ["cancelled", "invite", "updated"]
    for name in email_names():
        for lang in ("en", "es"):
            ctx = {k: CTX[k] for k in EMAIL_VARIABLES[name]}
            out = render_email(name, lang, **ctx)
            assert out.subject and "\n" not in out.subject
            assert out.text.endswith("\n") and "María" in out.text
            assert out.html.startswith("<!DOCTYPE html>") and f'lang="{lang}"' in out.html
            for text in (out.subject, out.text, out.html):
                assert " case" not in text.lower() and "caso" not in text.lower()


def test_html_email_escapes_user_data():
    ctx = {**{k: CTX[k] for k in EMAIL_VARIABLES["invite"]}, "venue_name": "<script>x</script>"}
    out = render_email("invite", "en", **ctx)
    assert "<script>" not in out.html and "&lt;script&gt;" in out.html
    assert "<script>x</script>" in out.text  # plain text is not HTML
