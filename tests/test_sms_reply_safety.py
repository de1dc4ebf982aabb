"""Replies as people write them, end to end through the SMS webhook (issue 17).

A possible stop gets one question back through the outbox and no guess; a stop is never a "no";
"yes, but later?" asks for another time; a yes with a question confirms and reaches the inbox.
"""

from __future__ import annotations

from sqlmodel import Session, select
from test_sms_flows import _scenario, messages, text_in, twilio_env  # noqa: F401 (fixture)

from notifications.segments import count_segments
from service.models import InboundMessage, Message, SeatAssignment, SmsSuppression


def _inbound(engine, body: str) -> InboundMessage:
    with Session(engine) as s:
        return s.exec(select(InboundMessage).where(InboundMessage.body == body)).one()


def _suppressed(engine, phone: str) -> bool:
    with Session(engine) as s:
        return (
            s.exec(select(SmsSuppression).where(SmsSuppression.phone == phone)).first() is not None
        )


def _confirmation(client, world, sc) -> str:
    hearing = client.get(f"/api/v1/hearings/{sc['hearing']['id']}", headers=world.viewer).json()
    return {c["role"]: c["status"] for c in hearing["confirmations"]}["participant"]


def _seat(engine, volunteer_id: int) -> SeatAssignment:
    with Session(engine) as s:
        return s.exec(
            select(SeatAssignment).where(SeatAssignment.volunteer_id == volunteer_id)
        ).one()


def test_a_possible_stop_gets_one_question_in_their_language_and_no_guess(world, client, engine):
    sc = _scenario(world, client)
    phone = sc["participant"]["mobile"]  # she reads Spanish
    r = text_in(client, phone, "no me interesa")
    assert "<Message>" not in r.text  # the question goes through the outbox, not the answer
    assert not _suppressed(engine, phone)
    assert _confirmation(client, world, sc) == "pending"  # not read as a "no" either
    (question,) = messages(engine, kind="stop_question", to_address=phone)
    assert question.language == "es" and "STOP" in question.body and "¿quiere" in question.body
    assert count_segments(question.body).segments <= 2
    inbound = _inbound(engine, "no me interesa")
    assert inbound.intent == "maybe_stop" and inbound.needs_attention
    # Another unclear text the same day is read by the coordinator, not answered again.
    text_in(client, phone, "ya basta")
    assert len(messages(engine, kind="stop_question", to_address=phone)) == 1


def _question_sent(engine, phone: str) -> None:
    """What the dispatcher does when it hands the question to Twilio."""
    with Session(engine) as s:
        (question,) = s.exec(
            select(Message).where(Message.kind == "stop_question", Message.to_address == phone)
        ).all()
        question.status = "sent"
        s.add(question)
        s.commit()


def test_yes_to_the_stop_question_is_a_stop_not_a_confirmation(world, client, engine):
    sc = _scenario(world, client)
    phone = sc["participant"]["mobile"]
    text_in(client, phone, "why do you keep texting me")
    _question_sent(engine, phone)
    text_in(client, phone, "sí")
    assert _suppressed(engine, phone)
    assert _confirmation(client, world, sc) == "pending"


def test_no_to_the_stop_question_keeps_the_texts_and_declines_nothing(world, client, engine):
    sc = _scenario(world, client)
    vol = sc["panel"][0]
    text_in(client, vol["mobile"], "not interested")
    _question_sent(engine, vol["mobile"])
    r = text_in(client, vol["mobile"], "no")
    assert "<Message>" not in r.text
    assert not _suppressed(engine, vol["mobile"])
    assert _seat(engine, vol["id"]).status == "invited"
    assert _inbound(engine, "no").needs_attention


def test_a_question_not_sent_yet_answers_nothing(world, client, engine):
    sc = _scenario(world, client)
    phone = sc["participant"]["mobile"]
    text_in(client, phone, "why do you keep texting me")  # still queued (quiet hours, say)
    text_in(client, phone, "sí")
    assert not _suppressed(engine, phone)
    assert _confirmation(client, world, sc) == "confirmed"


