"""Every stored code has words, and pydantic's errors read as plain sentences."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, Field, ValidationError

from service import wording
from service.models import base
from service.schemas.common import Phone

ENUMS = {
    "case_status": base.CaseStatus,
    "hearing_status": base.HearingStatus,
    "seat_status": base.SeatStatus,
    "confirmation": base.ConfirmationStatus,
    "referral_source": base.ReferralSource,
    "party_role": base.PartyRole,
    "user_role": base.Role,
    "run_status": base.RunStatus,
    "obligation_status": base.ObligationStatus,
    "obligation_kind": base.ObligationKind,
    "log_status": base.ServiceLogStatus,
    "attendance": base.AttendanceMark,
    "meeting_mode": base.MeetingMode,
    "message_state": base.MessageStatus,
    "survey_status": base.SurveyStatus,
    "survey_kind": base.SurveyKind,
    "delivery_status": base.DeliveryStatus,
    "webhook_event": base.WebhookEvent,
}


@pytest.mark.parametrize("kind", sorted(ENUMS))
def test_every_status_has_words(kind):
    missing = [m.value for m in ENUMS[kind] if m.value not in wording.WORDS[kind]]
    assert missing == [], f"{kind} has no words for {missing}"
    assert all("_" not in words for words in wording.WORDS[kind].values())


def test_codes_in_words():
    assert wording.words("reschedule_requested", "confirmation") == "Asked for another time"
    assert wording.words(base.CaseStatus.scheduled, "case_status") == "Hearing booked"
    assert wording.words("something_new", "case_status") == "Something new"  # never a code
    assert wording.certification_words("njp_facilitator") == "NJP facilitator certification"
    assert wording.certification_words("public_safety_mediator") == (
        "Public safety mediator certification"
    )
    assert wording.role_words("case_manager") == "Case manager"
    assert wording.language_name("es") == "Spanish" and wording.language_name("hy") == "Armenian"
    assert wording.phone_words("+13235550142") == "(323) 555-0142"
    assert wording.screening_words("domestic_violence") == (
        "Not eligible: the referral involves domestic violence"
    )
    assert wording.status_change("referred", "referred") == ""
    assert wording.status_change("referred", "scheduled") == (
        "Status changed: Referred → Hearing booked"
    )


class _Form(BaseModel):
    mobile: Phone = None
    day: date | None = None
    hours: float = Field(default=0, le=24)
    name: str = Field(min_length=1)


def _errors(**data) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate(data)
    return {str(e["loc"][0]): wording.error_words(e) for e in caught.value.errors()}


def test_pydantic_errors_in_plain_english():
    errors = _errors(mobile="12345", day="soon", hours="25", name="")
    assert errors["mobile"] == "12345 is not a phone number: give a number like (213) 555-0100"
    assert errors["day"] == "soon is not right: give a date like 2026-03-14"
    assert errors["hours"] == "25 is too large: give at most 24"
    assert errors["name"] == "this is needed"
    assert _errors(hours="lots", name="x")["hours"] == "lots is not right: give a number like 2.5"
    assert _errors()["name"] == "this is needed"


def test_counted_uses_the_plural_only_when_english_does():
    from service.wording import counted

    assert counted(1, "case") == "1 case"
    assert counted(0, "case") == "0 cases"
    assert counted(1200, "person", "people") == "1,200 people"
