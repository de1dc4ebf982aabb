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
    neighborhood_basis: Text | None = Field(
        default=None, description="for a neighborhood's report: what each figure filters by"
    )
    cases_referred: Int = Field(
        description="every referral received in the period, the screened-out ones included"
    )
    cases_ineligible: Int = Field(
        default=0, description="referred in the period and refused by the eligibility screen"
    )
    cases_eligible: Int = Field(description="referred in the period and passed the screen")
    cases_initiated: Int = Field(
        default=0,
        description="referred in the period, eligible, and the participant agreed to take part",
    )
    cases_heard: Int = Field(description="cases with a hearing held in the period")
    cases_with_agreement: Int
    cases_completed: Int = Field(
        description="closed in the period as completed: an agreement's obligations all met"
    )
    cases_completed_without_agreement: Int = Field(
        default=0,
        description="closed in the period as completed with no agreement (refused since #16; "
        "kept apart, in no rate)",
    )
    cases_returned: Int
    cases_withdrawn: Int = 0
    cases_resolved: Int = Field(
        default=0,
        description="closed in the period (completed, returned or withdrawn) after a panel or "
        "mediation was held",
    )
    cases_initiated_closed: Int = Field(
        default=0, description="initiated cases closed in the period: the completion rate's whole"
    )
    completion_rate: Number | None = Field(
        description="initiated cases completed (with an agreement) / initiated cases closed, "
        "in the period"
    )
    service_hours_completed: Number = Field(description="verified hours worked in the period")
    restitution_paid: Number
    volunteers_trained: Int = Field(
        description="completed, for the first time, a certification the program requires, "
        "in the period (by home neighborhood)"
    )
    volunteers_renewed: Int = Field(
        default=0,
        description="renewed in the period a required certification they held before, and "
        "trained for none for the first time (by home neighborhood)",
    )
    volunteers_active: Int = Field(description="sat on a hearing held in the period")
    hearings_held: Int
    hearings_no_show: Int
    participant_confirmation_rate: Number | None = Field(
        description="of participants asked to confirm (texted, or answered by phone), "
        "the share who confirmed"
    )
    no_show_rate: Number | None
    median_days_referral_to_hearing: Number | None
    median_days_hearing_to_completion: Number | None
    participants_completed: Int
    participants_followed_up: Int = Field(
        default=0,
        description="of those, the ones whose 12-month follow-up is over (by today)",
    )
    re_referred_within_12_months: Int = Field(
        description="of those followed up, referred again within 12 months of completing"
    )
    re_referral_rate: Number | None = Field(
        description="re-referred within 12 months / participants followed up"
    )
    surveys_texted: Int = Field(
        default=0,
        description="parties texted the survey after a hearing held in the period (there, "
        "taking texts, in a language Convene surveys in)",
    )
    surveys_answered: Int = Field(
        default=0, description="of those, the ones who answered at least one question"
    )
    survey_response_rate: Number | None = Field(
        default=None, description="surveys answered / surveys texted"
    )
    participants_rated_fairness: Int = Field(
        default=0, description="participants who answered the fairness question (1 to 5)"
    )
    participants_rated_fair: Int = Field(
        default=0, description="of those, the ones who answered 4 or 5"
    )
    participant_fair_share: Number | None = Field(
        default=None, description="participants who rated the process fair (4 or 5) / who rated it"
    )
    victims_rated_fairness: Int = Field(
        default=0, description="victims (people harmed) who answered the fairness question"
    )
    victims_rated_fair: Int = Field(default=0, description="of those, the ones who answered 4 or 5")
    victim_fair_share: Number | None = Field(
        default=None, description="victims who rated the process fair (4 or 5) / who rated it"
    )
    monthly: list[MonthFigures] = []
