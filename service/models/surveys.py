"""The participants' own verdict: each program's survey questions, the surveys sent, the answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import SurveyKind, SurveyStatus, check_in, utc_field


class SurveyQuestion(SQLModel, table=True):
    """One question of a program's survey (none stored: the defaults); its words, one row per
    language, are `SurveyQuestionText`."""

    __tablename__ = "survey_question"
    __table_args__ = (
        UniqueConstraint("program_id", "position", name="uq_survey_question_position"),
        check_in("kind", SurveyKind, "ck_survey_question_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE", index=True)
    position: int
    kind: str = Field(max_length=8)
    # The report's "rated the process fair" reads the one question that carries this flag.
    fairness: bool = False
    updated_at: datetime = utc_field(default_now=True)


class SurveyQuestionText(SQLModel, table=True):
    """A survey question in one language: a language gets the survey once every question of the
    program is written in it (service/surveys/questions.py)."""

    __tablename__ = "survey_question_text"

    question_id: int = Field(foreign_key="survey_question.id", ondelete="CASCADE", primary_key=True)
    language: str = Field(max_length=8, primary_key=True)
    text: str = Field(max_length=300)


class Survey(SQLModel, table=True):
    """A party's survey after a hearing held with them there: the questions as they were then,
    how far it got, and when it closes if nobody answers."""

    __tablename__ = "survey"
    __table_args__ = (
        UniqueConstraint("hearing_id", "party_id", name="uq_survey_hearing_party"),
        check_in("status", SurveyStatus, "ck_survey_status"),
        Index("ix_survey_phone_status", "phone", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    hearing_id: int = Field(foreign_key="hearing.id", ondelete="CASCADE", index=True)
    case_id: int = Field(foreign_key="case_record.id", ondelete="CASCADE", index=True)
    party_id: int = Field(foreign_key="party.id", ondelete="CASCADE")
    role: str = Field(max_length=16)
    language: str = Field(default="en", max_length=8)
    phone: str | None = Field(default=None, max_length=20)
    status: str = Field(default=SurveyStatus.open.value, max_length=16)
    # Why it was not texted, in words ("reads Korean: no survey texts in Korean yet").
    reason: str | None = Field(default=None, max_length=300)
    questions: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The question asked last (0 = the first) and when it was (or will be) sent.
    position: int = 0
    asked_at: datetime | None = utc_field(nullable=True)
    closes_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field(default_now=True)
    closed_at: datetime | None = utc_field(nullable=True)


class SurveyAnswer(SQLModel, table=True):
    """One answer: 1 to 5 on a scale, 1 (yes) or 0 (no); the reply as written stays with it."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("survey_id", "position", name="uq_survey_answer_position"),
        check_in("kind", SurveyKind, "ck_survey_answer_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", ondelete="CASCADE", index=True)
    position: int
    kind: str = Field(max_length=8)
    fairness: bool = False
    value: int
    reply: str = Field(default="", max_length=300)
    answered_at: datetime = utc_field(default_now=True)
