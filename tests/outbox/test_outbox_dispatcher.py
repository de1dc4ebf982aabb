"""The dispatcher against a fake Twilio: sends, retries, permanent failures, rate, reconcile."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from outbox_rows import PUBLIC_BASE_URL, Clock, phone, queue_texts, row, rows, set_row
from sqlmodel import Session
from twilio.http.http_client import TwilioHttpClient

from notifications.email import ConsoleEmailSender
from notifications.twilio_sms import TwilioSmsSender
from service.outbox import is_suppressed, queue_email, queue_sms
from twilio_fake import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID

LA = ZoneInfo("America/Los_Angeles")


def test_due_texts_are_sent_once_with_callback_and_validity(engine, fake, make_dispatcher):
    clock = Clock()
    now = datetime.now(UTC)
    # Due from `now` itself, not from when each row is written: on a busy machine queueing can
    # take longer than the second the clock moves on.
    ids = queue_texts(engine, 3, not_before=now)
    [reminder] = queue_texts(
        engine, 1, not_before=now, expires_at=now + timedelta(hours=2, seconds=1)
    )
    [later] = queue_texts(engine, 1, not_before=now + timedelta(hours=1))
    clock.now = now + timedelta(seconds=1)
    report = make_dispatcher(clock=clock).run_once()
    assert report.sent == 4
    for m in rows(engine, [*ids, reminder]):
        assert m.status == "sent" and m.attempts == 1
        assert m.provider_id in fake.by_sid and fake.by_sid[m.provider_id]["body"] == m.body
    assert row(engine, later).status == "queued"  # not due yet
    creates = fake.creates()
    assert len(creates) == 4
    assert {c.form["MessagingServiceSid"] for c in creates} == {MESSAGING_SERVICE_SID}
    assert {c.form["StatusCallback"] for c in creates} == {
        PUBLIC_BASE_URL + "/webhooks/twilio/status"
    }
    validity = [c.form.get("ValidityPeriod") for c in creates if "ValidityPeriod" in c.form]
    assert validity == ["7200"]  # two hours, in seconds


def test_validity_is_capped_to_twilios_range(engine, fake, make_dispatcher):
    now = datetime.now(UTC)
    queue_texts(engine, 1, expires_at=now + timedelta(days=3))
    make_dispatcher().run_once()
    assert fake.creates()[0].form["ValidityPeriod"] == "36000"


def test_429_and_500_retry_with_backoff_then_send_once(engine, fake, make_dispatcher):
    clock = Clock()
    [mid] = queue_texts(engine, 1)
    clock.now = start = datetime.now(UTC)
    fake.fail_next(429, 20429)
    fake.fail_next(500)
    d = make_dispatcher(clock=clock, outbox_backoff_seconds=60, outbox_max_attempts=5)

    assert d.run_once().retried == 1
    m = row(engine, mid)
    assert (m.status, m.attempts, m.error_code) == ("queued", 1, "20429")
    assert start + timedelta(seconds=30) <= m.not_before <= start + timedelta(seconds=60)
    assert d.run_once().touched == 0  # not due again yet: nothing sent early

    clock.now = m.not_before
    assert d.run_once().retried == 1
    m = row(engine, mid)
    assert (m.status, m.attempts, m.error_code) == ("queued", 2, "500")
    # the second delay doubles: 60..120 s after the second try
    assert clock.now + timedelta(seconds=60) <= m.not_before <= clock.now + timedelta(seconds=120)

    clock.now = m.not_before
    assert d.run_once().sent == 1
    m = row(engine, mid)
    assert (m.status, m.attempts, m.error_code, m.needs_attention) == ("sent", 3, None, False)
    assert len(fake.creates()) == 3
    assert sum(fake.sent().values()) == 1


def test_transient_failures_stop_after_max_attempts_and_are_flagged(engine, fake, make_dispatcher):
    clock = Clock()
    [mid] = queue_texts(engine, 1)
    clock.now = datetime.now(UTC)
    fake.fail_next(503, times=2)
    d = make_dispatcher(clock=clock, outbox_max_attempts=2)
    d.run_once()
    clock.now = row(engine, mid).not_before
    d.run_once()
    m = row(engine, mid)
    assert (m.status, m.attempts, m.error_code, m.needs_attention) == ("failed", 2, "503", True)
    assert "gave up after 2 attempts" in m.error_message


@pytest.mark.parametrize("code", [21211, 21614, 21606])
def test_permanent_failures_are_recorded_with_their_code(engine, fake, make_dispatcher, code):
    [mid] = queue_texts(engine, 1)
    fake.fail_next(400, code)
    assert make_dispatcher().run_once().failed == 1
    m = row(engine, mid)
    assert (m.status, m.error_code, m.needs_attention, m.attempts) == ("failed", str(code), True, 1)
    assert str(code) in m.error_message
    assert len(fake.creates()) == 1  # never retried


def test_21610_unsubscribed_suppresses_the_number_and_its_queued_texts(
    engine, fake, make_dispatcher
):
    number = phone()
    [first] = queue_texts(engine, 1, to=number)
    [second] = queue_texts(engine, 1, to=number, not_before=datetime.now(UTC) + timedelta(hours=1))
    fake.fail_next(400, 21610)
    make_dispatcher().run_once()
    assert (row(engine, first).status, row(engine, first).error_code) == ("failed", "21610")
    m = row(engine, second)
    assert (m.status, m.error_code, m.needs_attention) == ("cancelled", "opted_out", True)
    with Session(engine) as s:
        assert is_suppressed(s, number)


def test_the_send_rate_is_respected(engine, fake, make_dispatcher):
    n, rate = 24, 40.0
    queue_texts(engine, n)
    d = make_dispatcher(sms_rate_per_second=rate, outbox_concurrency=4)
    started = time.monotonic()
    assert d.run_once().sent == n
    elapsed = time.monotonic() - started
    # A bucket of one token: n texts need (n - 1) intervals of 1/rate seconds at least.
    assert elapsed >= (n - 1) / rate * 0.95
    assert elapsed < (n - 1) / rate + 2.0


def test_a_stuck_sending_row_is_found_at_the_provider_and_not_sent_again(
    engine, fake, make_dispatcher
):
    now = datetime.now(UTC)
    found, lost, fresh = queue_texts(engine, 3)
    # A worker claimed these, then died: one text reached Twilio, one never did.
    for mid in (found, lost):
        set_row(engine, mid, status="sending", attempts=1, claimed_at=now - timedelta(minutes=10))
    set_row(engine, fresh, status="sending", attempts=1, claimed_at=now - timedelta(seconds=5))
    at_twilio = fake.add_message(to=row(engine, found).to_address, body=row(engine, found).body)

    report = make_dispatcher(outbox_stuck_after_seconds=120).run_once()
    assert (report.reconciled, report.flagged, report.sent) == (1, 1, 0)
    m = row(engine, found)
    assert (m.status, m.provider_id, m.needs_attention) == ("sent", at_twilio["sid"], False)
    m = row(engine, lost)
    assert (m.status, m.error_code, m.needs_attention) == ("sending", "unknown_after_crash", True)
    assert row(engine, fresh).status == "sending"  # may still be in flight: left alone
    assert fake.creates() == []  # nothing was sent again
    assert make_dispatcher().run_once().touched == 0  # and a flagged row is not looked at again


def test_a_read_timeout_is_reconciled_instead_of_retried(engine, fake, make_dispatcher):
    # Twilio took the request but the answer never came back: a retry could text twice.
    fake.latency = 0.5
    slow = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid=MESSAGING_SERVICE_SID, base_url=fake.url,
        http_client=TwilioHttpClient(timeout=0.1),
    )  # fmt: skip
    clock = Clock()
    [mid] = queue_texts(engine, 1)
    assert make_dispatcher(sms=slow, clock=clock).run_once().unknown == 1
    assert row(engine, mid).status == "sending"
    time.sleep(0.6)  # the fake finishes creating the message
    fake.latency = 0
    clock.now = datetime.now(UTC) + timedelta(minutes=5)
    assert make_dispatcher(clock=clock).run_once().reconciled == 1
    m = row(engine, mid)
    assert m.status == "sent" and m.provider_id in fake.by_sid
    assert sum(fake.sent().values()) == 1


def test_connection_refused_is_retried(engine, make_dispatcher):
    closed = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid=MESSAGING_SERVICE_SID,
        base_url="http://127.0.0.1:9",  # discard port: nothing listens
    )  # fmt: skip
    [mid] = queue_texts(engine, 1)
    assert make_dispatcher(sms=closed).run_once().retried == 1
    m = row(engine, mid)
    assert (m.status, m.error_code) == ("queued", "network")


def test_an_unexpected_error_leaves_the_row_for_reconciliation(engine, make_dispatcher):
    class Broken:
        def send(self, *a, **k):
            raise RuntimeError("boom")

        def lookup(self, *a, **k):
            return None

    [mid] = queue_texts(engine, 1)
    report = make_dispatcher(sms=Broken()).run_once()
    assert report.unknown == 1 and "boom" in report.errors[0]
    assert row(engine, mid).status == "sending"


def test_expired_rows_are_cancelled_not_sent(engine, fake, make_dispatcher):
    clock = Clock()
    clock.now = datetime.now(UTC)
    [mid] = queue_texts(engine, 1, expires_at=clock.now + timedelta(minutes=1))
    clock.now += timedelta(minutes=2)
    assert make_dispatcher(clock=clock).run_once().expired == 1
    assert (row(engine, mid).status, row(engine, mid).error_code) == ("cancelled", "expired")
    assert fake.creates() == []


def test_participant_texts_due_at_night_wait_for_8_volunteer_texts_go(
    engine, fake, make_dispatcher
):
    clock = Clock()
    night = datetime(2026, 12, 1, 23, 30, tzinfo=LA)  # due at 12:00, the worker was down
    noon = datetime(2026, 12, 1, 12, 0, tzinfo=LA)
    [participant] = queue_texts(engine, 1, audience="participant", not_before=noon, zone=LA)
    [volunteer] = queue_texts(engine, 1, audience="volunteer", not_before=noon, zone=LA)
    clock.now = night.astimezone(UTC)
    report = make_dispatcher(clock=clock).run_once()
    assert (report.deferred, report.sent) == (1, 1)
    m = row(engine, participant)
    assert m.status == "queued" and m.attempts == 0
    assert m.not_before == datetime(2026, 12, 2, 8, 0, tzinfo=LA)
    assert row(engine, volunteer).status == "sent"
    assert len(fake.creates()) == 1


def test_emails_go_out_as_invitations_or_plain_messages(engine, make_dispatcher):
    ics = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Convene//EN\r\nMETHOD:REQUEST\r\n"
           b"BEGIN:VEVENT\r\nUID:h1@convene\r\nDTSTAMP:20261201T000000Z\r\nEND:VEVENT\r\n"
           b"END:VCALENDAR\r\n")  # fmt: skip
    with Session(engine) as s:
        invite = queue_email(s, to="ana@example.org", subject="Panel on Tue", text="See you",
                             html="<p>See you</p>", ics=ics, method="REQUEST",
                             kind="volunteer_invite").id  # fmt: skip
        plain = queue_email(s, to="ana@example.org", subject="Hello", text="Plain", html="",
                            ics=None, method=None, kind="note").id  # fmt: skip
        s.commit()
    email = ConsoleEmailSender()
    assert make_dispatcher(email=email).run_once().sent == 2
    by_subject = {str(m["Subject"]): m for m in email.sent}
    types = [p.get_content_type() for p in by_subject["Panel on Tue"].walk()]
    assert "text/calendar" in types and "application/ics" in types
    calendar = next(
        p for p in by_subject["Panel on Tue"].walk() if p.get_content_type() == "text/calendar"
    )
    assert calendar.get_payload(decode=True) == ics  # byte for byte, CRLF kept
    assert "method=REQUEST" in calendar["Content-Type"]
    assert [p.get_content_type() for p in by_subject["Hello"].walk()] == ["text/plain"]
    assert {m.status for m in rows(engine, [invite, plain])} == {"sent"}
    assert row(engine, invite).provider_id == str(by_subject["Panel on Tue"]["Message-ID"])[:64]


def test_suppressed_queue_rows_never_reach_the_provider(engine, fake, make_dispatcher):
    number = phone()
    with Session(engine) as s:
        from service.outbox import opt_out

        opt_out(s, number)
        m = queue_sms(s, to=number, template="help_reply", language="en",
                      context={"program_name": "NJP", "program_phone": "(213) 555-0100"},
                      audience="volunteer", kind="help").id  # fmt: skip
        s.commit()
    assert make_dispatcher().run_once().touched == 0
    assert row(engine, m).status == "cancelled"
    assert fake.creates() == []