def test_a_stop_mixed_with_a_decline_is_a_stop_and_never_a_no(world, client, engine):
    sc = _scenario(world, client)
    vol = sc["panel"][0]
    r = text_in(client, vol["mobile"], "I can't make it and please stop messaging me")
    assert _suppressed(engine, vol["mobile"])
    assert "<Message>" in r.text  # not the carrier word: we confirm the opt-out ourselves
    assert _seat(engine, vol["id"]).status == "invited"  # the coordinator decides, not a guess
    assert _inbound(engine, "I can't make it and please stop messaging me").needs_attention


def test_a_wrong_number_is_opted_out_and_shown_to_the_coordinator(world, client, engine):
    # The holder of the number never agreed to our texts: no more texts to it, the hearing's
    # confirmation is left alone, and the coordinator sees the words to fix the contact.
    sc = _scenario(world, client)
    phone = sc["participant"]["mobile"]
    text_in(client, phone, "Wrong number, no conozco a esa persona")
    assert _suppressed(engine, phone)
    assert _confirmation(client, world, sc) == "pending"
    inbound = _inbound(engine, "Wrong number, no conozco a esa persona")
    assert inbound.intent == "stop" and inbound.needs_attention


def test_a_negated_stop_is_not_an_opt_out(world, client, engine):
    sc = _scenario(world, client)
    phone = sc["participant"]["mobile"]
    text_in(client, phone, "do not stop my reminders")
    assert not _suppressed(engine, phone)
    assert not messages(engine, kind="stop_question", to_address=phone)


def test_yes_but_later_asks_for_another_time(world, client, engine):
    sc = _scenario(world, client)
    text_in(client, sc["participant"]["mobile"], "yes, but can it be later?")
    assert _confirmation(client, world, sc) == "reschedule_requested"


def test_yes_with_a_question_confirms_and_lands_in_the_inbox(world, client, engine):
    sc = _scenario(world, client)
    text_in(client, sc["participant"]["mobile"], "Yes, is there parking?")
    assert _confirmation(client, world, sc) == "confirmed"
    inbound = _inbound(engine, "Yes, is there parking?")
    assert inbound.intent == "yes" and inbound.needs_attention
    r = client.get("/api/v1/attention", headers=world.coordinator).json()
    assert "Yes, is there parking?" in [m["body"] for m in r["inbox"]]


def test_a_plain_yes_or_a_numbered_choice_does_not_fill_the_inbox(world, client, engine):
    sc = _scenario(world, client)
    text_in(client, sc["participant"]["mobile"], "Sí, ahí estaré")
    assert _confirmation(client, world, sc) == "confirmed"
    assert not _inbound(engine, "Sí, ahí estaré").needs_attention
    text_in(client, sc["participant"]["mobile"], "CAMBIAR")
    text_in(client, sc["participant"]["mobile"], "1")
    assert _confirmation(client, world, sc) == "confirmed"  # moved to the time she chose
    assert not _inbound(engine, "1").needs_attention


def test_an_iphone_like_of_the_invitation_accepts_the_seat(world, client, engine):
    sc = _scenario(world, client)
    vol = sc["panel"][0]
    (invite,) = messages(engine, kind="volunteer_invite", volunteer_id=vol["id"])
    text_in(client, vol["mobile"], f"Liked “{invite.body}”")
    assert _seat(engine, vol["id"]).status == "accepted"


def test_a_quoted_invitation_below_a_no_declines(world, client, engine):
    sc = _scenario(world, client)
    vol = sc["panel"][0]
    (invite,) = messages(engine, kind="volunteer_invite", volunteer_id=vol["id"])
    text_in(client, vol["mobile"], f"nope sorry\n\n> {invite.body}")
    assert _seat(engine, vol["id"]).status == "declined"
