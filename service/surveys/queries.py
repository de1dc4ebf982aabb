"""What the case page shows of the surveys: each party's questions and answers, by hearing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from service.models import Case, Hearing, Party, Person, Survey, SurveyAnswer


@dataclass(frozen=True)
class AnsweredQuestion:
    """One question of a survey as asked, and the answer (None: not answered)."""

    question: str
    kind: str
    value: int | None
    reply: str


@dataclass(frozen=True)
class PartySurvey:
    """A party's survey after one hearing: where it stands and each answer."""

    survey: Survey
    person_name: str
    role: str
    hearing: Hearing
    answers: list[AnsweredQuestion]


def case_surveys(session: Session, case: Case) -> list[PartySurvey]:
    """The case's surveys, oldest hearing first: only the case page shows answers by name."""
    rows = session.exec(
        select(Survey, Person, Hearing)
        .join(Party, Party.id == Survey.party_id)
        .join(Person, Person.id == Party.person_id)
        .join(Hearing, Hearing.id == Survey.hearing_id)
        .where(Survey.case_id == case.id)
        .order_by(Hearing.start_at, Survey.id)
    ).all()
    ids = [s.id for s, _, _ in rows]
    given: dict[tuple[int, int], SurveyAnswer] = {}
    if ids:
        for a in session.exec(select(SurveyAnswer).where(SurveyAnswer.survey_id.in_(ids))).all():
            given[(a.survey_id, a.position)] = a
    out = []
    for survey, person, hearing in rows:
        answers = []
        for n, q in enumerate(survey.questions):
            a = given.get((survey.id, n))
            answers.append(
                AnsweredQuestion(
                    # The coordinator reads English, which every question is written in.
                    q["texts"].get("en") or next(iter(q["texts"].values()), ""),
                    q["kind"],
                    a.value if a else None,
                    a.reply if a else "",
                )
            )
        out.append(PartySurvey(survey, person.full_name, survey.role, hearing, answers))
    return out
