"""All tables, imported together so SQLModel.metadata is complete."""

from service.models.accounts import ApiToken, AuditEvent, User, UserProgram, WebSession
from service.models.cases import Case, CaseEvent, Party, Person
from service.models.conversations import ReplyContext
from service.models.hearings import Hearing, PartyConfirmation, SeatAssignment
from service.models.idempotency import IdempotencyRecord
from service.models.integrations import WebhookDelivery, WebhookSubscription
from service.models.jobs import JobRun
from service.models.matching import MatchingRun
from service.models.messaging import InboundMessage, Message, SmsSuppression
from service.models.notes import CaseNote
from service.models.outcomes import Agreement, Obligation, Payment, ServiceLog
from service.models.programs import (
    HearingKind,
    Neighborhood,
    ObligationType,
    Program,
    SeatRequirement,
    Venue,
    VenueWindow,
)
from service.models.surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyQuestionText
from service.models.volunteers import (
    AvailabilityWindow,
    Blackout,
    Certification,
    Conflict,
    Volunteer,
    VolunteerLanguage,
)

__all__ = [
    "Agreement",
    "ApiToken",
    "AuditEvent",
    "AvailabilityWindow",
    "Blackout",
    "Case",
    "CaseEvent",
    "CaseNote",
    "Certification",
    "Conflict",
    "Hearing",
    "HearingKind",
    "IdempotencyRecord",
    "JobRun",
    "InboundMessage",
    "MatchingRun",
    "Message",
    "Neighborhood",
    "Obligation",
    "ObligationType",
    "Party",
    "PartyConfirmation",
    "Payment",
    "Person",
    "Program",
    "ReplyContext",
    "SeatAssignment",
    "SeatRequirement",
    "ServiceLog",
    "SmsSuppression",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyQuestionText",
    "User",
    "UserProgram",
    "Venue",
    "VenueWindow",
    "Volunteer",
    "VolunteerLanguage",
    "WebSession",
    "WebhookDelivery",
    "WebhookSubscription",
]

# Registers the session hook that keeps `updated_at` (imported last: it needs the tables above).
from service.models import changes as _changes  # noqa: E402,F401
from service.models import numbers as _numbers  # noqa: E402,F401  (an opt-out follows the number)
