"""Schemas for program reports: the period's figures and a monthly series for charts."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import SQLModel

from service.schemas.common import Day, Int, Number, Text


class MonthFigures(SQLModel):
    """One month of the series."""

    month: Text = Field(description="YYYY-MM")
    referred: Int = 0
    held: Int = 0
    no_show: Int = 0
    agreements: Int = 0
    completed: Int = 0
    returned: int = 0
    service_hours: Number = 0
    restitution_paid: Number = 0


class ProgramReport(SQLModel):
    """A program's figures for a period (and neighborhood), the kind programs publish."""

    program_ids: list[Int]
    neighborhood_id: Int | None
    period_from: Day
    period_to: Day
    time_zone: Text
    cases_referred: Int
    cases_eligible: Int = Field(description="referred in the period with the participant's consent")
    cases_heard: Int = Field(description="cases with a hearing held in the period")
    cases_with_agreement: Int
    cases_completed: Int
    cases_returned: Int
    completion_rate: Number | None = Field(
        description="completed / cases with an agreement closed in the period"
    )
    service_hours_completed: Number = Field(description="verified hours worked in the period")
    restitution_paid: Number
    volunteers_trained: Int = Field(
        description="completed a certification the program requires, in the period"
    )
    volunteers_active: Int = Field(description="sat on a hearing held in the period")
    hearings_held: Int
    hearings_no_show: Int
    participant_confirmation_rate: Number | None
    no_show_rate: Number | None
    median_days_referral_to_hearing: Number | None
    median_days_hearing_to_completion: Number | None
    participants_completed: Int
    re_referred_within_12_months: Int
    re_referral_rate: Number | None = Field(
        description="of participants who completed, the share referred again within 12 months"
    )
    monthly: list[MonthFigures] = []
