"""Schemas for hearing outcomes, agreements, obligations, hours, payments and the timeline."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from sqlmodel import SQLModel

from service.models.base import AttendanceMark, ObligationKind, ObligationStatus
from service.schemas.common import Day, Flag, Instant, Int, Number, Text


class OutcomeResult(StrEnum):
    """What happened at a hearing."""

    agreement = "agreement"
    no_agreement = "no_agreement"
    no_show = "no_show"
    rescheduled = "rescheduled"  # it did not take place as planned; the case is booked again


class NoShowAction(StrEnum):
    """What follows a no-show: book again, or send the case back to the referring agency."""

    reschedule = "reschedule"
    return_to_agency = "return"


class Attendance(SQLModel):
    """Whether one party came: `attendance` (present, absent, excused), or the older `attended`."""

    party_id: Int
    attendance: AttendanceMark | None = None
    attended: Flag | None = Field(default=None, description="true is present, false absent")

    @model_validator(mode="after")
    def _one_answer(self):
        if self.attendance is None and self.attended is None:
            raise ValueError("give attendance: present, absent or excused")
        if self.attendance is None:
            self.attendance = AttendanceMark.present if self.attended else AttendanceMark.absent
        elif self.attended is not None and self.attended != (
            self.attendance == AttendanceMark.present
        ):
            raise ValueError(f"attended {self.attended} contradicts attendance {self.attendance}")
        self.attended = self.attendance == AttendanceMark.present
        return self


class VolunteerAttendance(SQLModel):
    """Whether a volunteer seated on the hearing sat it."""

    volunteer_id: Int
    attendance: AttendanceMark


class ObligationCreate(SQLModel):
    """One obligation: a kind (or a program obligation type), a target, a due date."""

    kind: ObligationKind | None = None
    type_code: Text | None = Field(
        default=None, max_length=40, description="a program obligation type; fills the defaults"
    )
    label: Text | None = Field(default=None, max_length=200)
    target: Number | None = Field(
        default=None, gt=0, le=1_000_000, description="hours, dollars, or check-ins"
    )
    cadence_days: Int | None = Field(default=None, gt=0, le=92)
    due_date: Day | None = Field(
        default=None, description="defaults to the program's completion window after the hearing"
    )

    @model_validator(mode="after")
    def _kind_or_type(self):
        if self.kind is None and self.type_code is None:
            raise ValueError("give kind or type_code")
        return self


class AgreementCreate(SQLModel):
    """The terms agreed and the obligations that follow from them."""

    terms: Text = Field(default="", max_length=8000)
    obligations: list[ObligationCreate] = Field(default=[], max_length=20)


class OutcomeCreate(SQLModel):
    """Attendance and the outcome of a hearing (rescheduled: it did not take place as planned,
    and the case goes back to be booked again)."""

    result: OutcomeResult
    attendance: list[Attendance] = Field(default=[], max_length=20)
    volunteers: list[VolunteerAttendance] = Field(default=[], max_length=20)
    note: Text = Field(default="", max_length=2000)
    agreement: AgreementCreate | None = None
    no_show_action: NoShowAction | None = None
    return_reason: str | None = Field(default=None, min_length=1, max_length=1000)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "result": "agreement",
                    "attendance": [
                        {"party_id": 1, "attendance": "present"},
                        {"party_id": 2, "attendance": "excused"},
                    ],
                    "volunteers": [{"volunteer_id": 7, "attendance": "present"}],
                    "agreement": {
                        "terms": "20 hours of community service and a letter of apology.",
                        "obligations": [
                            {"kind": "community_service", "target": 20},
                            {"kind": "apology_letter"},
                        ],
                    },
                }
            ]
        }
    }

    @model_validator(mode="after")
    def _consistent(self):
        if (self.result == OutcomeResult.agreement) != (self.agreement is not None):
            raise ValueError("an agreement is given exactly when the result is agreement")
        if (self.result == OutcomeResult.no_show) != (self.no_show_action is not None):
            raise ValueError("no_show_action (reschedule or return) is given exactly for a no-show")
        if self.no_show_action == NoShowAction.return_to_agency and not self.return_reason:
            raise ValueError("returning a case to the referring agency needs return_reason")
        return self


class ObligationPublic(SQLModel):
    """An obligation with its progress."""

    id: Int
    case_id: Int
    agreement_id: Int | None
    kind: ObligationKind
    label: Text
    target: Number | None
    cadence_days: Int | None
    due_date: Day
    status: ObligationStatus
    completed_at: Instant | None
    proof_note: Text
    updated_at: Instant | None = Field(
        default=None, description="last change to the obligation or its ledger"
    )
    credited: Number = Field(description="verified hours, dollars paid, or check-ins made")
    reported: Number = Field(description="hours reported and not yet verified")
    progress_text: Text


class AgreementPublic(SQLModel):
    """An agreement with its obligations."""

    id: Int
    case_id: Int
    hearing_id: Int | None
    terms: Text
    created_at: Instant
    obligations: list[ObligationPublic] = []


class OutcomePublic(SQLModel):
    """Where the hearing and its case stand after the outcome."""

    hearing_id: Int
    hearing_status: Text
    case_id: Int
    case_status: Text
    attendance: list[Attendance]
    volunteers: list[VolunteerAttendance] = []
    agreement: AgreementPublic | None = None
    changes: list[Text] = Field(default=[], description="what a correction changed, in words")


class ObligationChange(SQLModel):
    """A correction of one obligation of the agreement: label, target, due date, or removal."""

    id: Int
    label: Text | None = Field(default=None, min_length=1, max_length=200)
    target: Number | None = Field(default=None, gt=0, le=1_000_000)
    due_date: Day | None = None
    remove: Flag = Field(default=False, description="only an obligation with nothing logged")


class OutcomeCorrection(SQLModel):
    """A correction of a recorded outcome; what is left out stays as it is."""

    attendance: list[Attendance] = Field(default=[], max_length=20)
    volunteers: list[VolunteerAttendance] = Field(default=[], max_length=20)
    note: Text | None = Field(default=None, max_length=2000)
    terms: Text | None = Field(default=None, max_length=8000)
    obligations: list[ObligationChange] = Field(default=[], max_length=20)
    add_obligations: list[ObligationCreate] = Field(default=[], max_length=20)


class ServiceLogCreate(SQLModel):
    """Hours worked on a day at a site; verified at once only when the coordinator says so."""

    worked_on: Day
    hours: Number = Field(gt=0, le=24)
    site: Text = Field(default="", max_length=200)
    verified: Flag = False


class ServiceLogPublic(SQLModel):
    """A service log entry."""

    id: Int
    obligation_id: Int
    worked_on: Day
    hours: Number
    site: Text
    status: Text
    reported_by: Text
    verified_by: Text | None
    verified_at: Instant | None


class PaymentCreate(SQLModel):
    """A restitution payment."""

    amount: Number = Field(gt=0, le=1_000_000)
    paid_on: Day
    method: Text = Field(default="", max_length=40)


class PaymentPublic(SQLModel):
    """A recorded payment."""

    id: Int
    obligation_id: Int
    amount: Number
    paid_on: Day
    method: Text
    recorded_by: Text


class CheckInCreate(SQLModel):
    """A check-in made on a day."""

    checked_in_on: Day
    note: Text = Field(default="", max_length=1000)


class CheckInPublic(SQLModel):
    """A recorded check-in."""

    id: Int
    obligation_id: Int
    checked_in_on: Day
    note: Text
    recorded_by: Text


class ObligationComplete(SQLModel):
    """Proof that a letter, essay, class, counselling or other task is done."""

    proof_note: Text = Field(min_length=1, max_length=2000)


class ObligationExtend(SQLModel):
    """A later due date and why."""

    due_date: Day
    reason: Text = Field(min_length=1, max_length=1000)


class CaseReturn(SQLModel):
    """Send a case back to the referring agency, with the reason."""

    reason: Text = Field(min_length=1, max_length=1000)


class VerifyLinkCreate(SQLModel):
    """How long a service site's verification link stays valid."""

    ttl_days: Int = Field(default=14, ge=1, le=60)


class VerifyLinkPublic(SQLModel):
    """A link a service-site supervisor opens to confirm reported hours."""

    url: Text
    expires_on: Day


class TimelineEntry(SQLModel):
    """One line of a case's history: an event, an outbound message or a reply."""

    at: Instant
    type: Text = Field(description="event, message or reply")
    kind: Text | None
    detail: Text
    actor: Text | None = None
    from_status: Text | None = None
    to_status: Text | None = None
    status: Text | None = Field(default=None, description="delivery state of a message")


class VolunteerService(SQLModel):
    """A volunteer's service in a year: hearings sat and hours."""

    volunteer_id: Int
    year: Int
    hearings: Int
    hours: Number
