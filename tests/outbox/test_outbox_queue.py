"""Queueing texts and emails: suppression, dedupe, quiet hours across DST, cancelling, opt-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from outbox_rows import phone, queue_texts, row, rows, set_row, utc
from sqlmodel import Session, select

from service.models.messaging import SmsSuppression
from service.outbox import (
    cancel_pending,
    is_suppressed,
    opt_in,
    opt_out,
    queue_email,
    queue_sms,
)
from service.outbox.policy import after_quiet_hours

LA = ZoneInfo("America/Los_Angeles")
PARTICIPANT_CTX = {
    "person_name": "Jordan Lee", "program_name": "Neighborhood Justice Program",
    "when": "Tue Dec 15, 6:30 PM", "venue_name": "Hollywood Regional Library",
    "venue_address": "1623 N Ivar Ave", "program_phone": "(213) 555-0100",
}  # fmt: skip


def _participant(s: Session, to: str, **kwargs):
    return queue_sms(
        s, to=to, template="participant_hearing", language=kwargs.pop("language", "es"),
        context=PARTICIPANT_CTX, audience="participant",
        kind=kwargs.pop("kind", "participant_hearing"), **kwargs,
    )  # fmt: skip


def test_queue_sms_renders_the_template_in_the_language_and_stores_it(session):
    m = _participant(session, "+13235550199", zone=LA, not_before=utc(2026, 12, 1, 20, 0))
    session.commit()
    assert (m.status, m.channel, m.template, m.language) == (
        "queued",
        "sms",
        "participant_hearing",
        "es",
    )
    assert "Jordan" in m.body and "Neighborhood Justice Program" in m.body
    assert (m.kind, m.audience, m.time_zone) == ("participant_hearing", "participant", LA.key)
    assert m.not_before == utc(2026, 12, 1, 20, 0)  # 12:00 in Los Angeles: no quiet hours


def test_a_suppressed_number_gets_a_cancelled_flagged_row_never_a_queued_one(session):
    opt_out(session, "+13235550199")
    m = _participant(session, "+13235550199")
    session.commit()
    assert m.status == "cancelled"
    assert m.error_code == "opted_out"
    assert m.needs_attention is True
    assert is_suppressed(session, "+13235550199")
    assert not is_suppressed(session, "+13235550100")


def test_a_dedupe_key_returns_the_row_already_queued(engine, session):
    first = _participant(session, "+13235550199", dedupe_key="reminder:h1:p1:3d")
    again = _participant(session, "+13235550199", dedupe_key="reminder:h1:p1:3d")
    session.commit()
    assert again.id == first.id
    # Also across transactions (a retried request): still one row.
    with Session(engine) as other:
        third = _participant(other, "+13235550199", dedupe_key="reminder:h1:p1:3d")
        other.commit()
        assert third.id == first.id
    assert len([r for r in rows(engine) if r.dedupe_key == "reminder:h1:p1:3d"]) == 1


# (local time queued, expected release in UTC) around the 2026 November and 2027 March changes
# in Los Angeles: 22:30 local always goes out at 08:00 local the next morning.
DST_CASES = [
    # before the November change: both sides PDT (UTC-7)
    (datetime(2026, 10, 30, 22, 30, tzinfo=LA), utc(2026, 10, 31, 15, 0)),
    # the night of the change (Sat 31 Oct PDT -> Sun 1 Nov PST): 08:00 PST is 16:00 UTC
    (datetime(2026, 10, 31, 22, 30, tzinfo=LA), utc(2026, 11, 1, 16, 0)),
    # after: both PST (UTC-8)
    (datetime(2026, 11, 1, 22, 30, tzinfo=LA), utc(2026, 11, 2, 16, 0)),
    # before the March change: PST
    (datetime(2027, 3, 12, 22, 30, tzinfo=LA), utc(2027, 3, 13, 16, 0)),
    # the night of the change (Sat 13 Mar PST -> Sun 14 Mar PDT): 08:00 PDT is 15:00 UTC
    (datetime(2027, 3, 13, 22, 30, tzinfo=LA), utc(2027, 3, 14, 15, 0)),
    # after: PDT
    (datetime(2027, 3, 14, 22, 30, tzinfo=LA), utc(2027, 3, 15, 15, 0)),
    # early morning waits for 08:00 the same day
    (datetime(2027, 3, 14, 3, 15, tzinfo=LA), utc(2027, 3, 14, 15, 0)),
]


@pytest.mark.parametrize(("local", "expected"), DST_CASES, ids=lambda v: str(v)[:16])
def test_participant_texts_queued_at_night_wait_until_8_local(session, local, expected):
    m = _participant(session, phone(), zone=LA, not_before=local)
    session.commit()
    assert m.not_before == expected
    assert m.not_before.astimezone(LA).hour == 8


def test_quiet_hours_edges_and_other_audiences():
    day = datetime(2026, 12, 1, 20, 59, tzinfo=LA)
    assert after_quiet_hours(day, LA) == day  # 20:59 still goes
    assert after_quiet_hours(day + timedelta(minutes=1), LA) == utc(2026, 12, 2, 16, 0)
    morning = datetime(2026, 12, 2, 8, 0, tzinfo=LA)
    assert after_quiet_hours(morning, LA) == morning


def test_volunteer_texts_keep_their_time_at_night(session):
    night = datetime(2026, 12, 1, 23, 0, tzinfo=LA)
    [mid] = queue_texts(session.get_bind(), 1, not_before=night, zone=LA)
    assert row(session.get_bind(), mid).not_before == night.astimezone(UTC)


def test_naive_times_and_unknown_audiences_are_refused(session):
    with pytest.raises(ValueError, match="timezone-aware"):
        _participant(session, phone(), not_before=datetime(2026, 12, 1, 12, 0))
    with pytest.raises(ValueError, match="audience"):
        queue_sms(session, to=phone(), template="help_reply", language="en",
                  context={"program_name": "NJP", "program_phone": "1"}, audience="victim",
                  kind="help")  # fmt: skip


def test_cancel_pending_cancels_only_queued_rows_of_that_hearing_and_kind(world, engine):
    case = world.case("CA-77")
    hearing = world.hearing(case["id"], "2031-03-04T18:30:00-08:00")
    other = world.hearing(world.case("CA-78")["id"], "2031-03-05T18:30:00-08:00")
    with Session(engine) as s:
        # Kinds of this test's own, since booking a hearing may queue texts of its own.
        r3 = _participant(s, phone(), hearing_id=hearing["id"], kind="test_reminder").id
        r1 = _participant(s, phone(), hearing_id=hearing["id"], kind="test_reminder").id
        inv = _participant(s, phone(), hearing_id=hearing["id"], kind="test_invite").id
        elsewhere = _participant(s, phone(), hearing_id=other["id"], kind="test_reminder").id
        s.commit()
    set_row(engine, r1, status="sending")  # already claimed by a dispatcher: too late to cancel
    with Session(engine) as s:
        n = cancel_pending(s, hearing_id=hearing["id"], kinds=("test_reminder", "other"))
        s.commit()
    assert n == 1
    statuses = {m.id: m.status for m in rows(engine, [r3, r1, inv, elsewhere])}
    assert statuses == {r3: "cancelled", r1: "sending", inv: "queued", elsewhere: "queued"}
    with Session(engine) as s, pytest.raises(ValueError):
        cancel_pending(s, kinds=("participant_reminder",))


def test_opt_out_cancels_that_numbers_queued_texts_and_opt_in_allows_new_ones(engine):
    number, other = phone(), phone()
    mine = queue_texts(engine, 3, to=number)
    theirs = queue_texts(engine, 1, to=other)
    with Session(engine) as s:
        email = queue_email(s, to="ana@example.org", subject="s", text="t", html="<p>t</p>",
                            ics=None, method=None, kind="test").id  # fmt: skip
        s.commit()
        assert opt_out(s, number, source="reply") == 3
        assert opt_out(s, number, source="reply") == 0  # twice is harmless
        s.commit()
        suppressed = s.exec(select(SmsSuppression).where(SmsSuppression.phone == number)).one()
        assert suppressed.source == "reply"
    for m in rows(engine, mine):
        assert (m.status, m.error_code, m.needs_attention) == ("cancelled", "opted_out", True)
    assert [m.status for m in rows(engine, [*theirs, email])] == ["queued", "queued"]
    with Session(engine) as s:
        opt_in(s, number)
        s.commit()
        assert not is_suppressed(s, number)
    [again] = queue_texts(engine, 1, to=number)
    assert row(engine, again).status == "queued"
    assert [m.status for m in rows(engine, mine)] == ["cancelled"] * 3  # not revived


def test_queue_email_keeps_the_calendar_and_its_method(session):
    ics = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    m = queue_email(session, to="ana@example.org", subject="Panel", text="t", html="<p>t</p>",
                    ics=ics, method="request", kind="volunteer_invite", dedupe_key="e1")  # fmt: skip
    again = queue_email(session, to="ana@example.org", subject="Panel", text="t", html="<p>t</p>",
                        ics=ics, method="request", kind="volunteer_invite", dedupe_key="e1")  # fmt: skip
    session.commit()
    assert again.id == m.id
    assert (m.channel, m.ics_method, m.ics.encode()) == ("email", "REQUEST", ics)
    with pytest.raises(ValueError, match="method"):
        queue_email(session, to="a@example.org", subject="s", text="t", html="h", ics=ics,
                    method=None, kind="volunteer_invite")  # fmt: skip


def test_a_cancelled_message_can_be_queued_again_under_its_key(world, engine):
    hearing = world.hearing(world.case("CA-90")["id"], "2031-03-04T18:30:00-08:00")
    number = phone()
    with Session(engine) as s:
        first = _participant(s, number, hearing_id=hearing["id"], kind="test_reminder",
                             dedupe_key="test:reminder:1").id  # fmt: skip
        s.commit()
        assert cancel_pending(s, hearing_id=hearing["id"], kinds=("test_reminder",)) == 1
        s.commit()
        again = _participant(s, number, hearing_id=hearing["id"], kind="test_reminder",
                             dedupe_key="test:reminder:1")  # fmt: skip
        s.commit()
        assert again.id != first and again.status == "queued"
        # ... and the key protects the new row as it protected the old one.
        assert _participant(s, number, dedupe_key="test:reminder:1").id == again.id
    old = row(engine, first)
    assert (old.status, old.dedupe_key) == ("cancelled", None)


def test_after_start_an_opted_out_message_can_be_queued_again(session):
    number = phone()
    opt_out(session, number)
    first = _participant(session, number, dedupe_key="test:optout:1")
    assert _participant(session, number, dedupe_key="test:optout:1").id == first.id  # still out
    opt_in(session, number)
    again = _participant(session, number, dedupe_key="test:optout:1")
    session.commit()
    assert again.id != first.id and again.status == "queued"
