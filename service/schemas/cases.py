"""Schemas for persons, cases and parties."""

from __future__ import annotations

from pydantic import EmailStr, Field, model_validator
from sqlmodel import SQLModel

from service.models.base import CaseStatus, PartyRole, ReferralSource
from service.schemas.common import Changes, Day, Flag, Instant, Int, Language, Phone, Text, ZipCode


class PersonBase(SQLModel):
    """A person's contact details."""

    full_name: Text = Field(min_length=1, max_length=200)
    mobile: Phone = None
    email: EmailStr | None = None
    language: Language = "en"
    zip: ZipCode = None
    sms_consent: Flag = False


class PersonCreate(PersonBase):
    """A new person."""


class PersonUpdate(Changes):
    """Contact details that may change."""

    clearable = frozenset({"mobile", "email", "zip"})

    full_name: Text | None = Field(default=None, min_length=1, max_length=200)
    mobile: Phone = None
    email: EmailStr | None = None
    language: Language | None = None
    zip: ZipCode = None
    sms_consent: Flag | None = None


class PersonPublic(PersonBase):
    """A person as stored."""

    id: Int
    sms_opted_out_at: Instant | None = None
    # Read-only: the language texts go out in (null: not texted), and when a coordinator chose
    # English for someone whose language Convene cannot text (service/messaging/languages.py).
    texts_in: str | None = None
    texts_in_english_ok_at: Instant | None = None


class PartyCreate(SQLModel):
    """A party to a case: an existing person by id, or a new person."""

    role: PartyRole
    person_id: Int | None = None
    person: PersonCreate | None = None

    @model_validator(mode="after")
    def _one_person(self):
        if (self.person_id is None) == (self.person is None):
            raise ValueError("give exactly one of person_id or person")
        return self


class PartyPublic(SQLModel):
    """A party as stored."""

    id: Int
    role: PartyRole
    person: PersonPublic


class Screening(SQLModel):
    """The eligibility questions asked at intake."""

    domestic_violence: Flag = False
    sexual_assault: Flag = False
    child_abuse: Flag = False
    protective_order: Flag = False
    prior_record: Flag = False


class CaseCreate(SQLModel):
    """A referral: the case, its screening answers and its parties."""

    program_id: Int
    external_ref: Text = Field(min_length=1, max_length=64)
    referral_source: ReferralSource = ReferralSource.prosecutor
    description: Text = Field(default="", max_length=4000)
    neighborhood_id: Int | None = None
    zip: ZipCode = None
    referred_on: Day | None = None
    consent: Flag = False
    screening: Screening = Screening()
    due_date: Day | None = None
    parties: list[PartyCreate] = Field(default=[], max_length=20)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "program_id": 1,
                    "external_ref": "CA-2026-004512",
                    "referral_source": "prosecutor",
                    "description": "Shoplifting under $100; first contact.",
                    "zip": "90028",
                    "consent": True,
                    "screening": {"domestic_violence": False, "protective_order": False},
                    "parties": [
                        {
                            "role": "participant",
                            "person": {
                                "full_name": "Jordan Lee",
                                "mobile": "323-555-0199",
                                "language": "en",
                                "sms_consent": True,
                            },
                        },
                        {
                            "role": "victim",
                            "person": {
                                "full_name": "Store manager, Sunset Blvd market",
                                "language": "es",
                            },
                        },
                    ],
                }
            ]
        }
    }

    @model_validator(mode="after")
    def _one_participant_at_least(self):
        if self.parties and not any(p.role == PartyRole.participant for p in self.parties):
            raise ValueError("parties must include the participant")
        return self


class CaseUpdate(Changes):
    """Fields of a case that may change; a status change is checked against the case's flow."""

    clearable = frozenset({"neighborhood_id", "zip", "due_date", "close_reason"})

    description: Text | None = Field(default=None, max_length=4000)
    neighborhood_id: Int | None = None
    zip: ZipCode = None
    due_date: Day | None = None
    consent: Flag | None = None
    status: CaseStatus | None = None
    close_reason: Text | None = Field(default=None, max_length=1000)


class CasePublic(SQLModel):
    """A case as stored, with its parties."""

    id: Int
    program_id: Int
    external_ref: Text
    referral_source: ReferralSource
    description: Text
    neighborhood_id: Int | None
    zip: Text | None
    status: CaseStatus
    referred_on: Day
    consent_at: Instant | None
    due_date: Day | None
    closed_at: Instant | None
    close_reason: Text | None
    created_at: Instant
    updated_at: Instant = Field(description="last change to the case, its parties or their details")
    parties: list[PartyPublic] = []


class CaseEventPublic(SQLModel):
    """One entry in a case's history."""

    at: Instant
    kind: Text
    from_status: Text | None
    to_status: Text | None
    detail: Text
    actor: Text
