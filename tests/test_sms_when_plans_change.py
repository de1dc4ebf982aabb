"""Issue 16, texts: replies after a hearing moves, the question a reply answers, role words in
Spanish, a chosen time confirmed once, the victim named, opted-out volunteers left out of
matching, and texts that stay within two segments whatever the names.

Texts arrive through the signed SMS webhook; what Convene sends goes through the outbox to the
fake Twilio server (volunteers' texts) or is read from the outbox (participants' texts, which
quiet hours may hold until the morning)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from notifications.twilio_sms import TwilioSmsSender
from service.config import Settings, get_settings
from service.models import Message, SeatAssignment
from service.outbox import Dispatcher, providers
from support import horizon, next_local
from twilio_fake import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID, FakeTwilio

TOKEN = "test-auth-token-0123456789abcdef"
BASE = "https://convene.example.org"
TUE, WED = 1, 2
_sids = itertools.count(1)


@pytest.fixture(autouse=True)
def twilio_env(monkeypatch):
    monkeypatch.setenv("CONVENE_TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("CONVENE_PUBLIC_BASE_URL", BASE)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def twilio(engine):
    """The fake Twilio, and a function that sends every due text to it and returns the bodies
    each number received so far."""
    fake = FakeTwilio()

    def deliver() -> dict[str, list[str]]:
        sender = TwilioSmsSender(
            ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid=MESSAGING_SERVICE_SID, base_url=fake.url
        )
        d = Dispatcher(
            engine,
            sms=sender,
            email=providers.console_email(),
            settings=Settings(sms_rate_per_second=10_000),
        )
        try:
            d.run_once()
        finally:
            d.close()
        got: dict[str, list[str]] = {}
        for c in fake.creates():
            got.setdefault(c.form["To"], []).append(c.form["Body"])
        return got

    yield deliver
    fake.close()


def text_in(client, from_number: str, body: str) -> str:
    """Deliver an inbound SMS the way Twilio does (a signed form post); the reply's text."""
    form = {
        "MessageSid": f"SM{next(_sids):032d}",
        "From": from_number,
        "To": "+12135550100",
        "Body": body,
        "AccountSid": "AC" + "0" * 32,
        "NumSegments": "1",
    }
    signature = RequestValidator(TOKEN).compute_signature(f"{BASE}/webhooks/twilio/sms", form)
    r = client.post("/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})
    assert r.status_code == 200, r.text
    return r.text


def seats_of(engine, volunteer_id: int) -> dict[int, str]:
    with Session(engine) as s:
        rows = s.exec(select(SeatAssignment).where(SeatAssignment.volunteer_id == volunteer_id))
        return {x.hearing_id: x.status for x in rows.all()}


def messages(engine, **where) -> list[Message]:
    with Session(engine) as s:
        stmt = select(Message).order_by(Message.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Message, key) == value)
        return list(s.exec(stmt).all())


