"""Persons, cases, their parties and their status history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import CaseStatus, PartyRole, ReferralSource, check_in, utc_field


class Person(SQLModel, table=True):
    """Someone who is a party to a case: participant, other party, victim or officer."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200)
    mobile: str | None = Field(default=None, max_length=20, index=True)
    email: str | None = Field(default=None, max_length=254)
    language: str = Field(default="en", max_length=8)
    zip: str | None = Field(default=None, max_length=10)
    sms_consent: bool = False
    sms_opted_out_at: datetime | None = utc_field(nullable=True)
    # A coordinator chose to text them in English (their language has no texts): see
    # service/messaging/languages.py; until then they are not texted.
    texts_in_english_ok_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field(default_now=True)
    anonymised_at: datetime | None = utc_field(nullable=True)


class Case(SQLModel, table=True):
    """A referral and everything that follows it."""

    __tablename__ = "case_record"
    __table_args__ = (
        UniqueConstraint("program_id", "external_ref", name="uq_case_external_ref"),
        check_in("status", CaseStatus, "ck_case_status"),
        check_in("referral_source", ReferralSource, "ck_case_referral_source"),
        Index("ix_case_program_status", "program_id", "status"),
        Index("ix_case_program_referred", "program_id", "referred_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="RESTRICT")
    external_ref: str = Field(max_length=64)
    referral_source: str = Field(default=ReferralSource.prosecutor.value, max_length=16)
    description: str = Field(default="", max_length=4000)
    neighborhood_id: int | None = Field(
        default=None, foreign_key="neighborhood.id", ondelete="SET NULL", index=True
    )
    zip: str | None = Field(default=None, max_length=10)
    lat: float | None = None
    lon: float | None = None
    status: str = Field(default=CaseStatus.referred.value, max_length=16)
    referred_on: date
    consent_at: datetime | None = utc_field(nullable=True)
    screening: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    due_date: date | None = None
    closed_at: datetime | None = utc_field(nullable=True)
    close_reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = utc_field(default_now=True)
    updated_at: datetime = utc_field(default_now=True, index=True)


class Party(SQLModel, table=True):
    """A person's role in a case."""

    __tablename__ = "party"
    __table_args__ = (
        UniqueConstraint("case_id", "person_id", name="uq_party_case_person"),
        check_in("role", PartyRole, "ck_party_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="RESTRICT", index=True)
    role: str = Field(max_length=16)


class CaseEvent(SQLModel, table=True):
    """One entry of a case's history: a status change, an edit, a note."""

    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_case_at", "case_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", ondelete="CASCADE")
    at: datetime = utc_field(default_now=True)
    kind: str = Field(max_length=40)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    detail: str = Field(default="", max_length=4000)
    actor: str = Field(default="system", max_length=200)
