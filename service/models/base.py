"""Shared column helpers and the enumerations that tables check."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, FetchedValue
from sqlmodel import Field

from service.db import UtcDateTime, utcnow


def utc_field(*, nullable: bool = False, index: bool = False, default_now: bool = False) -> Any:
    """A timezone-aware UTC timestamp column."""
    if default_now:
        return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=nullable, index=index)
    return Field(default=None, sa_type=UtcDateTime, nullable=nullable, index=index)


def changed_field() -> Any:
    """When the row last changed: set by every ORM update, NULL until the first.

    Left out of INSERTs (the server "default" is NULL), so code and tests that write rows on an
    older schema through the models still work; a row's creation shows in whatever refers to it.
    """
    return Field(
        default=None,
        sa_type=UtcDateTime,
        nullable=True,
        sa_column_kwargs={"server_default": FetchedValue(), "onupdate": utcnow},
    )


def check_in(column: str, enum: type[StrEnum], name: str) -> CheckConstraint:
    """A CHECK constraint that keeps a text column within an enumeration."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=name)


class Weekday(StrEnum):
    """Days as FORMAT.md spells them."""

    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


WEEKDAYS = [d.value for d in Weekday]


class Role(StrEnum):
    """What a user may do."""

    admin = "admin"
    coordinator = "coordinator"
    viewer = "viewer"


class CaseStatus(StrEnum):
    """A case's life: referred, scheduled, heard, agreement, then completed/returned/withdrawn.

    `ineligible` is a referral the eligibility screen refused: stored (so "referred" counts
    everything received) with the reason, closed at once; it gets no hearing and no texts.
    """

    referred = "referred"
    scheduled = "scheduled"
    heard = "heard"
    agreement = "agreement"
    completed = "completed"
    returned = "returned"
    withdrawn = "withdrawn"
    ineligible = "ineligible"


class ReferralSource(StrEnum):
    """Who sent the referral."""

    prosecutor = "prosecutor"
    police = "police"
    community = "community"
    court = "court"
    self_referral = "self"


class PartyRole(StrEnum):
    """A person's part in a case."""

    participant = "participant"
    other_party = "other_party"
    victim = "victim"
    officer = "officer"


class HearingStatus(StrEnum):
    """Where a hearing stands."""

    scheduled = "scheduled"
    held = "held"
    no_show = "no_show"
    cancelled = "cancelled"
    rescheduled = "rescheduled"


class MeetingMode(StrEnum):
    """How a hearing meets: at a venue's address, or by video (an online venue)."""

    in_person = "in_person"
    online = "online"


class SeatStatus(StrEnum):
    """A volunteer's seat on a hearing."""

    proposed = "proposed"
    invited = "invited"
    accepted = "accepted"
    declined = "declined"
    replaced = "replaced"


ACTIVE_SEAT_STATUSES = (SeatStatus.invited.value, SeatStatus.accepted.value)
# A seat that keeps its volunteer busy at the hearing's time (proposed, invited or accepted).
HOLDING_SEAT = (SeatStatus.proposed.value, SeatStatus.invited.value, SeatStatus.accepted.value)


class RunStatus(StrEnum):
    """A matching run: a proposal, published as invitations, or set aside."""

    proposed = "proposed"
    published = "published"
    discarded = "discarded"


class ServiceLogStatus(StrEnum):
    """Hours logged: reported by the participant, verified by the program, or rejected."""

    reported = "reported"
    verified = "verified"
    rejected = "rejected"


class AttendanceMark(StrEnum):
    """Whether someone came to a hearing: there, missing, or missing with leave."""

    present = "present"
    absent = "absent"
    excused = "excused"


class ConfirmationStatus(StrEnum):
    """A party's answer to a hearing."""

    pending = "pending"
    confirmed = "confirmed"
    reschedule_requested = "reschedule_requested"
    no_response = "no_response"


class ObligationKind(StrEnum):
    """What an agreement can ask of a participant."""

    community_service = "community_service"
    restitution = "restitution"
    apology_letter = "apology_letter"
    essay = "essay"
    class_ = "class"
    counselling = "counselling"
    check_in = "check_in"
    civic_engagement = "civic_engagement"
    other = "other"


class ObligationStatus(StrEnum):
    """Progress of one obligation."""

    open = "open"
    completed = "completed"
    overdue = "overdue"
    waived = "waived"


class Channel(StrEnum):
    """How a message travels."""

    sms = "sms"
    email = "email"


class Direction(StrEnum):
    """Which way a message travels."""

    outbound = "outbound"
    inbound = "inbound"


class DeliveryStatus(StrEnum):
    """A webhook delivery's state: queued (also between retries), sending, delivered, failed."""

    queued = "queued"
    sending = "sending"
    delivered = "delivered"
    failed = "failed"


class WebhookEvent(StrEnum):
    """What a webhook subscription can be told about."""

    case_referred = "case.referred"
    hearing_booked = "hearing.booked"
    hearing_moved = "hearing.moved"
    hearing_cancelled = "hearing.cancelled"
    outcome_recorded = "outcome.recorded"
    case_completed = "case.completed"
    case_returned = "case.returned"


class MessageStatus(StrEnum):
    """A message's delivery state; see docs/DESIGN.md §3."""

    queued = "queued"
    sending = "sending"
    sent = "sent"
    delivered = "delivered"
    undelivered = "undelivered"
    failed = "failed"
    received = "received"
    cancelled = "cancelled"


class SurveyStatus(StrEnum):
    """A party's survey after a hearing: asking, answered, stopped, closed unanswered, not sent."""

    open = "open"
    completed = "completed"
    stopped = "stopped"
    unanswered = "unanswered"
    not_texted = "not_texted"


class SurveyKind(StrEnum):
    """How a survey question is answered: a rating from 1 to 5, or yes or no."""

    scale = "scale"
    yes_no = "yes_no"
