"""Texts around hearings: invitations, notices, reminders, and replies by SMS (signed webhooks)."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from service.config import get_settings
from service.models import (
    AuditEvent,
    InboundMessage,
    Message,
    PartyConfirmation,
    SeatAssignment,
    SmsSuppression,
)
from support import horizon, next_local

TOKEN = "test-auth-token-0123456789abcdef"
BASE = "https://convene.example.org"
LA = ZoneInfo("America/Los_Angeles")
TUE = 1
_sids = itertools.count(1)


@pytest.fixture(autouse=True)
def twilio_env(monkeypatch):
    monkeypatch.setenv("CONVENE_TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("CONVENE_PUBLIC_BASE_URL", BASE)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def text_in(client, from_number: str, body: str, sid: str | None = None, *, sign: bool = True):
    """Deliver an inbound SMS the way Twilio does: a signed form post."""
    form = {
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "From": from_number,
        "To": "+12135550100",
        "Body": body,
        "AccountSid": "AC" + "0" * 32,
        "NumSegments": "1",
    }
    headers = {
        "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(
            f"{BASE}/webhooks/twilio/sms", form
        )
    }
    if not sign:
        headers = {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}
    return client.post("/webhooks/twilio/sms", data=form, headers=headers)


def messages(engine, **where) -> list[Message]:
    with Session(engine) as s:
        stmt = select(Message).order_by(Message.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Message, key) == value)
        return list(s.exec(stmt).all())


def _scenario(world, client, n_volunteers: int = 5) -> dict:
    vols = [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", email=f"vol{i}@example.org")
        for i in range(n_volunteers)
    ]
    case = world.case(description="Shoplifting at the corner market")
    hearing = world.hearing(case["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    window = horizon(hearing["start"])
    run = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs", json=window, headers=world.coordinator
    ).json()
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/publish",
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    hearing = client.get(f"/api/v1/hearings/{hearing['id']}", headers=world.viewer).json()
    by_id = {v["id"]: v for v in vols}
    return {
        "case": case,
        "hearing": hearing,
        "volunteers": vols,
        "panel": [by_id[s["volunteer_id"]] for s in hearing["seats"]],
        "participant": case["parties"][0]["person"],
    }


def test_booking_texts_parties_in_their_language_with_reminders(world, client, engine):
    sc = _scenario(world, client)
    notices = messages(engine, kind="participant_hearing")
    assert [m.to_address for m in notices] == [
        "+13235550199"
    ]  # the victim gave no mobile or consent
    body = notices[0].body
    assert notices[0].language == "es" and "CAMBIAR" in body and "Jordan" in body
    assert "Shoplifting" not in body and "market" not in body
    reminders = messages(engine, kind="participant_reminder")
    start_local = datetime.fromisoformat(sc["hearing"]["local_start"])
    assert sorted(
        (start_local.date() - m.not_before.astimezone(LA).date()).days for m in reminders
    ) == [1, 3]
    assert all(m.not_before.astimezone(LA).hour == 10 for m in reminders)
    assert all(m.expires_at == datetime.fromisoformat(sc["hearing"]["start"]) for m in reminders)


def test_publish_invites_each_volunteer_with_a_calendar_link(world, client, engine):
    sc = _scenario(world, client)
    invites = messages(engine, kind="volunteer_invite")
    assert sorted(m.volunteer_id for m in invites) == sorted(v["id"] for v in sc["panel"])
    for m in invites:
        assert "Reply Y to accept or N to decline" in m.body
        assert f"{BASE}/c/" in m.body
    later = messages(engine, kind="volunteer_invite_reminder")
    assert len(later) == 3 and all(m.not_before > m.created_at + timedelta(hours=23) for m in later)


def test_volunteer_accepts_by_text_and_repeats_change_nothing(world, client, engine):
    sc = _scenario(world, client)
    vol = sc["panel"][0]
    r = text_in(client, vol["mobile"], "Yes, I'll be there!", sid="SM" + "a" * 32)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    assert "<Message>" in r.text and "Vol" in r.text
    with Session(engine) as s:
        seat = s.exec(select(SeatAssignment).where(SeatAssignment.volunteer_id == vol["id"])).one()
        assert seat.status == "accepted"
        reminder = s.exec(
            select(Message).where(
                Message.seat_id == seat.id, Message.kind == "volunteer_invite_reminder"
            )
        ).one()
        assert reminder.status == "cancelled"
    again = text_in(client, vol["mobile"], "Yes, I'll be there!", sid="SM" + "a" * 32)
    assert again.text == r.text
    with Session(engine) as s:
        assert len(s.exec(select(InboundMessage)).all()) == 1


def test_simultaneous_redeliveries_of_one_sid_act_once(world, client, engine):
    """Twilio may deliver a text again while the first delivery is still being handled."""
    from concurrent.futures import ThreadPoolExecutor

    from service.messaging.replies import handle_inbound
    from service.models import CaseEvent

    sc = _scenario(world, client)
    phone = sc["participant"]["mobile"]

    def deliver(_: int) -> str:
        with Session(engine, expire_on_commit=False) as s:
            reply = handle_inbound(
                s, sid="SM" + "c" * 32, from_number=phone, to_number="+12135550100", body="Sí"
            )
            s.commit()
            return reply

    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(deliver, range(8)))
    assert len(set(replies)) == 1 and "Jordan" in replies[0]
    with Session(engine) as s:
        assert len(s.exec(select(InboundMessage)).all()) == 1
        events = s.exec(
            select(CaseEvent).where(
                CaseEvent.case_id == sc["case"]["id"], CaseEvent.kind == "reply"
            )
        ).all()
        assert len(events) == 1


def test_unsigned_or_forged_webhooks_are_refused(world, client, engine):
    sc = _scenario(world, client)
    assert text_in(client, sc["panel"][0]["mobile"], "Y", sign=False).status_code == 403
    r = client.post(
        "/webhooks/twilio/sms",
        data={"From": sc["panel"][0]["mobile"], "Body": "Y", "MessageSid": "SM1"},
    )
    assert r.status_code == 403
    with Session(engine) as s:
        assert s.exec(select(InboundMessage)).all() == []
        assert {x.status for x in s.exec(select(SeatAssignment)).all()} == {"invited"}


def test_decline_by_text_covers_only_that_seat(world, client, engine):
    sc = _scenario(world, client)
    leaving = sc["panel"][1]
    before = {s["volunteer_id"]: s["role"] for s in sc["hearing"]["seats"]}
    r = text_in(client, leaving["mobile"], "no puedo, lo siento")
    assert r.status_code == 200 and "<Message>" in r.text
    after = client.get(f"/api/v1/hearings/{sc['hearing']['id']}", headers=world.viewer).json()
    holding = {
        s["volunteer_id"]: s["role"]
        for s in after["seats"]
        if s["status"] in ("invited", "accepted")
    }
    assert leaving["id"] not in holding
    assert len(holding) == 3
    stayed = {v: r for v, r in before.items() if v != leaving["id"]}
    assert stayed.items() <= holding.items()  # nobody else moved
    (newcomer,) = set(holding) - set(stayed)
    assert holding[newcomer] == before[leaving["id"]]
    assert messages(engine, kind="volunteer_invite", volunteer_id=newcomer)
    assert {s["status"] for s in after["seats"] if s["volunteer_id"] == leaving["id"]} == {
        "declined"
    }
    assert after["needs_attention"] is None


def test_decline_with_no_cover_tells_the_coordinator(world, client, engine):
    sc = _scenario(world, client, n_volunteers=3)
    text_in(client, sc["panel"][0]["mobile"], "N")
    after = client.get(f"/api/v1/hearings/{sc['hearing']['id']}", headers=world.viewer).json()
    assert "without a volunteer" in after["needs_attention"]


def test_two_open_requests_get_a_numbered_question(world, client, engine):
    vols = [world.volunteer(f"V{i} Test", mobile=f"323-555-01{i:02d}") for i in range(3)]
    h1 = world.hearing(world.case("A")["id"], next_local(TUE, 18, 0, weeks_ahead=2))
    h2 = world.hearing(world.case("B")["id"], next_local(TUE, 18, 0, weeks_ahead=3))
    for h in (h1, h2):
        r = client.post(
            f"/api/v1/hearings/{h['id']}/seats",
            json={"volunteer_id": vols[0]["id"], "role": "panelist"},
            headers=world.coordinator,
        )
        assert r.status_code == 201
    r = text_in(client, vols[0]["mobile"], "yes")
    assert "1)" in r.text and "2)" in r.text
    with Session(engine) as s:
        assert {x.status for x in s.exec(select(SeatAssignment)).all()} == {"invited"}
    text_in(client, vols[0]["mobile"], "2")
    with Session(engine) as s:
        status = {x.hearing_id: x.status for x in s.exec(select(SeatAssignment)).all()}
    assert status == {h1["id"]: "invited", h2["id"]: "accepted"}


def test_participant_confirms_in_spanish(world, client, engine):
    sc = _scenario(world, client)
    r = text_in(client, sc["participant"]["mobile"], "Sí 👍")
    assert r.status_code == 200 and "Jordan" in r.text
    hearing = client.get(f"/api/v1/hearings/{sc['hearing']['id']}", headers=world.viewer).json()
    assert {c["role"]: c["status"] for c in hearing["confirmations"]}["participant"] == "confirmed"


def test_participant_reschedules_by_choosing_a_slot(world, client, engine):
    sc = _scenario(world, client)
    old = sc["hearing"]
    r = text_in(client, sc["participant"]["mobile"], "CAMBIAR")
    assert "1" in r.text and "0" in r.text
    hearing = client.get(f"/api/v1/hearings/{old['id']}", headers=world.viewer).json()
    assert (
        hearing["needs_attention"]
        and hearing["confirmations"][0]["status"] == "reschedule_requested"
    )
    text_in(client, sc["participant"]["mobile"], "1")
    moved = client.get(f"/api/v1/hearings/{old['id']}", headers=world.viewer).json()
    assert moved["start"] != old["start"] and moved["sequence"] == old["sequence"] + 1
    assert {c["role"]: c["status"] for c in moved["confirmations"]} == {
        "participant": "confirmed",
        "victim": "pending",
    }
    assert len([s for s in moved["seats"] if s["status"] in ("invited", "accepted")]) == 3
    old_reminders = [
        m for m in messages(engine, kind="participant_reminder") if m.dedupe_key.endswith(":q0")
    ]
    assert old_reminders and all(m.status == "cancelled" for m in old_reminders)
    # She chose the time and was told it is confirmed: no text asks her to confirm it again.
    assert not messages(engine, kind="participant_hearing_moved")
    assert messages(engine, kind="volunteer_hearing_changed") or messages(
        engine, kind="volunteer_cancelled"
    )


def test_none_of_these_goes_to_the_coordinator(world, client, engine):
    sc = _scenario(world, client)
    text_in(client, sc["participant"]["mobile"], "can we do another day?")
    text_in(client, sc["participant"]["mobile"], "none of these")
    hearing = client.get(f"/api/v1/hearings/{sc['hearing']['id']}", headers=world.viewer).json()
    assert "none of the offered times" in hearing["needs_attention"]


def test_stop_is_honoured_at_once_and_start_opts_back_in(world, client, engine):
    sc = _scenario(world, client)
    phone = sc["participant"]["mobile"]
    r = text_in(client, phone, "STOP")
    assert "<Message>" not in r.text  # the carrier word: Twilio confirms it itself
    with Session(engine) as s:
        assert (
            s.exec(select(SmsSuppression).where(SmsSuppression.phone == phone)).first() is not None
        )
        pending = s.exec(
            select(Message).where(Message.to_address == phone, Message.status == "queued")
        ).all()
        assert pending == []
    r = client.patch(
        f"/api/v1/hearings/{sc['hearing']['id']}",
        json={"start": next_local(TUE, 19, 0, weeks_ahead=3)},
        headers=world.coordinator,
    )
    assert r.status_code == 200
    moved = messages(engine, kind="participant_hearing_moved", to_address=phone)
    assert moved and moved[-1].status == "cancelled" and moved[-1].needs_attention
    r = text_in(client, phone, "stop texting me please")
    r = text_in(client, phone, "START")
    with Session(engine) as s:
        assert s.exec(select(SmsSuppression).where(SmsSuppression.phone == phone)).first() is None


def test_unknown_reply_gets_help_and_lands_in_the_inbox(world, client, engine):
    sc = _scenario(world, client)
    # ("what is this about??" was the example here; it is a help request since round 4 of issue 17)
    r = text_in(client, sc["participant"]["mobile"], "is there parking nearby??")
    assert "<Message>" in r.text
    with Session(engine) as s:
        inbound = s.exec(select(InboundMessage)).one()
        assert (
            inbound.intent == "unknown"
            and inbound.needs_attention
            and inbound.case_id == sc["case"]["id"]
        )
    r = text_in(client, "+14155550123", "hello")
    assert "<Message>" in r.text


def test_cancel_stops_reminders_and_tells_everyone(world, client, engine):
    sc = _scenario(world, client)
    client.patch(
        f"/api/v1/hearings/{sc['hearing']['id']}",
        json={"status": "cancelled"},
        headers=world.coordinator,
    )
    assert all(m.status == "cancelled" for m in messages(engine, kind="participant_reminder"))
    assert messages(engine, kind="participant_hearing_cancelled")
    assert len(messages(engine, kind="volunteer_cancelled")) == 3
    with Session(engine) as s:
        assert s.exec(select(PartyConfirmation)).all()


def test_attention_api_lists_what_waits_for_a_person(world, client, engine):
    sc = _scenario(world, client, n_volunteers=3)
    text_in(client, sc["participant"]["mobile"], "what is this about??")
    text_in(client, sc["panel"][0]["mobile"], "N")  # no one can cover
    text_in(client, sc["participant"]["mobile"], "STOP")
    client.patch(
        f"/api/v1/hearings/{sc['hearing']['id']}",
        json={"start": next_local(TUE, 19, 0, weeks_ahead=3)},
        headers=world.coordinator,
    )
    r = client.get("/api/v1/attention", headers=world.coordinator)
    assert r.status_code == 200
    body = r.json()
    assert [m["body"] for m in body["inbox"]][-1] == "what is this about??"
    assert any(
        h["hearing_id"] == sc["hearing"]["id"] and "without a volunteer" in h["reason"]
        for h in body["hearings"]
    )
    assert any(m["error_code"] == "opted_out" for m in body["undelivered"])
    # Participants' texts were read: the trail says by whom, and which (#18).
    with Session(engine) as s:
        [read] = s.exec(select(AuditEvent).where(AuditEvent.entity == "attention")).all()
    assert read.action == "read" and read.user_id is not None and read.outcome == "success"
    assert str(body["inbox"][-1]["id"]) in read.detail
    assert client.get("/api/v1/attention", headers=world.drp_coordinator).json()["hearings"] == []
    r = text_in(client, sc["panel"][1]["mobile"], "HELP")
    assert "<Message>" in r.text and "(213) 555-0100" in r.text


def test_menu_texts_a_volunteer_their_own_page(world, client, engine):
    sc = _scenario(world, client)
    r = text_in(client, sc["panel"][0]["mobile"], "menu")
    link = re.search(r"(https://convene\.example\.org/me/\S+)", r.text).group(1)
    page = client.get(link.removeprefix(BASE))
    assert page.status_code == 200 and "Vol" in page.text
    assert (
        client.patch(
            f"/api/v1/programs/{world.njp['id']}",
            json={"reminder_days_before": [99]},
            headers=world.admin,
        ).status_code
        == 422
    )
