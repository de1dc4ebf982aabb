"""Agreements, obligations, service hours and restitution payments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import ObligationKind, ObligationStatus, check_in, utc_field
from service.models.cases import Case
from service.models.hearings import Hearing
from service.models.volunteers import Certification


class Agreement(SQLModel, table=True):
    """What the parties agreed at a hearing."""

    __tablename__ = "agreement"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", ondelete="CASCADE", unique=True)
    hearing_id: int | None = Field(default=None, foreign_key="hearing.id", ondelete="SET NULL")
    terms: str = Field(default="", max_length=8000)
    created_at: datetime = utc_field(default_now=True)


class Obligation(SQLModel, table=True):
    """One thing a participant agreed to do, with a target and a due date."""

    __tablename__ = "obligation"
    __table_args__ = (
        check_in("kind", ObligationKind, "ck_obligation_kind"),
        check_in("status", ObligationStatus, "ck_obligation_status"),
        CheckConstraint("target IS NULL OR target > 0", name="ck_obligation_target"),
        CheckConstraint("cadence_days IS NULL OR cadence_days > 0", name="ck_obligation_cadence"),
        Index("ix_obligation_status_due", "status", "due_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", ondelete="CASCADE", index=True)
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", ondelete="SET NULL")
    kind: str = Field(max_length=32)
    label: str = Field(default="", max_length=200)
    target: float | None = None
    cadence_days: int | None = None
    due_date: date
    status: str = Field(default=ObligationStatus.open.value, max_length=16)
    completed_at: datetime | None = utc_field(nullable=True)
    proof_note: str = Field(default="", max_length=2000)
    created_at: datetime = utc_field(default_now=True)
    # Bumped by every change to the obligation or its ledger (service.models.changes).
    updated_at: datetime | None = utc_field(nullable=True, default_now=True, index=True)


class ServiceLog(SQLModel, table=True):
    """Hours worked toward an obligation; credited only once verified."""

    __tablename__ = "service_log"
    __table_args__ = (
        CheckConstraint("hours > 0 AND hours <= 24", name="ck_service_log_hours"),
        CheckConstraint(
            "status IN ('reported', 'verified', 'rejected')", name="ck_service_log_status"
        ),
        Index("ix_service_log_obligation_date", "obligation_id", "worked_on"),
        # Reports sum verified hours by day across a million rows: the index covers the query.
        Index("ix_service_log_worked_status", "worked_on", "status", "obligation_id", "hours"),
    )

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", ondelete="CASCADE")
    worked_on: date
    hours: float
    site: str = Field(default="", max_length=200)
    status: str = Field(default="reported", max_length=16)
    reported_by: str = Field(default="", max_length=200)
    verified_by: str | None = Field(default=None, max_length=200)
    verified_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field(default_now=True)


class Payment(SQLModel, table=True):
    """A restitution payment toward an obligation."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_payment_amount"),
        Index("ix_payment_paid_on", "paid_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", ondelete="CASCADE", index=True)
    amount: float
    paid_on: date
    method: str = Field(default="", max_length=40)
    recorded_by: str = Field(default="", max_length=200)
    created_at: datetime = utc_field(default_now=True)


class CheckIn(SQLModel, table=True):
    """A participant's check-in toward a check-in obligation (one a day at most)."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("obligation_id", "checked_in_on", name="uq_check_in_day"),)

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", ondelete="CASCADE", index=True)
    checked_in_on: date
    note: str = Field(default="", max_length=1000)
    recorded_by: str = Field(default="", max_length=200)
    created_at: datetime = utc_field(default_now=True)


# Indexes the program reports need on tables that other modules define. They are declared here,
# beside the outcome tables whose reports use them, so that autogenerate and migration 0005 agree.
REPORT_INDEXES = (
    Index("ix_case_program_closed", Case.__table__.c.program_id, Case.__table__.c.closed_at),
    Index(
        "ix_hearing_status_start",
        Hearing.__table__.c.status,
        Hearing.__table__.c.start_at,
        Hearing.__table__.c.case_id,
    ),
    Index("ix_certification_completed", Certification.__table__.c.completed_on),
)
