"""Helpers for the survey tests: a held hearing with parties who take texts, texts in and out."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

from outcome_support import LA, case_with_hearing, parties
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from service.models import Message, Survey, SurveyAnswer

TOKEN = "test-auth-token-0123456789abcdef"
BASE = "https://convene.example.org"
PARTICIPANT = "+13235550199"
VICTIM = "+13235550177"
_sids = itertools.count(1)


def text_in(client, from_number: str, body: str):
    """Deliver an inbound SMS as Twilio does: a signed form post."""
    form = {
        "MessageSid": f"SMsurvey{next(_sids):026d}",
        "From": from_number,
        "To": "+12135550100",
        "Body": body,
        "AccountSid": "AC" + "0" * 32,
        "NumSegments": "1",
    }
    signature = RequestValidator(TOKEN).compute_signature(f"{BASE}/webhooks/twilio/sms", form)
    r = client.post("/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})
    assert r.status_code == 200, r.text
    return r


def held_with_texts(ow, ref="SV-1", *, participant_lang="es", victim_lang="en", days_ago=3):
    """A case whose participant and victim both take texts, its hearing held with both there."""
    people = [
        ("participant", "Jordan Lee", PARTICIPANT, participant_lang),
        ("victim", "Sam Rivera", VICTIM, victim_lang),
    ]
    body = [
        {"role": role, "person": {"full_name": name, "mobile": mobile, "language": lang,
                                  "sms_consent": True}}
        for role, name, mobile, lang in people
    ]  # fmt: skip
    case, hearing = case_with_hearing(ow, ref, days_ago=days_ago, parties=body)
    record_both_present(ow, case, hearing)
    return case, hearing


def record_both_present(ow, case: dict, hearing: dict) -> None:
    """Record the hearing's outcome (no agreement) with participant and victim present."""
    ids = parties(case)
    outcome = {
        "result": "no_agreement",
        "attendance": [
            {"party_id": ids["participant"], "attendance": "present"},
            {"party_id": ids["victim"], "attendance": "present"},
        ],
    }
    r = ow.client.post(
        f"/api/v1/hearings/{hearing['id']}/outcome", json=outcome, headers=ow.coordinator
    )
    assert r.status_code == 201, r.text


def next_morning() -> datetime:
    """Tomorrow at 10:00 in Los Angeles: after any first question, at a decent hour."""
    day = datetime.now(LA).date() + timedelta(days=1)
    return datetime.combine(day, time(10, 0), LA)


def surveys(engine, **where) -> list[Survey]:
    """Stored surveys, in order."""
    with Session(engine) as s:
        stmt = select(Survey).order_by(Survey.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Survey, key) == value)
        return list(s.exec(stmt).all())


def answers(engine, survey_id: int) -> list[SurveyAnswer]:
    """A survey's answers, in order."""
    with Session(engine) as s:
        return list(
            s.exec(
                select(SurveyAnswer)
                .where(SurveyAnswer.survey_id == survey_id)
                .order_by(SurveyAnswer.position)
            ).all()
        )


def texts_to(engine, phone: str) -> list[Message]:
    """Survey texts queued to a phone (any state), in order."""
    with Session(engine) as s:
        return list(
            s.exec(
                select(Message)
                .where(Message.to_address == phone, Message.kind.like("survey%"))
                .order_by(Message.id)
            ).all()
        )


def deliver_due(engine, now: datetime) -> int:
    """What the dispatcher would do: send every queued text that is due."""
    with Session(engine) as s:
        due = s.exec(
            select(Message).where(Message.status == "queued", Message.not_before <= now)
        ).all()
        for m in due:
            m.status, m.sent_at = "sent", now
            s.add(m)
        s.commit()
        return len(due)