def published_panel(world, client, n_volunteers: int = 5, **case) -> dict:
    vols = [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}") for i in range(n_volunteers)
    ]
    case = world.case(**case)
    hearing = world.hearing(case["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    run = client.post(base, json=horizon(hearing["start"]), headers=world.coordinator).json()
    r = client.post(f"{base}/{run['id']}/publish", headers=world.coordinator)
    assert r.status_code == 200, r.text
    hearing = client.get(f"/api/v1/hearings/{hearing['id']}", headers=world.viewer).json()
    by_id = {v["id"]: v for v in vols}
    return {"hearing": hearing, "panel": [by_id[s["volunteer_id"]] for s in hearing["seats"]]}


def move(world, client, hearing_id: int, start: str) -> None:
    r = client.patch(
        f"/api/v1/hearings/{hearing_id}", json={"start": start}, headers=world.coordinator
    )
    assert r.status_code == 200, r.text


def seat_by_hand(world, client, hearing_id: int, volunteer_id: int) -> None:
    r = client.post(
        f"/api/v1/hearings/{hearing_id}/seats",
        json={"volunteer_id": volunteer_id, "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text


# 1 -----------------------------------------------------------------------------------------------


def test_an_accepted_volunteer_answers_still_coming_after_a_move(world, client, engine, twilio):
    sc = published_panel(world, client)
    hearing_id = sc["hearing"]["id"]
    leaving, staying = sc["panel"][0], sc["panel"][1]
    # The invitations go out first, as they would: sent in one batch with the update, the two
    # could reach the phone in either order (the dispatcher sends a batch in parallel).
    twilio()
    for v in (leaving, staying):
        assert "confirmed" in text_in(client, v["mobile"], "yes!")
    move(world, client, hearing_id, next_local(TUE, 19, 0, weeks_ahead=3))
    received = twilio()
    for v in (leaving, staying):
        assert "Still coming? Reply Y or N" in received[v["mobile"]][-1]

    reply = text_in(client, leaving["mobile"], "N")
    assert "We will find someone else" in reply and "questions? Call" not in reply
    assert seats_of(engine, leaving["id"]) == {hearing_id: "declined"}
    after = client.get(f"/api/v1/hearings/{hearing_id}", headers=world.viewer).json()
    holding = {
        s["volunteer_id"]: s for s in after["seats"] if s["status"] in ("invited", "accepted")
    }
    assert len(holding) == 3 and leaving["id"] not in holding
    (newcomer,) = set(holding) - {v["id"] for v in sc["panel"]}
    leaving_role = next(
        s["role"] for s in sc["hearing"]["seats"] if s["volunteer_id"] == leaving["id"]
    )
    assert holding[newcomer]["role"] == leaving_role
    newcomer_phone = next(
        v["mobile"] for v in world_volunteers(client, world) if v["id"] == newcomer
    )
    invite = twilio()[newcomer_phone]
    assert "Reply Y to accept or N to decline" in invite[-1]

    reply = text_in(client, staying["mobile"], "Y")
    assert "You are confirmed" in reply and "questions? Call" not in reply
    assert seats_of(engine, staying["id"]) == {hearing_id: "accepted"}
    # Answered: a second "N" days later is not read as giving the seat up.
    assert "questions? Call" in text_in(client, staying["mobile"], "N")
    assert seats_of(engine, staying["id"]) == {hearing_id: "accepted"}


def test_still_coming_after_the_participant_picks_another_time(world, client, engine):
    sc = published_panel(world, client)
    hearing_id = sc["hearing"]["id"]
    for v in sc["panel"]:
        text_in(client, v["mobile"], "Y")
    text_in(client, "+13235550199", "CAMBIAR")
    assert "confirmada" in text_in(client, "+13235550199", "1")
    moved = client.get(f"/api/v1/hearings/{hearing_id}", headers=world.viewer).json()
    kept = [s for s in moved["seats"] if s["status"] == "accepted"]
    assert kept, moved["seats"]  # the slots offered are times the panel can sit
    leaving = next(v for v in sc["panel"] if v["id"] == kept[0]["volunteer_id"])
    asked = messages(engine, kind="volunteer_hearing_changed", volunteer_id=leaving["id"])
    assert asked and "Still coming? Reply Y or N" in asked[-1].body
    assert "We will find someone else" in text_in(client, leaving["mobile"], "no")
    assert seats_of(engine, leaving["id"]) == {hearing_id: "declined"}


def world_volunteers(client, world) -> list[dict]:
    r = client.get("/api/v1/volunteers", headers=world.coordinator)
    assert r.status_code == 200, r.text
    body = r.json()
    return body["items"] if isinstance(body, dict) else body


# 2 and 3 -----------------------------------------------------------------------------------------


def _accepted_d_invited_c(world, client, engine, language: str = "es") -> tuple[dict, dict, dict]:
    h = world.volunteer("Hilda Ruiz", mobile="323-555-0150", preferred_language=language)
    d = world.hearing(world.case("D")["id"], next_local(TUE, 18, 0, weeks_ahead=2))
    c = world.hearing(world.case("C")["id"], next_local(WED, 18, 0, weeks_ahead=3))
    seat_by_hand(world, client, d["id"], h["id"])
    text_in(client, h["mobile"], "sí")
    assert seats_of(engine, h["id"]) == {d["id"]: "accepted"}
    seat_by_hand(world, client, c["id"], h["id"])
    return h, c, d


def test_no_after_a_move_answers_the_moved_hearing_not_an_older_invitation(
    world, client, engine, twilio
):
    h, c, d = _accepted_d_invited_c(world, client, engine)
    # The invitation to C went out two days ago; D moves today and H is asked "¿Puede asistir?".
    twilio()
    with Session(engine) as s:
        invitation = select(Message).where(
            Message.hearing_id == c["id"], Message.kind == "volunteer_invite"
        )
        for m in s.exec(invitation).all():
            m.not_before -= timedelta(days=2)
            m.created_at -= timedelta(days=2)
            m.sent_at -= timedelta(days=2)
            s.add(m)
        s.commit()
    move(world, client, d["id"], next_local(TUE, 19, 0, weeks_ahead=3))
    assert "¿Puede asistir?" in twilio()["+13235550150"][-1]
    reply = text_in(client, h["mobile"], "no")
    assert "Buscaremos a otra persona" in reply
    assert seats_of(engine, h["id"]) == {d["id"]: "declined", c["id"]: "invited"}


def test_questions_asked_together_get_a_numbered_question_in_spanish(world, client, engine, twilio):
    h, c, d = _accepted_d_invited_c(world, client, engine)
    move(world, client, d["id"], next_local(TUE, 19, 0, weeks_ahead=3))
    reply = text_in(client, h["mobile"], "no")
    assert "¿A qué solicitud responde?" in reply
    assert reply.count("panelista") == 2 and "panelist," not in reply
    assert seats_of(engine, h["id"]) == {d["id"]: "accepted", c["id"]: "invited"}
    # Listed in the order asked: the invitation to C, then the moved hearing D.
    text_in(client, h["mobile"], "2")
    assert seats_of(engine, h["id"]) == {d["id"]: "declined", c["id"]: "invited"}


# 4 -----------------------------------------------------------------------------------------------


def test_a_chosen_time_is_confirmed_once(world, client, engine):
    sc = published_panel(world, client)
    phone = "+13235550199"
    text_in(client, phone, "CAMBIAR")
    reply = text_in(client, phone, "1")
    assert "está confirmada" in reply
    asked_again = [
        m
        for m in messages(engine, to_address=phone)
        if m.kind == "participant_hearing_moved" and m.status != "cancelled"
    ]
    assert asked_again == []
    reminders = [
        m
        for m in messages(engine, to_address=phone, kind="participant_reminder")
        if m.status != "cancelled"
    ]
    assert reminders and all("CAMBIAR" in m.body for m in reminders)
    assert not any("para confirmar" in m.body for m in reminders)  # reminded, not asked again
    moved = client.get(f"/api/v1/hearings/{sc['hearing']['id']}", headers=world.viewer).json()
    assert moved["sequence"] == sc["hearing"]["sequence"] + 1


def test_a_victim_who_can_use_none_of_the_times_is_named_as_the_victim(world, client, engine):
    sc = published_panel(
        world,
        client,
        parties=[
            {"role": "participant", "person": {"full_name": "Jordan Lee"}},
            {
                "role": "victim",
                "person": {"full_name": "Sam Store", "mobile": "323-555-0198", "sms_consent": True},
            },
        ],
    )
    hearing = sc["hearing"]
    assert "1 for" in text_in(client, "+13235550198", "CHANGE")
    text_in(client, "+13235550198", "0")
    after = client.get(f"/api/v1/hearings/{hearing['id']}", headers=world.viewer).json()
    assert after["needs_attention"].startswith("The victim could use none of the offered times")


# 5 -----------------------------------------------------------------------------------------------


def test_a_volunteer_who_texted_stop_is_not_proposed_and_the_run_says_why(world, client, engine):
    vols = [world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}") for i in range(3)]
    quiet = vols[1]
    assert "<Message>" not in text_in(client, quiet["mobile"], "STOP")
    hearing = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    run = client.post(base, json=horizon(hearing["start"]), headers=world.coordinator).json()
    proposed = {s["volunteer_id"] for h in run["hearings"] for s in h["seats"]}
    assert proposed == {vols[0]["id"], vols[2]["id"]}
    assert run["opted_out"]["volunteer_ids"] == [quiet["id"]]
    assert run["opted_out"]["sentence"] == (
        "Not proposed: 1 volunteer opted out of texts, so no invitation can reach them "
        "(Vol1 Tester)."
    )
    (empty,) = [e for h in run["hearings"] for e in h["empty_seats"]]
    assert empty["empty"] == 1
    # A decline is covered by the engine too: it never reaches for the opted-out volunteer.
    r = client.post(f"{base}/{run['id']}/publish", headers=world.coordinator)
    assert r.status_code == 200, r.text
    text_in(client, vols[0]["mobile"], "N")
    assert seats_of(engine, quiet["id"]) == {}


# 6 -----------------------------------------------------------------------------------------------

LONG_PROGRAM = "Neighborhood Justice Program of the City and County of Los Angeles " * 3
LONG_VENUE = "Hollywood Regional Library, Community Meeting Room on the Second Floor " * 2
LONG_ADDRESS = "1623 N Ivar Ave, Los Angeles, CA 90028, behind the public parking lot on Selma " * 3


def test_texts_stay_within_two_segments_whatever_the_names(world, client, engine, twilio):
    from notifications.segments import count_segments

    r = client.patch(
        f"/api/v1/programs/{world.njp['id']}",
        json={"name": LONG_PROGRAM.strip()[:200]},
        headers=world.admin,
    )
    assert r.status_code == 200, r.text
    r = client.patch(
        f"/api/v1/venues/{world.venue['id']}",
        json={"name": LONG_VENUE.strip()[:200], "address": LONG_ADDRESS.strip()[:300]},
        headers=world.admin,
    )
    assert r.status_code == 200, r.text
    sc = published_panel(world, client)
    sent = twilio()
    invites = [sent[v["mobile"]][-1] for v in sc["panel"]]
    assert len(invites) == 3
    for body in invites:
        assert count_segments(body).segments <= 2, body
        assert "Neighborhood Justice Program" in body and "Hollywood Regional Library" in body
        assert body.endswith("Reply Y to accept or N to decline.")  # the question is whole
    (notice,) = messages(engine, kind="participant_hearing")
    assert count_segments(notice.body).segments <= 2, notice.body
    assert notice.body.endswith("CAMBIAR si necesita otra fecha.")
    reply = text_in(client, "+13235550199", "Sí")
    body = reply.split("<Message>")[1].split("</Message>")[0]
    assert count_segments(body).segments <= 2 and "confirmada" in body
    for m in messages(engine):
        if m.channel == "sms":
            assert count_segments(m.body).segments <= 2, (m.kind, m.body)
