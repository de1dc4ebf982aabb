"""A volunteer's self-service link: signed, expiring in 30 days, revocable, sent by text.

A link instead of a password: the page (web/selfservice.py) and the MENU reply
(messaging/replies.py) both use it, so it lives below them.
"""

from __future__ import annotations

from sqlmodel import Session

from service import audit
from service.config import get_settings
from service.errors import Invalid, NotFound
from service.messaging.languages import no_catalog_words, text_language
from service.messaging.recipients import may_text
from service.models import Volunteer
from service.outbox.queue import is_suppressed, queue_sms
from service.security import short_sign, short_unsign
from service.volunteers import roster

LINK_DAYS = 30


def _purpose(volunteer: Volunteer) -> str:
    # The version is part of what is signed, so raising it invalidates every older link.
    return f"self.{volunteer.self_service_version}"


def self_service_token(volunteer: Volunteer, *, now: float | None = None) -> str:
    """The signed token of a volunteer's current self-service link."""
    return short_sign(
        get_settings().secret_key, _purpose(volunteer), volunteer.id, LINK_DAYS, now=now
    )


def self_service_link(volunteer: Volunteer) -> str:
    """The full address of the volunteer's self-service page, valid for 30 days."""
    return f"{get_settings().public_base_url}/me/{self_service_token(volunteer)}"


def volunteer_for_token(session: Session, token: str, *, now: float | None = None) -> Volunteer:
    """The active volunteer a valid link belongs to; the same 404 for every other case."""
    try:
        ident = int(token.split(".", 1)[0], 36)
    except ValueError:
        raise NotFound("page not found") from None
    volunteer = session.get(Volunteer, ident) if 0 < ident < 2**31 else None
    if volunteer is None or not volunteer.active:
        raise NotFound("page not found")
    if short_unsign(get_settings().secret_key, _purpose(volunteer), token, now=now) != ident:
        raise NotFound("page not found")
    return volunteer


def revoke_links(session: Session, volunteer: Volunteer) -> None:
    """Make every self-service link issued so far stop working."""
    volunteer.self_service_version += 1
    session.add(volunteer)


def why_not_texted(session: Session, volunteer: Volunteer) -> str | None:
    """Why the link cannot be texted to this volunteer, in words; None when it can."""
    if not volunteer.mobile:
        return "this volunteer has no mobile number to text"
    if not volunteer.sms_consent:
        return "this volunteer has not agreed to receive texts"
    if volunteer.sms_opted_out_at is not None or is_suppressed(session, volunteer.mobile):
        return "this volunteer's number opted out of texts (they replied STOP)"
    if not may_text(volunteer):
        return f"this volunteer {no_catalog_words(volunteer)}; choose to text them in English first"
    return None


def send_link(session: Session, volunteer: Volunteer, caller: audit.Caller) -> None:
    """Text the volunteer their self-service link (audited); Invalid, saying why, when the
    volunteer may not be texted: no number, no consent, or the number opted out."""
    reason = why_not_texted(session, volunteer)
    if reason is not None:
        raise Invalid(f"{reason}; copy the link below and send it another way", field="mobile")
    queue_sms(
        session,
        to=volunteer.mobile,
        template="self_service_link",
        language=text_language(volunteer),
        context={"volunteer_name": volunteer.full_name, "url": self_service_link(volunteer)},
        audience="volunteer",
        kind="self_service_link",
        volunteer_id=volunteer.id,
    )
    audit.by(session, caller, "text_link", "volunteer", volunteer.id, detail="self-service link")


def link_to_copy(session: Session, volunteer: Volunteer, caller: audit.Caller) -> str:
    """A self-service link for the coordinator to copy and send another way (audited, as a
    texted one is: whoever holds it can change the volunteer's availability)."""
    audit.by(session, caller, "copy_link", "volunteer", volunteer.id, detail="self-service link")
    return self_service_link(volunteer)


def calendar_url(volunteer: Volunteer) -> str | None:
    """The volunteer's calendar-feed address, if one was issued."""
    if not volunteer.calendar_token:
        return None
    return f"{get_settings().public_base_url}/calendar/{volunteer.calendar_token}.ics"


def ensure_calendar_url(session: Session, volunteer: Volunteer) -> str:
    """The existing feed address, or a new one when none was issued yet."""
    return calendar_url(volunteer) or roster.rotate_calendar_token(session, volunteer)
