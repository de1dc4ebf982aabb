"""Today's words: its lists' titles, relative days, phone numbers, what a text was for, what a reply said."""

from __future__ import annotations

from datetime import date

from service.schemas.common import display_phone
from service.wording import WORDS, text_words  # noqa: F401 (Today's words use them)

INTENT_WORDS = WORDS["intent"]

# Today's lists, in the order the page shows them, by key (the key is also the list's own page)
SECTIONS = {
    "referrals": "Referrals without a hearing",
    "outcomes": "Hearings waiting for their outcome",
    "agreements": "Heard cases without an agreement",
    "seats": "Hearings with seats to fill",
    "requests": "Requests for another time and hearings to decide",
    "replies": "Replies to read",
    "texts": "Texts not delivered",
    "languages": "People Convene cannot text in their language",
    "volunteer_languages": "Volunteers Convene cannot text in their language",
    "hours": "Hours to verify",
    "obligations": "Obligations overdue or due this week",
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
    return display_phone(number) if number else "an unknown number"
