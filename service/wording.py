"""Every code Convene stores, in the words a coordinator reads: statuses, roles, certifications,
referral sources, languages, case events, screening reasons and field errors.

One place, so a page never prints a code: templates use `{{ value|words("case_status") }}`,
`{{ code|language }}`, `{{ role|role_words }}`; use cases call the functions below.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from service.schemas.common import display_phone

WORDS: dict[str, dict[str, str]] = {
    "case_status": {
        "referred": "Referred",
        "scheduled": "Hearing booked",
        "heard": "Heard",
        "agreement": "Agreement in progress",
        "completed": "Completed",
        "returned": "Returned to the referring agency",
        "withdrawn": "Withdrawn",
        "ineligible": "Not eligible",
    },
    "hearing_status": {
        "scheduled": "Scheduled",
        "held": "Held",
        "no_show": "No-show",
        "cancelled": "Cancelled",
        "rescheduled": "To be booked again",
    },
    "seat_status": {
        "proposed": "Proposed, not invited yet",
        "invited": "Invited, no answer yet",
        "accepted": "Accepted",
        "declined": "Declined",
        "replaced": "Replaced",
        "empty": "Empty",
    },
    "confirmation": {
        "pending": "No answer yet",
        "confirmed": "Confirmed",
        "reschedule_requested": "Asked for another time",
        "no_response": "Did not answer",
    },
    "referral_source": {
        "prosecutor": "the prosecutor",
        "police": "the police",
        "community": "a community member",
        "court": "the court",
        "self": "the participant (self-referral)",
    },
    "party_role": {
        "participant": "Participant",
        "other_party": "Other party",
        "victim": "Person harmed",
        "officer": "Officer",
    },
    "user_role": {
        "admin": "Administrator",
        "coordinator": "Coordinator",
        "viewer": "Viewer (read only)",
    },
    "run_status": {
        "proposed": "Proposed, nothing sent yet",
        "published": "Published, volunteers invited",
        "discarded": "Set aside",
    },
    "obligation_status": {
        "open": "Open",
        "completed": "Completed",
        "overdue": "Overdue",
        "waived": "Waived",
    },
    "obligation_kind": {
        "community_service": "Community service",
        "restitution": "Restitution payment",
        "apology_letter": "Apology letter",
        "essay": "Essay",
        "class": "Class",
        "counselling": "Counselling",
        "check_in": "Check-ins",
        "civic_engagement": "Civic engagement hours",
        "other": "Other task",
    },
    "log_status": {
        "reported": "Reported, to verify",
        "verified": "Verified",
        "rejected": "Rejected",
    },
    "attendance": {"present": "Present", "absent": "Absent", "excused": "Excused"},
    "survey_status": {
        "open": "Asking",
        "completed": "Answered",
        "stopped": "Stopped by text (opted out)",
        "unanswered": "Closed without all answers",
        "not_texted": "Not texted",
    },
    "survey_kind": {"scale": "Rating from 1 to 5", "yes_no": "Yes or no"},
    "meeting_mode": {"in_person": "In person", "online": "Online (video meeting)"},
    "message_state": {
        "queued": "queued",
        "sending": "being sent",
        "sent": "sent",
        "delivered": "delivered",
        "undelivered": "not delivered",
        "failed": "not delivered (failed)",
        "received": "received",
        "cancelled": "withdrawn before sending",
    },
    "channel": {"sms": "Text", "email": "Email"},
    "delivery_status": {
        "queued": "waiting to be sent",
        "sending": "being sent",
        "delivered": "delivered",
        "failed": "not delivered (gave up)",
    },
    "webhook_event": {
        "case.referred": "Case referred",
        "hearing.booked": "Hearing booked",
        "hearing.moved": "Hearing moved",
        "hearing.cancelled": "Hearing cancelled",
        "outcome.recorded": "Outcome recorded",
        "case.completed": "Case completed",
        "case.returned": "Case returned",
    },
    "note_kind": {
        "mediation": "Note for the mediators",
        "staff": "Note for coordinators only",
    },
    "intent": {
        "yes": "said yes",
        "no": "said no",
        "reschedule": "asks for another time",
        "stop": "asked to stop texts",
        "maybe_stop": "may want no more texts (asked them)",
        "start": "asked to get texts again",
        "help": "asked for help",
        "unknown": "not clear what they mean",
    },
    "event": {
        "status": "Status changed",
        "party_added": "Person added to the case",
        "consent": "Participant's consent recorded",
        "hearing_booked": "Hearing booked",
        "hearing_moved": "Hearing moved",
        "hearing_cancelled": "Hearing cancelled",
        "no_show": "Participant did not come to the hearing",
        "heard": "Hearing held",
        "outcome": "Outcome recorded",
        "outcome_corrected": "Outcome corrected",
        "seat_assigned": "Volunteer seated by hand",
        "seat_invited": "Volunteer invited",
        "seat_declined": "Volunteer declined",
        "seat_replaced": "Volunteer replaced",
        "seat_unanswered": "Invited volunteer has not answered",
        "panel_published": "Panel published",
        "hours_logged": "Hours reported",
        "hours_verified": "Hours verified",
        "payment": "Payment recorded",
        "check_in": "Check-in recorded",
        "obligation_added": "Agreement task added",
        "obligation_completed": "Agreement task completed",
        "obligation_waived": "Agreement task waived",
        "due_date_extended": "Due date extended",
        "overdue": "Agreement task overdue",
        "verify_link": "Link for the verifier created",
        "note_added": "Note added",
        "reply": "Reply received",
    },
    "job": {
        "deadlines": "Agreement task reminders and overdue flags",
        "no_reply": "Unanswered invitations passed to the coordinator",
        "retention": "Old closed cases anonymised",
    },
    "job_status": {"running": "Running", "succeeded": "Done", "failed": "Failed"},
    "screening": {
        "domestic_violence": "the referral involves domestic violence",
        "sexual_assault": "the referral involves sexual assault",
        "child_abuse": "the referral involves child abuse",
        "protective_order": "there is an active protective order",
    },
}

# What an outbound message was for.
TEXT_WORDS = {
    "volunteer_invite": "invitation to sit on a hearing",
    "volunteer_invite_reminder": "reminder of an invitation",
    "volunteer_cancelled": "cancellation of a hearing",
    "volunteer_hearing_changed": "change to a hearing",
    "volunteer_accepted_ack": "thanks for accepting",
    "volunteer_declined_ack": "thanks for answering",
    "participant_hearing": "hearing notice",
    "participant_reminder": "hearing reminder",
    "participant_hearing_moved": "new hearing time",
    "participant_hearing_cancelled": "hearing cancellation",
    "participant_confirmed_ack": "thanks for confirming",
    "participant_reschedule_ack": "answer to a request for another time",
    "reschedule_options": "other times offered",
    "obligation_reminder": "reminder of an agreement task",
    "case_completed": "case completed notice",
    "staff_reply": "your answer to a text",
    "self_service_link": "link to their own page",
    "which_request": "question about which hearing",
    "help_reply": "help text",
    "unknown_reply": "answer to an unclear text",
    "survey_question": "survey question after a hearing",
    "survey_reminder": "reminder of a survey question",
    "survey_reply": "answer to a survey reply",
    "survey_first": "first survey question after a hearing",
    "survey_next": "next survey question",
    "survey_unclear": "survey question asked again after an unclear answer",
    "survey_thanks": "thanks at the end of the survey",
}


def text_words(kind: str | None) -> str:
    """What an outbound message was for, in words."""
    kind = kind or ""
    calendar = kind.startswith("calendar_")
    base = kind.removeprefix("calendar_")
    words = TEXT_WORDS.get(base, base.replace("_", " ") or "message")
    return f"{words} (calendar invitation)" if calendar else words


# Seat roles and certifications are a program's own names; these are the usual ones.
ROLE_WORDS = {
    "facilitator": "Facilitator",
    "panelist": "Panelist",
    "mediator": "Mediator",
    "case_manager": "Case manager",
}
CERTIFICATION_WORDS = {
    "njp_facilitator": "NJP facilitator certification",
    "njp_panelist": "NJP panelist certification",
    "mediator": "Mediator certification",
}
# Program codes that prefix a certification's name and are spelled in capitals.
_ACRONYMS = {"njp", "drp", "rj", "cdr", "lacdr"}


def humanize(code: str | None) -> str:
    """An unknown code at least without underscores: 'follow_up' -> 'Follow up'."""
    text = str(code or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def words(code: Any, kind: str) -> str:
    """A stored code of one kind (`WORDS`' keys) in words; an unknown code without underscores."""
    if code is None or code == "":
        return ""
    value = getattr(code, "value", code)
    found = WORDS.get(kind, {}).get(str(value))
    return found if found is not None else humanize(str(value))


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 case', '1,200 cases': a count with its noun by CLDR's English plural rule (Babel)."""
    noun = singular if Locale("en").plural_form(n) == "one" else (plural or singular + "s")
    return f"{n:,} {noun}"


def role_words(role: str | None) -> str:
    """A seat's role: 'Facilitator', 'Case manager'."""
    return ROLE_WORDS.get(role or "", humanize(role))


def certification_words(name: str | None) -> str:
    """'njp_facilitator' -> 'NJP facilitator certification'."""
    if not name:
        return ""
    if name in CERTIFICATION_WORDS:
        return CERTIFICATION_WORDS[name]
    parts = name.split("_")
    head = [p.upper() if p in _ACRONYMS else p for p in parts]
    text = " ".join(head)
    text = text[:1].upper() + text[1:]
    return text if "certif" in text.lower() else f"{text} certification"


@lru_cache(maxsize=64)
def language_name(code: str | None) -> str:
    """'es' -> 'Spanish' (Babel's English names); an unknown code as it is."""
    if not code:
        return ""
    # A bare code by its own name: Babel would read 'tl' as Filipino (Philippines), not Tagalog.
    bare = Locale("en").languages.get(str(code).lower())
    if bare:
        return bare
    try:
        return Locale.parse(str(code).replace("-", "_")).get_display_name("en") or str(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return str(code)


def phone_words(number: str | None) -> str:
    """A stored number as people write it: (323) 555-0142."""
    return display_phone(number) if number else ""


def screening_words(key: str) -> str:
    """A statutory exclusion as a reason: 'Not eligible: the referral involves domestic violence'."""
    return "Not eligible: " + WORDS["screening"].get(key, humanize(key).lower())


def status_change(from_status: str | None, to_status: str | None) -> str:
    """'Status changed: Referred → Hearing booked'; '' when nothing changed."""
    if not to_status or from_status == to_status:
        return ""
    if not from_status:
        return f"Status set to {words(to_status, 'case_status')}"
    return (
        f"Status changed: {words(from_status, 'case_status')} → {words(to_status, 'case_status')}"
    )


# --- Field errors: pydantic's messages in plain English, naming what is expected. ---

EXPECTED = {
    "date": "give a date like 2026-03-14",
    "datetime": "give a date and time like 2026-03-14 18:30",
    "time": "give a time like 18:30",
    "int": "give a whole number",
    "float": "give a number like 2.5",
    "decimal": "give an amount like 25.00",
    "bool": "tick the box or leave it empty",
}


def _value(raw: Any) -> str:
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def error_words(error: dict) -> str:
    """One pydantic error as a sentence: '12345 is not a phone number: give a number like
    (213) 555-0100', 'give a date like 2026-03-14'."""
    kind = str(error.get("type", ""))
    msg = str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    ctx = error.get("ctx") or {}
    raw = error.get("input")
    given = _value(raw) if isinstance(raw, str | int | float) and str(raw).strip() else ""
    if kind == "missing" or (kind == "string_too_short" and not given):
        return "this is needed"
    for prefix, expected in EXPECTED.items():
        if kind.startswith(prefix + "_") or kind == prefix + "_type":
            return f"{given} is not right: {expected}" if given else expected
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return f"at least {ctx.get('min_length')} characters"
    if kind == "enum" or kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return (
            f"{given} is not one of the choices ({expected})"
            if given
            else f"choose one of {expected}"
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        limit = f"{limit:g}" if isinstance(limit, int | float) else limit
        words_for = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        return (
            f"{given} is too {'small' if 'greater' in kind else 'large'}: give {words_for} {limit}"
        )
    if "phone number" in msg:
        return f"{given or 'this'} is not a phone number: give a number like (213) 555-0100"
    if "ZIP code" in msg:
        return f"{given or 'this'} is not a US ZIP code we know: give 5 digits 0-9, like 90028"
    if "email address" in msg:
        return f"{given or 'this'} is not an email address: give one like name@example.org"
    if kind == "value_error" and given and f"{raw!r}" in msg:
        msg = msg.replace(f"{raw!r}", given)
    return msg[:1].lower() + msg[1:] if msg else "this is not right"


def field_sentence(label: str, reason: str) -> str:
    """'Mobile number of the participant: 12345 is not a phone number'."""
    return f"{label}: {reason}" if label else reason[:1].upper() + reason[1:]
