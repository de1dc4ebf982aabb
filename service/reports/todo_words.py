"""Today's words: relative days, phone numbers, what a text was for, what a reply said."""

from __future__ import annotations

from datetime import date

import phonenumbers

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
}
INTENT_WORDS = {
    "yes": "said yes",
    "no": "said no",
    "reschedule": "asks for another time",
    "stop": "asked to stop texts",
    "start": "asked to get texts again",
    "help": "asked for help",
    "unknown": "not clear what they mean",
}


def days_word(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days', 'yesterday', '3 days ago'."""
    n = (day - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n == -1:
        return "yesterday"
    return f"in {n} days" if n > 0 else f"{-n} days ago"


def waiting_word(since: date, today: date) -> str:
    """'waiting since today', 'waiting 1 day', 'waiting 14 days'."""
    n = (today - since).days
    if n <= 0:
        return "waiting since today"
    return f"waiting {n} day{'s' if n != 1 else ''}"


def phone_words(number: str | None) -> str:
    """A phone number as people write it: (213) 555-0100."""
    if not number:
        return "an unknown number"
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def text_words(kind: str | None) -> str:
    """What an outbound message was for, in words."""
    kind = kind or ""
    calendar = kind.startswith("calendar_")
    base = kind.removeprefix("calendar_")
    words = TEXT_WORDS.get(base, base.replace("_", " ") or "message")
    return f"{words} (calendar invitation)" if calendar else words
