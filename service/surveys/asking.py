"""Asking the survey by text: who is asked after a hearing, at a decent hour, one question at a
time (the next only after an answer), one reminder at most, then the survey closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select, update

from notifications.survey_answers import read_answer
from service.cases import referrals as case_uc
from service.db import utcnow
from service.messaging import questions as asked
from service.messaging.languages import text_language
from service.messaging.recipients import why_no_text
from service.models import (
    Case,
    Hearing,
    Message,
    Party,
    PartyConfirmation,
    Person,
    Program,
    Survey,
    SurveyAnswer,
)
from service.models.base import AttendanceMark, MessageStatus, SurveyStatus
from service.outbox import queue
from service.programs import program_zone
from service.surveys.questions import not_written_words, program_questions, survey_language

# A decent hour in the program's zone: nobody gets a survey text before 9:00 or after 20:00.
DECENT_FROM, DECENT_UNTIL = time(9, 0), time(20, 0)
ASK_AFTER_HEARING = timedelta(hours=1)  # the first question once the meeting has sunk in
REMIND_AFTER = timedelta(days=2)  # one reminder, once, for a question left unanswered
CLOSE_AFTER_REMINDER = timedelta(days=2)  # and then the survey closes
QUESTION, REMINDER, REPLY = "survey_question", "survey_reminder", "survey_reply"


def decent_time(when: datetime, zone: ZoneInfo) -> datetime:
    """`when` if it falls between 9:00 and 20:00 in `zone`, else the next 9:00 there (in UTC)."""
    local = when.astimezone(zone)
    if DECENT_FROM <= local.time() < DECENT_UNTIL:
        return when
    day = local.date() if local.time() < DECENT_FROM else local.date() + timedelta(days=1)
    # From the calendar date, not by adding hours: 9:00 exists on every day, DST or not.
    return datetime.combine(day, DECENT_FROM, tzinfo=zone).astimezone(UTC)


def _lang(code: str | None) -> str:
    return (code or "en").strip().lower().replace("_", "-").split("-")[0]


def _zone(session: Session, survey: Survey) -> tuple[Program, ZoneInfo]:
    program = session.get(Program, session.get(Case, survey.case_id).program_id)
    return program, program_zone(program)


def start_after_hearing(session: Session, hearing: Hearing) -> list[Survey]:
    """Begin a survey for each party who was at the hearing and takes texts: the first question
    at the next decent hour after the meeting; in a language Convene has no survey in, recorded
    as not texted, with why. A hearing's outcome recorded again starts nothing twice."""
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    zone = program_zone(program)
    rows = session.exec(
        select(Party, Person)
        .join(Person, Person.id == Party.person_id)
        .join(PartyConfirmation, PartyConfirmation.party_id == Party.id)
        .where(
            PartyConfirmation.hearing_id == hearing.id,
            PartyConfirmation.attendance == AttendanceMark.present.value,
        )
        .order_by(Party.id)
    ).all()
    started = set(
        session.exec(select(Survey.party_id).where(Survey.hearing_id == hearing.id)).all()
    )
    first_at = decent_time(max(utcnow(), hearing.end_at + ASK_AFTER_HEARING), zone)
    questions = program_questions(session, program)
    texts = [q.as_dict() for q in questions]
    out = []
    for party, person in rows:
        if party.id in started or not (person.mobile and person.sms_consent):
            continue
        # The survey goes out in the language of the person's other texts (recipients and
        # languages.py decide: their own, English by a coordinator's choice, or not at all),
        # and only when every question is written in it: never silently in English.
        lang = survey_language(person, questions)
        survey = Survey(
            hearing_id=hearing.id, case_id=case.id, party_id=party.id, role=party.role,
            language=lang or text_language(person) or person.language or "en",
            phone=person.mobile, questions=texts,
        )  # fmt: skip
        no_text = why_no_text(session, person) or (None if lang else not_written_words(person))
        if no_text:
            survey.status, survey.reason = SurveyStatus.not_texted.value, no_text
        session.add(survey)
        session.flush()
        if survey.status == SurveyStatus.open:
            _ask(session, survey, 0, first_at, "survey_first")
        out.append(survey)
    return out


def _reminded(session: Session, survey: Survey) -> bool:
    """Whether this survey's one reminder has gone out (or is going): it is never sent twice."""
    return (
        session.exec(
            select(Message.id).where(
                Message.dedupe_key.like(f"survey:{survey.id}:r%"),
                Message.status.not_in((MessageStatus.queued.value, MessageStatus.cancelled.value)),
            )
        ).first()
        is not None
    )


