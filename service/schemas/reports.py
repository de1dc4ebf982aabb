"""Schemas for program reports: the period's figures and a monthly series for charts."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from sqlmodel import SQLModel


class MonthFigures(SQLModel):
    """One month of the series."""

    month: str = Field(description="YYYY-MM")
    referred: int = 0
    held: int = 0
    no_show: int = 0
    agreements: int = 0
    completed: int = 0
    returned: int = 0
    service_hours: float = 0
    restitution_paid: float = 0


class ProgramReport(SQLModel):
    """A program's figures for a period (and neighborhood), the kind programs publish."""

    program_ids: list[int]
    neighborhood_id: int | None
    period_from: date
    period_to: date
    time_zone: str
    cases_referred: int
    cases_eligible: int = Field(description="referred in the period with the participant's consent")
    cases_heard: int = Field(description="cases with a hearing held in the period")
    cases_with_agreement: int
    cases_completed: int
    cases_returned: int
    completion_rate: float | None = Field(
        description="completed / cases with an agreement closed in the period"
    )
    service_hours_completed: float = Field(description="verified hours worked in the period")
    restitution_paid: float
    volunteers_trained: int = Field(
        description="completed a certification the program requires, in the period"
    )
    volunteers_active: int = Field(description="sat on a hearing held in the period")
    hearings_held: int
    hearings_no_show: int
    participant_confirmation_rate: float | None
    no_show_rate: float | None
    median_days_referral_to_hearing: float | None
    median_days_hearing_to_completion: float | None
    participants_completed: int
    re_referred_within_12_months: int
    re_referral_rate: float | None = Field(
        description="of participants who completed, the share referred again within 12 months"
    )
    monthly: list[MonthFigures] = []
