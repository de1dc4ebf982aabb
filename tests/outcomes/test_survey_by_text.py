"""The participants' own verdict: a survey by text after each hearing, one question at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from outcome_support import LA
from sqlmodel import Session, select
from survey_support import (
    BASE,
    PARTICIPANT,
    TOKEN,
    VICTIM,
    answers,
    deliver_due,
    held_with_texts,
    next_morning,
    surveys,
    text_in,
    texts_to,
)

from service.config import get_settings
from service.models import Message, Person, SmsSuppression
from service.outcomes.deadlines import run_jobs
from service.surveys.asking import decent_time


@pytest.fixture(autouse=True)
def twilio_env(monkeypatch):
    monkeypatch.setenv("CONVENE_TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("CONVENE_PUBLIC_BASE_URL", BASE)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def exchange(engine, client, phone: str, replies: list[str], at) -> list[str]:
    """Text each reply in turn (after delivering what is due) and return the whole exchange."""
    lines, seen = [], set()

    def outbound():
        for m in texts_to(engine, phone):
            if m.id not in seen and m.kind != "survey_reminder":
                seen.add(m.id)
                lines.append(f"Convene: {m.body}")

    deliver_due(engine, at)
    outbound()
    for reply in replies:
        text_in(client, phone, reply)
        lines.append(f"{'Participant' if phone == PARTICIPANT else 'Victim'}: {reply}")
        deliver_due(engine, at + timedelta(minutes=1))
        outbound()
    return lines


def test_a_survey_answered_in_spanish_words_and_digits_and_in_english(ow, engine, client):
    case, hearing = held_with_texts(ow)
    part, victim = surveys(engine)
    assert (part.role, part.language, part.status) == ("participant", "es", "open")
    assert victim.role == "victim" and len(part.questions) == 2
    # The first question waits for a decent hour in the program's zone, never the night.
    for m in texts_to(engine, PARTICIPANT) + texts_to(engine, VICTIM):
        local = m.not_before.astimezone(LA).time()
        assert 9 <= local.hour < 20, m.not_before
    first = [m for m in texts_to(engine, PARTICIPANT) if m.kind == "survey_question"]
    assert len(first) == 1  # one question at a time: the second waits for an answer
    at = next_morning()
    with time_machine.travel(at, tick=True):
        es = exchange(engine, client, PARTICIPANT, ["cinco", "Sí"], at)
        en = exchange(engine, client, VICTIM, ["4", "y"], at)
    print("\n--- Spanish ---\n" + "\n".join(es) + "\n--- English ---\n" + "\n".join(en))
    assert es == [
        "Convene: Hola Jordan, gracias por reunirse con Neighborhood Justice Program. "
        "¿La reunión fue justa con usted? Responda 1 (nada) a 5 (muy justa)",
        "Participant: cinco",
        "Convene: Gracias. ¿Se la recomendaría a alguien en su lugar? Responda SÍ o NO",
        "Participant: Sí",
        "Convene: Gracias, Jordan. Sus respuestas ayudan a Neighborhood Justice Program a mejorar.",
    ]
    assert en == [
        "Convene: Hi Sam, thank you for meeting with Neighborhood Justice Program. "
        "Was the meeting fair to you? Reply 1 (not at all) to 5 (very)",
        "Victim: 4",
        "Convene: Thank you. Would you recommend it to someone in your place? Reply Y or N",
        "Victim: y",
        "Convene: Thank you, Sam. Your answers help Neighborhood Justice Program do better.",
    ]
    assert [(a.value, a.fairness, a.reply) for a in answers(engine, part.id)] == [
        (5, True, "cinco"),
        (1, False, "Sí"),
    ]
    assert [a.value for a in answers(engine, victim.id)] == [4, 1]
    assert {s.status for s in surveys(engine)} == {"completed"}
    # Answered: the reminders queued for an unanswered question were withdrawn, not sent.
    reminders = [m for m in texts_to(engine, PARTICIPANT) if m.kind == "survey_reminder"]
    assert reminders and {m.status for m in reminders} == {"cancelled"}


def test_a_word_rating_and_an_unclear_reply_then_the_answer(ow, engine, client):
    held_with_texts(ow, participant_lang="es")
    at = next_morning()
    with time_machine.travel(at, tick=True):
        lines = exchange(engine, client, PARTICIPANT, ["muy justo", "quién sabe", "no"], at)
    assert lines[2].startswith("Convene: Gracias. ¿Se la recomendaría")
    assert lines[4].startswith("Convene: Perdón, no le entendimos. ¿Se la recomendaría")
    [part] = surveys(engine, role="participant")
    assert [a.value for a in answers(engine, part.id)] == [5, 0]


def test_stop_in_the_middle_ends_the_survey_and_opts_out(ow, engine, client):
    held_with_texts(ow)
    at = next_morning()
    with time_machine.travel(at, tick=True):
        exchange(engine, client, PARTICIPANT, ["5", "PARAR"], at)
        before = len(texts_to(engine, PARTICIPANT))
        text_in(client, PARTICIPANT, "5")  # after STOP: not an answer, and nothing is sent
    [part] = surveys(engine, role="participant")
    assert part.status == "stopped" and part.closed_at is not None
    assert [a.value for a in answers(engine, part.id)] == [5]
    sent = texts_to(engine, PARTICIPANT)
    assert len(sent) == before
    # The second question's reminder never goes: STOP withdrew it with the opt-out.
    pending = [m for m in sent if m.status == "queued"]
    assert pending == []
    with Session(engine) as s:
        assert s.exec(select(SmsSuppression).where(SmsSuppression.phone == PARTICIPANT)).first()
        person = s.exec(select(Person).where(Person.mobile == PARTICIPANT)).first()
        assert person.sms_opted_out_at is not None
    # The victim's survey goes on.
    assert surveys(engine, role="victim")[0].status == "open"


def test_no_answer_is_chased_once_then_the_survey_closes(ow, engine, client):
    held_with_texts(ow)
    [part] = surveys(engine, role="participant")
    reminders = [m for m in texts_to(engine, PARTICIPANT) if m.kind == "survey_reminder"]
    assert len(reminders) == 1
    remind_at = reminders[0].not_before
    assert remind_at == decent_time(part.asked_at + timedelta(days=2), LA)
    assert "nos gustaria saber su opinion" in reminders[0].body  # folded to stay in GSM-7
    # The reminder goes; then an answer brings the next question, which is not chased again.
    at = remind_at + timedelta(hours=1)
    with time_machine.travel(at, tick=True):
        assert deliver_due(engine, at) >= 2
        text_in(client, PARTICIPANT, "3")
    [part] = surveys(engine, role="participant")
    chases = [m for m in texts_to(engine, PARTICIPANT) if m.kind == "survey_reminder"]
    assert [m.status for m in chases] == ["sent"]  # still one, for the whole survey
    assert part.position == 1 and part.closes_at == part.asked_at + timedelta(days=2)
    # Nobody answers the second question: the survey closes two days on, unanswered.
    with Session(engine) as s:
        # The victim never answered: theirs closed two days after its reminder, earlier.
        assert run_jobs(s, part.closes_at - timedelta(minutes=1))["surveys_closed"] == 1
        s.commit()
        assert surveys(engine, role="participant")[0].status == "open"
        assert run_jobs(s, part.closes_at)["surveys_closed"] == 1
        s.commit()
    assert {s.status for s in surveys(engine)} == {"unanswered"}
    # A late reply is no answer to a closed survey.
    with time_machine.travel(part.closes_at + timedelta(hours=1), tick=True):
        text_in(client, PARTICIPANT, "Y")
    assert [a.value for a in answers(engine, part.id)] == [3]


def test_a_party_in_another_language_is_not_texted_and_recorded_so(ow, engine):
    held_with_texts(ow, participant_lang="ko")
    part, victim = surveys(engine)
    assert part.status == "not_texted" and "reads Korean" in part.reason
    assert texts_to(engine, PARTICIPANT) == []
    assert victim.status == "open"


def test_a_confirmation_asked_after_the_survey_question_takes_the_reply(ow, engine, client):
    """The reply answers what the person was asked last: a new hearing to confirm wins."""
    held_with_texts(ow)
    [part] = surveys(engine, role="participant")
    at = next_morning()
    with time_machine.travel(at, tick=True):
        deliver_due(engine, at)
        # A new hearing's notice ("Reply Y to confirm") went out after the survey question.
        with Session(engine) as s:
            s.add(Message(to_address=PARTICIPANT, kind="participant_hearing", body="notice",
                          audience="participant", status="sent", not_before=at - timedelta(minutes=1),
                          ))  # fmt: skip
            s.commit()
        text_in(client, PARTICIPANT, "5")
    assert answers(engine, part.id) == []


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2027-01-05T12:00", "2027-01-05T12:00"),  # a decent hour: at once
        ("2027-01-05T08:59", "2027-01-05T09:00"),  # too early: 9:00 that morning
        ("2027-01-05T20:00", "2027-01-06T09:00"),  # too late: 9:00 the next morning
        ("2027-03-13T22:30", "2027-03-14T09:00"),  # across the spring-forward night
        ("2027-11-06T23:00", "2027-11-07T09:00"),  # across the fall-back night
    ],
)
def test_a_decent_hour_in_the_programs_zone(local, expected):
    from datetime import datetime

    at = datetime.fromisoformat(local).replace(tzinfo=LA)
    assert (
        decent_time(at, LA).astimezone(LA).replace(tzinfo=None).isoformat(timespec="minutes")
        == expected
    )
