"""Schemas for persons, cases and parties."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import EmailStr, Field, model_validator
from sqlmodel import SQLModel

from service.models.base import CaseStatus, PartyRole, ReferralSource
from service.schemas.common import Language, Phone, ZipCode


class PersonBase(SQLModel):
    """A person's contact details."""

    full_name: str = Field(min_length=1, max_length=200)
    mobile: Phone = None
    email: EmailStr | None = None
    language: Language = "en"
    zip: ZipCode = None
    sms_consent: bool = False


class PersonCreate(PersonBase):
    """A new person."""


class PersonUpdate(SQLModel):
    """Contact details that may change."""

    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    mobile: Phone = None
    email: EmailStr | None = None
    language: Language | None = None
    zip: ZipCode = None
    sms_consent: bool | None = None


class PersonPublic(PersonBase):
    """A person as stored."""

    id: int
    sms_opted_out_at: datetime | None = None


class PartyCreate(SQLModel):
    """A party to a case: an existing person by id, or a new person."""

    role: PartyRole
    person_id: int | None = None
    person: PersonCreate | None = None

    @model_validator(mode="after")
    def _one_person(self):
        if (self.person_id is None) == (self.person is None):
            raise ValueError("give exactly one of person_id or person")
        return self


class PartyPublic(SQLModel):
    """A party as stored."""

    id: int
    role: PartyRole
    person: PersonPublic


class Screening(SQLModel):
    """The eligibility questions asked at intake."""

    domestic_violence: bool = False
    sexual_assault: bool = False
    child_abuse: bool = False
    protective_order: bool = False
    prior_record: bool = False


class CaseCreate(SQLModel):
    """A referral: the case, its screening answers and its parties."""

    program_id: int
    external_ref: str = Field(min_length=1, max_length=64)
    referral_source: ReferralSource = ReferralSource.prosecutor
    description: str = Field(default="", max_length=4000)
    neighborhood_id: int | None = None
    zip: ZipCode = None
    referred_on: date | None = None
    consent: bool = False
    screening: Screening = Screening()
    due_date: date | None = None
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


class CaseUpdate(SQLModel):
    """Fields of a case that may change; a status change is checked against the case's flow."""

    description: str | None = Field(default=None, max_length=4000)
    neighborhood_id: int | None = None
    zip: ZipCode = None
    due_date: date | None = None
    consent: bool | None = None
    status: CaseStatus | None = None
    close_reason: str | None = Field(default=None, max_length=1000)


class CasePublic(SQLModel):
    """A case as stored, with its parties."""

    id: int
    program_id: int
    external_ref: str
    referral_source: ReferralSource
    description: str
    neighborhood_id: int | None
    zip: str | None
    status: CaseStatus
    referred_on: date
    consent_at: datetime | None
    due_date: date | None
    closed_at: datetime | None
    close_reason: str | None
    created_at: datetime
    parties: list[PartyPublic] = []


class CaseEventPublic(SQLModel):
    """One entry in a case's history."""

    at: datetime
    kind: str
    from_status: str | None
    to_status: str | None
    detail: str
    actor: str