def _text(session: Session, survey: Survey, template: str, kind: str, at: datetime, **extra):
    party = session.get(Party, survey.party_id)
    program, zone = _zone(session, survey)
    person = session.get(Person, party.person_id)
    q = survey.questions[survey.position]
    lang = _lang(survey.language)
    return queue.queue_sms(
        session, to=survey.phone, template=template, language=lang,
        context={"person_name": person.full_name, "program_name": program.name,
                 "question": q["texts"][lang]},
        audience="participant", kind=kind, case_id=survey.case_id, hearing_id=survey.hearing_id,
        person_id=person.id, not_before=at, zone=zone, **extra,
    )  # fmt: skip


def _ask(session: Session, survey: Survey, position: int, at: datetime, template: str) -> None:
    """Send question `position` at `at`, with the survey's one reminder if it is still unused."""
    _, zone = _zone(session, survey)
    survey.position, survey.asked_at = position, at
    key = f"survey:{survey.id}"
    _text(session, survey, template, QUESTION, at, dedupe_key=f"{key}:q{position}")
    if _reminded(session, survey):
        survey.closes_at = at + REMIND_AFTER
    else:
        remind_at = decent_time(at + REMIND_AFTER, zone)
        survey.closes_at = remind_at + CLOSE_AFTER_REMINDER
        _text(
            session, survey, "survey_reminder", REMINDER, remind_at,
            dedupe_key=f"{key}:r{position}", expires_at=survey.closes_at,
        )  # fmt: skip
    session.add(survey)


def open_survey(session: Session, phone: str) -> Survey | None:
    """The survey whose question this phone was sent last and may still answer."""
    now = utcnow()
    return session.exec(
        select(Survey)
        .where(
            Survey.phone == phone,
            Survey.status == SurveyStatus.open.value,
            Survey.asked_at <= now,
            Survey.closes_at > now,
        )
        .order_by(Survey.asked_at.desc(), Survey.id.desc())
        .limit(1)
        # Two replies at once answer one question once: the second waits and reads the next.
        .with_for_update()
    ).first()


@dataclass(frozen=True)
class Taken:
    """A text taken as a survey reply: its case, and whether it answered (else it was unclear)."""

    case_id: int
    understood: bool


def take_reply(session: Session, phone: str, body: str) -> Taken | None:
    """Answer the survey with this text when a survey question is the last thing this phone was
    asked; None when it is not (the text is handled as any other)."""
    survey = open_survey(session, phone)
    if survey is None or asked.asked_since(session, phone, survey.asked_at):
        return None
    question = survey.questions[survey.position]
    reply = read_answer(body, question["kind"])
    if reply.stop:
        end_by_stop(session, phone)  # the opt-out itself is the reply flow's, as for any STOP
        return Taken(survey.case_id, True)
    _, zone = _zone(session, survey)
    now = decent_time(utcnow(), zone)
    if not reply.understood:
        _text(session, survey, "survey_unclear", REPLY, now)
        return Taken(survey.case_id, False)
    session.add(
        SurveyAnswer(
            survey_id=survey.id, position=survey.position, kind=question["kind"],
            fairness=bool(question.get("fairness")), value=reply.value, reply=body.strip()[:300],
        )
    )  # fmt: skip
    queue.cancel_pending(session, hearing_id=survey.hearing_id, to=phone, kinds=(REMINDER,))
    n = len(survey.questions)
    case_uc.add_event(
        session, session.get(Case, survey.case_id), "reply", actor="participant",
        detail=f"answered survey question {survey.position + 1} of {n} by text",
    )  # fmt: skip
    if survey.position + 1 < n:
        _ask(session, survey, survey.position + 1, now, "survey_next")
    else:
        survey.status, survey.closed_at, survey.closes_at = (
            SurveyStatus.completed.value,
            utcnow(),
            None,
        )
        session.add(survey)
        _text(session, survey, "survey_thanks", REPLY, now)
    return Taken(survey.case_id, True)


def end_by_stop(session: Session, phone: str) -> int:
    """STOP ends every survey under way to this phone (the outbox cancels what is queued)."""
    return session.exec(
        update(Survey)
        .where(Survey.phone == phone, Survey.status == SurveyStatus.open.value)
        .values(status=SurveyStatus.stopped.value, closed_at=utcnow())
        .execution_options(synchronize_session="fetch")
    ).rowcount


def close_expired(session: Session, now: datetime) -> int:
    """Close the surveys nobody answered in time (the reminder went, two days passed)."""
    return session.exec(
        update(Survey)
        .where(Survey.status == SurveyStatus.open.value, Survey.closes_at <= now)
        .values(status=SurveyStatus.unanswered.value, closed_at=now)
        .execution_options(synchronize_session="fetch")
    ).rowcount
